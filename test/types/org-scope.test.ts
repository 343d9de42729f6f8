// Tenant scope is a type: the checks here run when `npm run typecheck` (and so `npm test`) compiles
// this file. Each `@ts-expect-error` line must fail to compile; if one compiled, tsc would report the
// unused directive. The mapped-type checks fail to compile if any public method of a tenant
// repository does not take an OrgScope first (the named exceptions aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '@libs/auth';
import {
  ApiKeyRepository,
  ConnectLoggerLevelRepository,
  ConnectorRepository,
  EnvironmentRepository,
  KafkaClusterRepository,
  OnboardingRepository,
  OrganizationRepository,
  OrgScope,
  RoleBindingRepository,
  SchemaRegistryRepository,
  ServiceAccountRepository,
  type AuditEventRepository,
} from '@libs/db';
// @ts-expect-error the scope minting of libs/db is internal: not exported from its index
import { mintOrgScope } from '@libs/db';

/** Public methods of R whose first parameter is not an OrgScope (never when there are none). */
type UnscopedMethods<R> = {
  [K in keyof R]: R[K] extends (...args: infer A) => unknown ? (A extends [OrgScope, ...unknown[]] ? never : K) : never;
}[keyof R];
type Expect<T extends true> = T;
type IsNever<T> = [T] extends [never] ? true : false;

export type TenantRepositoriesTakeAScope = [
  Expect<IsNever<UnscopedMethods<OrganizationRepository>>>,
  Expect<IsNever<UnscopedMethods<EnvironmentRepository>>>,
  Expect<IsNever<UnscopedMethods<ServiceAccountRepository>>>,
  Expect<IsNever<UnscopedMethods<ApiKeyRepository>>>,
  Expect<IsNever<UnscopedMethods<RoleBindingRepository>>>,
  Expect<IsNever<UnscopedMethods<KafkaClusterRepository>>>,
  Expect<IsNever<UnscopedMethods<ConnectorRepository>>>,
  Expect<IsNever<UnscopedMethods<SchemaRegistryRepository>>>,
  Expect<IsNever<UnscopedMethods<ConnectLoggerLevelRepository>>>,
  // onboard creates the organization (and returns its scope); offboard takes one
  Expect<IsNever<Exclude<UnscopedMethods<OnboardingRepository>, 'onboard'>>>,
  // audit events carry their (nullable) scope inside the event and the filter
  Expect<IsNever<Exclude<UnscopedMethods<AuditEventRepository>, 'record' | 'list'>>>,
];

/** Never called: compiled only. */
export function misuseDoesNotCompile(
  environments: EnvironmentRepository,
  connectors: ConnectorRepository,
  principal: Principal,
): void {
  const orgId = principal.organizationId;
  // @ts-expect-error a bare organization id is not a scope
  void environments.get(orgId, 'env-1');
  // @ts-expect-error swapped arguments do not compile either
  void connectors.findByName('lkc-1', principal.scope, 'my-connector');
  // @ts-expect-error an object with the same field is not a scope: the brand is missing
  void environments.get({ organizationId: orgId }, 'env-1');
  // @ts-expect-error a string cast to the shape still lacks the brand
  void environments.get(orgId as { organizationId: string }, 'env-1');
  // @ts-expect-error only the named factories make one from a string
  void OrgScope.fromString(orgId);
  // @ts-expect-error OrgScope is not a class to construct
  void new OrgScope(orgId);
  void mintOrgScope;

  // what compiles: the authenticated principal's scope, and the named factories
  void environments.get(principal.scope, 'env-1');
  void environments.get(OrgScope.forOperator(orgId), 'env-1');
  void environments.get(OrgScope.forPlatform(orgId), 'env-1');
}

test('an OrgScope is a frozen value carrying the organization id (its type rules are checked by tsc)', () => {
  const id = '00000000-0000-4000-8000-000000000001';
  const scope = OrgScope.forOperator(id);
  assert.equal(scope.organizationId, id);
  assert.ok(Object.isFrozen(scope));
  assert.equal(typeof misuseDoesNotCompile, 'function');
});
