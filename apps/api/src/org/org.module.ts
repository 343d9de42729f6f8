import { Module } from '@nestjs/common';
import { EnvironmentsController } from './environments.controller';
import { OrganizationsController } from './organizations.controller';
import { OrgPresenter } from './org.presenter';
import {
  CreateEnvironment,
  DeleteEnvironment,
  GetEnvironment,
  ListEnvironments,
  UpdateEnvironment,
} from './usecases/environments.usecases';
import { GetOrganization, UpdateOrganization } from './usecases/organizations.usecases';

@Module({
  controllers: [EnvironmentsController, OrganizationsController],
  providers: [
    OrgPresenter,
    GetEnvironment,
    ListEnvironments,
    CreateEnvironment,
    UpdateEnvironment,
    DeleteEnvironment,
    GetOrganization,
    UpdateOrganization,
  ],
  exports: [OrgPresenter, GetEnvironment],
})
export class OrgModule {}
