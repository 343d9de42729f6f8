import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { IamPresenter } from './iam.presenter';
import { RoleBindingsController } from './role-bindings.controller';
import { ServiceAccountsController } from './service-accounts.controller';
import { CreateApiKey, DeleteApiKey, GetApiKey, ListApiKeys, UpdateApiKey } from './usecases/api-keys.usecases';
import {
  CreateRoleBinding,
  DeleteRoleBinding,
  GetRoleBinding,
  ListRoleBindings,
} from './usecases/role-bindings.usecases';
import {
  CreateServiceAccount,
  DeleteServiceAccount,
  GetServiceAccount,
  ListServiceAccounts,
  UpdateServiceAccount,
} from './usecases/service-accounts.usecases';

@Module({
  controllers: [ServiceAccountsController, ApiKeysController, RoleBindingsController],
  providers: [
    IamPresenter,
    ListServiceAccounts,
    GetServiceAccount,
    CreateServiceAccount,
    UpdateServiceAccount,
    DeleteServiceAccount,
    ListApiKeys,
    GetApiKey,
    CreateApiKey,
    UpdateApiKey,
    DeleteApiKey,
    ListRoleBindings,
    GetRoleBinding,
    CreateRoleBinding,
    DeleteRoleBinding,
  ],
})
export class IamModule {}
