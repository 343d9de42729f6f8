import { ApiError, crn } from '@libs/api-common';
import type { OrgScope, RoleBindingRepository } from '@libs/db';

/**
 * Refuses (409) a change that would leave the organization with no OrganizationAdmin: nobody could
 * then manage it, and the operator API has no way to hand out a new admin key for an existing tenant.
 */
export async function keepLastOrganizationAdmin(
  bindings: RoleBindingRepository,
  scope: OrgScope,
  principalLosingAdmin: string,
): Promise<void> {
  const orgCrn = crn.organization(scope.organizationId);
  const page = await bindings.list(scope, { size: 100 }, { roleName: 'OrganizationAdmin', crnPatternContains: orgCrn });
  if (page.next) return;
  const admins = new Set(page.rows.filter((b) => b.crnPattern === orgCrn).map((b) => b.principal));
  if (admins.size <= 1 && admins.has(principalLosingAdmin)) {
    throw new ApiError(
      409,
      'conflict',
      `${principalLosingAdmin} is the organization's last OrganizationAdmin; bind another principal first`,
    );
  }
}
