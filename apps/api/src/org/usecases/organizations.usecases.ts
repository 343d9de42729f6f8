import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import { AccessService, type Principal } from '@libs/auth';
import { OrganizationRepository, type Organization } from '@libs/db';
import type { UpdateOrganizationDto } from '../dto/organization.dto';

@Injectable()
export class GetOrganization {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly access: AccessService,
  ) {}

  /** A tenant only ever sees its own organization; any other id is 404. */
  async execute(p: Principal, id: string): Promise<Organization> {
    if (id !== p.organizationId) throw ApiError.notFound(`Organization ${id} not found`);
    const scopes = await this.access.scopes(p);
    if (!scopes.organizationAdmin && scopes.environments.size === 0 && scopes.clusters.size === 0)
      throw ApiError.forbidden();
    const org = await this.organizations.get(p.scope);
    if (!org) throw ApiError.notFound(`Organization ${id} not found`);
    return org;
  }
}

@Injectable()
export class UpdateOrganization {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly access: AccessService,
  ) {}

  async execute(p: Principal, id: string, dto: UpdateOrganizationDto): Promise<Organization> {
    if (id !== p.organizationId) throw ApiError.notFound(`Organization ${id} not found`);
    await this.access.requireOrganizationAdmin(p);
    return this.organizations.update(p.scope, {
      displayName: dto.display_name,
      ...(dto.jit_enabled !== undefined ? { jitEnabled: dto.jit_enabled } : {}),
    });
  }
}
