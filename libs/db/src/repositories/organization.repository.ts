import { Injectable } from '@nestjs/common';
import type { Organization, OrganizationState } from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';

/**
 * Organizations are the tenant boundary itself: a scope reads only its own. Listing across
 * tenants is PlatformRepository.tenants; setState is the operator's (OrgScope.forOperator).
 */
@Injectable()
export class OrganizationRepository {
  constructor(private readonly db: PrismaService) {}

  get(scope: OrgScope): Promise<Organization | null> {
    return this.db.organization.findUnique({ where: { id: scope.organizationId } });
  }

  update(scope: OrgScope, data: { displayName?: string; jitEnabled?: boolean }): Promise<Organization> {
    return this.db.organization.update({ where: { id: scope.organizationId }, data });
  }

  setState(scope: OrgScope, state: OrganizationState): Promise<Organization> {
    return this.db.organization.update({ where: { id: scope.organizationId }, data: { state } });
  }
}
