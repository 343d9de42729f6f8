import type { OrgScope } from './org-scope';

/**
 * Internal to libs/db (not exported from its index): the repositories mint the scope of rows they
 * read themselves (authentication, onboarding, the platform's cross-tenant reads).
 */
export function mintOrgScope(organizationId: string): OrgScope {
  return Object.freeze({ organizationId }) as OrgScope;
}
