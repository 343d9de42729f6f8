// The organization a tenant repository call acts for. Every tenant repository method takes one
// instead of an organization id string, so a bare string, or two swapped string arguments, does
// not compile. A scope is made in few places, each named for why it may act for that tenant:
//  * authentication: PlatformRepository.auth.apiKeysForAuth returns each key's scope, which the
//    verifier puts on the Principal (`principal.scope`); use cases pass that on;
//  * onboarding: OnboardingRepository.onboard returns the new organization's scope;
//  * rows the platform read across tenants carry the scope of their own organization
//    (RuntimeConnectorRow.scope, ClaimedTask.connector.scope, WorkerCluster.scope);
//  * OrgScope.forOperator / OrgScope.forPlatform below, for code that acts on a tenant's behalf
//    without being authenticated as it: grep for them to review every such place.
import { mintOrgScope } from './mint-org-scope';

declare const orgScopeBrand: unique symbol;

export interface OrgScope {
  readonly organizationId: string;
  /** Only this lib's factories make the brand: an object literal is not a scope. */
  readonly [orgScopeBrand]: true;
}

export const OrgScope = {
  /** The operator API acting on the tenant named in its path (after checking it exists). */
  forOperator(organizationId: string): OrgScope {
    return mintOrgScope(organizationId);
  },
  /** Platform processes (start-up bootstrap, tests' fixtures) acting for a tenant they looked up themselves. */
  forPlatform(organizationId: string): OrgScope {
    return mintOrgScope(organizationId);
  },
};
