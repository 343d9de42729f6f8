import { Injectable } from '@nestjs/common';
import { ApiError, newResourceId, parseCrn, type PageRequest } from '@libs/api-common';
import { AccessService, ROLE_SCOPES, type Principal } from '@libs/auth';
import {
  EnvironmentRepository,
  KafkaClusterRepository,
  RoleBindingRepository,
  ServiceAccountRepository,
  type RoleBinding,
} from '@libs/db';
import type { CreateRoleBindingDto } from '../dto/role-binding.dto';
import { keepLastOrganizationAdmin } from './last-admin';

const bindingNotFound = (id: string) => ApiError.notFound(`Role binding ${id} not found`);

/** Org-scoped bindings are the org admin's; narrower ones also their environment's admins'. */
async function requireBindingAdmin(access: AccessService, p: Principal, crnPattern: string): Promise<void> {
  const c = parseCrn(crnPattern);
  if (c.environment) return access.requireEnvironmentAdmin(p, c.environment);
  return access.requireOrganizationAdmin(p);
}

@Injectable()
export class ListRoleBindings {
  constructor(
    private readonly bindings: RoleBindingRepository,
    private readonly access: AccessService,
  ) {}

  async execute(
    p: Principal,
    page: PageRequest,
    filter: { principal?: string; roleName?: string; crnPattern?: string },
  ) {
    const scopes = await this.access.scopes(p);
    if (!scopes.organizationAdmin && filter.principal !== `User:${p.serviceAccountId}`) {
      const env = filter.crnPattern ? parseCrn(filter.crnPattern).environment : undefined;
      if (!env || !scopes.environments.has(env)) throw ApiError.forbidden();
    }
    return this.bindings.list(p.scope, page, {
      principal: filter.principal,
      roleName: filter.roleName,
      crnPatternContains: filter.crnPattern,
    });
  }
}

@Injectable()
export class GetRoleBinding {
  constructor(
    private readonly bindings: RoleBindingRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, id: string): Promise<RoleBinding> {
    const rb = await this.bindings.get(p.scope, id);
    if (!rb) throw bindingNotFound(id);
    if (rb.principal !== `User:${p.serviceAccountId}`) await requireBindingAdmin(this.access, p, rb.crnPattern);
    return rb;
  }
}

@Injectable()
export class CreateRoleBinding {
  constructor(
    private readonly bindings: RoleBindingRepository,
    private readonly accounts: ServiceAccountRepository,
    private readonly environments: EnvironmentRepository,
    private readonly clusters: KafkaClusterRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, dto: CreateRoleBindingDto): Promise<RoleBinding> {
    const scope = ROLE_SCOPES[dto.role_name];
    if (!scope) {
      throw ApiError.badRequest(`role_name must be one of ${Object.keys(ROLE_SCOPES).join(', ')}`, {
        pointer: '/role_name',
      });
    }
    const c = parseCrn(dto.crn_pattern);
    const pointer = { pointer: '/crn_pattern' };
    if (!c.valid || !c.organization)
      throw ApiError.badRequest('crn_pattern is not a CRN of the form crn://confluent.cloud/organization=…', pointer);
    // Another tenant's organization is, for this caller, a resource that does not exist.
    if (c.organization !== p.organizationId)
      throw ApiError.notFound(`Organization ${c.organization} not found`, pointer);
    const level = c.cluster ? 'cluster' : c.environment ? 'environment' : 'organization';
    if (level !== scope)
      throw ApiError.badRequest(
        `${dto.role_name} binds at ${scope} scope; crn_pattern names a${level === 'organization' ? 'n' : ''} ${level}`,
        pointer,
      );
    if (c.environment && !(await this.environments.get(p.scope, c.environment))) {
      throw ApiError.notFound(`Environment ${c.environment} not found`, pointer);
    }
    if (c.cluster) {
      const cluster = await this.clusters.get(p.scope, c.cluster);
      if (!cluster || cluster.environmentId !== c.environment)
        throw ApiError.notFound(`Kafka cluster ${c.cluster} not found`, pointer);
    }
    const saId = dto.principal.slice('User:'.length);
    if (!(await this.accounts.get(p.scope, saId))) {
      throw new ApiError(404, 'service_account_not_found', `Service account ${saId} not found`, {
        pointer: '/principal',
      });
    }
    await requireBindingAdmin(this.access, p, dto.crn_pattern);
    if (await this.bindings.find(p.scope, dto.principal, dto.role_name, dto.crn_pattern)) {
      throw ApiError.conflict('This role binding already exists');
    }
    const rb = await this.bindings.create(p.scope, {
      id: newResourceId('rb'),
      principal: dto.principal,
      roleName: dto.role_name,
      crnPattern: dto.crn_pattern,
    });
    await this.access.announceChange(p.organizationId, dto.principal);
    return rb;
  }
}

@Injectable()
export class DeleteRoleBinding {
  constructor(
    private readonly bindings: RoleBindingRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, id: string): Promise<RoleBinding> {
    const rb = await this.bindings.get(p.scope, id);
    if (!rb) throw bindingNotFound(id);
    await requireBindingAdmin(this.access, p, rb.crnPattern);
    if (rb.roleName === 'OrganizationAdmin') await keepLastOrganizationAdmin(this.bindings, p.scope, rb.principal);
    await this.bindings.delete(p.scope, id);
    await this.access.announceChange(p.organizationId, rb.principal);
    return rb;
  }
}
