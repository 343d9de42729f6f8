import { Module } from '@nestjs/common';
import { CmkModule } from '../cmk/cmk.module';
import { OrgModule } from '../org/org.module';
import { ClusterProvisioner } from '../cmk/cluster-provisioner';
import { OperatorController } from './operator.controller';
import { OperatorGuard } from './operator.guard';
import { OnboardOrganization } from './usecases/onboard-organization.usecase';
import { DeleteTenant, GetTenant, SetTenantState } from './usecases/tenant-lifecycle.usecases';

@Module({
  imports: [OrgModule, CmkModule],
  controllers: [OperatorController],
  providers: [OperatorGuard, OnboardOrganization, GetTenant, SetTenantState, DeleteTenant, ClusterProvisioner],
  exports: [OnboardOrganization],
})
export class OperatorModule {}
