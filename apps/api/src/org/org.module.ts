import { Module } from '@nestjs/common';
import { EnvironmentCache } from './environment-cache';
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
    EnvironmentCache,
    GetEnvironment,
    ListEnvironments,
    CreateEnvironment,
    UpdateEnvironment,
    DeleteEnvironment,
    GetOrganization,
    UpdateOrganization,
  ],
  exports: [OrgPresenter, GetEnvironment, EnvironmentCache],
})
export class OrgModule {}
