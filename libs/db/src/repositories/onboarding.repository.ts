import { Injectable } from '@nestjs/common';
import type { ApiKey, Organization, ServiceAccount } from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { mintOrgScope } from '../scope/mint-org-scope';
import type { OrgScope } from '../scope/org-scope';

export interface OnboardingPlan {
  organization: { id: string; displayName: string };
  admin: { id: string; displayName: string; description: string };
  binding: { id: string; principal: string; roleName: string; crnPattern: string };
  key: { id: string; secretHash: string; displayName: string; description: string };
}

/** Creates a tenant's organization, first admin, its OrganizationAdmin binding and cloud key atomically. */
@Injectable()
export class OnboardingRepository {
  constructor(private readonly db: PrismaService) {}

  onboard(
    plan: OnboardingPlan,
  ): Promise<{ organization: Organization; scope: OrgScope; admin: ServiceAccount; key: ApiKey }> {
    return this.db.$transaction(async (tx) => {
      const organization = await tx.organization.create({ data: plan.organization });
      const orgId = organization.id;
      const admin = await tx.serviceAccount.create({ data: { ...plan.admin, organizationId: orgId } });
      await tx.roleBinding.create({ data: { ...plan.binding, organizationId: orgId } });
      const key = await tx.apiKey.create({
        data: {
          ...plan.key,
          organizationId: orgId,
          ownerId: admin.id,
          resourceKind: 'CLOUD',
          resourceId: null,
          environmentId: null,
        },
      });
      return { organization, scope: mintOrgScope(orgId), admin, key };
    });
  }

  /** Removes a tenant and everything it owns; returns its cluster ids so their data can go too. */
  offboard(scope: OrgScope): Promise<string[]> {
    const organizationId = scope.organizationId;
    return this.db.$transaction(async (tx) => {
      const clusters = await tx.kafkaCluster.findMany({ where: { organizationId }, select: { id: true } });
      await tx.kafkaCluster.deleteMany({ where: { organizationId } });
      await tx.organization.delete({ where: { id: organizationId } });
      return clusters.map((c) => c.id);
    });
  }
}
