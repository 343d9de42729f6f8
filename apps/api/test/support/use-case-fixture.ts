// The collaborators of the API's use cases, built on in-memory repositories and bus: a tenant (org
// A, with an OrganizationAdmin service account) and a second tenant (org B) to prove isolation.
import { randomUUID } from 'node:crypto';
import { crn, newApiKeyId, newResourceId } from '@libs/api-common';
import { AccessService, ApiKeyVerifierService, type Principal } from '@libs/auth';
import type { AppConfig } from '@libs/config';
import {
  OrgScope,
  type ApiKeyResourceKind,
  type KafkaCluster,
  type PlatformRepository,
  type AuthLookups,
} from '@libs/db';
import { InMemoryBus } from './in-memory-bus';
import { InMemoryTenantStore } from './in-memory-tenant-repositories';
import { partialStandIn } from './stand-ins';

export class UseCaseFixture {
  readonly store = new InMemoryTenantStore();
  readonly bus = new InMemoryBus();
  readonly environments = this.store.environmentRepository();
  readonly serviceAccounts = this.store.serviceAccountRepository();
  readonly apiKeys = this.store.apiKeyRepository();
  readonly roleBindings = this.store.roleBindingRepository();
  readonly clusters = this.store.kafkaClusterRepository();
  readonly schemaRegistry = this.store.schemaRegistryRepository();
  readonly config = partialStandIn<AppConfig>()({ apiKeyPepper: 'unit-test-pepper' });
  readonly access = new AccessService(this.roleBindings, this.clusters, this.bus.asRedis());
  /** Announces key invalidations on the bus; no key is ever verified in these tests. */
  readonly verifier = new ApiKeyVerifierService(
    partialStandIn<PlatformRepository>()({
      auth: partialStandIn<AuthLookups>()({ apiKeysForAuth: async () => [] }),
    }),
    this.config,
    this.bus.asRedis(),
  );

  /** A new organization and the principal of its first admin's cloud key. */
  async tenant(): Promise<Principal> {
    const scope = OrgScope.forPlatform(randomUUID());
    const admin = await this.serviceAccount(scope, 'admin');
    await this.bind(scope, admin.serviceAccountId, 'OrganizationAdmin', crn.organization(scope.organizationId));
    return admin;
  }

  /** A service account of the organization (no binding) and the principal of its cloud key. */
  async serviceAccount(scope: OrgScope, displayName: string): Promise<Principal> {
    const sa = await this.serviceAccounts.create(scope, { id: newResourceId('sa'), displayName });
    return this.principal(scope, sa.id, 'CLOUD', null, null);
  }

  /** A new service account holding one role binding. */
  async memberWith(scope: OrgScope, displayName: string, roleName: string, crnPattern: string): Promise<Principal> {
    const member = await this.serviceAccount(scope, displayName);
    await this.bind(scope, member.serviceAccountId, roleName, crnPattern);
    return member;
  }

  principal(
    scope: OrgScope,
    serviceAccountId: string,
    resourceKind: ApiKeyResourceKind,
    resourceId: string | null,
    environmentId: string | null,
  ): Principal {
    return {
      apiKeyId: newApiKeyId(),
      organizationId: scope.organizationId,
      scope,
      serviceAccountId,
      resourceKind,
      resourceId,
      environmentId,
    };
  }

  async bind(scope: OrgScope, serviceAccountId: string, roleName: string, crnPattern: string): Promise<void> {
    await this.roleBindings.create(scope, {
      id: newResourceId('rb'),
      principal: `User:${serviceAccountId}`,
      roleName,
      crnPattern,
    });
    // as the role-binding use cases do: cached access scopes of the principal are dropped
    await this.access.announceChange(scope.organizationId, `User:${serviceAccountId}`);
  }

  async environment(scope: OrgScope, displayName = 'env'): Promise<{ id: string; schemaRegistryId: string }> {
    return this.environments.create(scope, {
      id: newResourceId('env'),
      schemaRegistryId: newResourceId('lsrc'),
      displayName,
    });
  }

  async cluster(scope: OrgScope, environmentId: string, id = newResourceId('lkc')): Promise<KafkaCluster> {
    return this.clusters.create(scope, {
      id,
      environmentId,
      displayName: id,
      availability: 'SINGLE_ZONE',
      cloud: 'GCP',
      region: 'us-west4',
      config: { kind: 'Basic' },
      deletionProtection: false,
      phase: 'PROVISIONED',
      backend: 'EMBEDDED',
    });
  }
}
