import { Injectable } from '@nestjs/common';
import { ApiError, newResourceId, type PageRequest } from '@libs/api-common';
import { AccessService, ApiKeyVerifierService, type Principal } from '@libs/auth';
import { RoleBindingRepository, ServiceAccountRepository, type ServiceAccount } from '@libs/db';
import type { CreateServiceAccountDto, UpdateServiceAccountDto } from '../dto/service-account.dto';
import { keepLastOrganizationAdmin } from './last-admin';

const notFound = (id: string) => new ApiError(404, 'service_account_not_found', `Service account ${id} not found`);

@Injectable()
export class ListServiceAccounts {
  constructor(
    private readonly accounts: ServiceAccountRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, page: PageRequest, displayNames?: string[]) {
    await this.access.requireOrganizationAdmin(p);
    return this.accounts.list(p.scope, page, displayNames);
  }
}

@Injectable()
export class GetServiceAccount {
  constructor(
    private readonly accounts: ServiceAccountRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, id: string): Promise<ServiceAccount> {
    const sa = await this.accounts.get(p.scope, id);
    if (!sa) throw notFound(id);
    if (id !== p.serviceAccountId) await this.access.requireOrganizationAdmin(p);
    return sa;
  }
}

@Injectable()
export class CreateServiceAccount {
  constructor(
    private readonly accounts: ServiceAccountRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, dto: CreateServiceAccountDto): Promise<ServiceAccount> {
    await this.access.requireOrganizationAdmin(p);
    if (await this.accounts.findByName(p.scope, dto.display_name)) {
      throw ApiError.conflict(`Service account "${dto.display_name}" already exists`, { pointer: '/display_name' });
    }
    return this.accounts.create(p.scope, {
      id: newResourceId('sa'),
      displayName: dto.display_name,
      description: dto.description ?? '',
    });
  }
}

@Injectable()
export class UpdateServiceAccount {
  constructor(
    private readonly accounts: ServiceAccountRepository,
    private readonly get: GetServiceAccount,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, id: string, dto: UpdateServiceAccountDto): Promise<ServiceAccount> {
    await this.get.execute(p, id);
    await this.access.requireOrganizationAdmin(p);
    if (dto.display_name) {
      const clash = await this.accounts.findByName(p.scope, dto.display_name);
      if (clash && clash.id !== id)
        throw ApiError.conflict(`Service account "${dto.display_name}" already exists`, { pointer: '/display_name' });
    }
    const updated = await this.accounts.update(p.scope, id, {
      displayName: dto.display_name,
      description: dto.description,
    });
    if (!updated) throw notFound(id);
    return updated;
  }
}

@Injectable()
export class DeleteServiceAccount {
  constructor(
    private readonly accounts: ServiceAccountRepository,
    private readonly get: GetServiceAccount,
    private readonly access: AccessService,
    private readonly verifier: ApiKeyVerifierService,
    private readonly bindings: RoleBindingRepository,
  ) {}

  async execute(p: Principal, id: string): Promise<void> {
    await this.get.execute(p, id);
    await this.access.requireOrganizationAdmin(p);
    await keepLastOrganizationAdmin(this.bindings, p.scope, `User:${id}`);
    const removedKeys = await this.accounts.delete(p.scope, id);
    if (removedKeys === null) throw notFound(id);
    // Its keys die with it, everywhere, now.
    await Promise.all(removedKeys.map((k) => this.verifier.announceInvalidation(k)));
    await this.access.announceChange(p.organizationId, `User:${id}`);
  }
}
