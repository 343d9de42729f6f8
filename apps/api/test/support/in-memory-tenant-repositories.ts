// In-memory implementations of the tenant repositories (libs/db) for use-case unit tests: the same
// public methods, the same tenant rule (a row of another organization does not exist for a scope),
// rows shaped like Prisma's. One InMemoryTenantStore holds the tables the repositories share, so a
// deletion with dependents (keys, bindings) behaves as the database transaction does.
import { toPage, type Page, type PageRequest } from '@libs/api-common';
import type {
  ApiKey,
  ApiKeyFilter,
  ApiKeyRepository,
  Environment,
  EnvironmentRepository,
  KafkaCluster,
  KafkaClusterRepository,
  KafkaClusterUpdate,
  NewApiKey,
  NewKafkaCluster,
  OrgScope,
  RoleBinding,
  RoleBindingFilter,
  RoleBindingRepository,
  SchemaRegistryRepository,
  ServiceAccount,
  ServiceAccountRepository,
} from '@libs/db';
import { partialStandIn, standIn, type Public } from './stand-ins';

interface Row {
  id: string;
  organizationId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One table: rows by id, read only through a scope. */
class Table<R extends Row> {
  readonly rows = new Map<string, R>();

  of(scope: OrgScope, where: (r: R) => boolean = () => true): R[] {
    return [...this.rows.values()]
      .filter((r) => r.organizationId === scope.organizationId && where(r))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  get(scope: OrgScope, id: string): R | null {
    const r = this.rows.get(id);
    return r && r.organizationId === scope.organizationId ? r : null;
  }

  page(scope: OrgScope, page: PageRequest, where?: (r: R) => boolean): Page<R> {
    const all = this.of(scope, where);
    const after = page.after;
    const rest = after
      ? all.filter(
          (r) =>
            r.createdAt > after.createdAt || (r.createdAt.getTime() === after.createdAt.getTime() && r.id > after.id),
        )
      : all;
    return toPage(rest.slice(0, page.size + 1), page.size, all.length);
  }

  update(scope: OrgScope, id: string, data: Partial<R>): R | null {
    const r = this.get(scope, id);
    if (!r) return null;
    const defined = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as Partial<R>;
    const next = { ...r, ...defined, updatedAt: new Date() };
    this.rows.set(id, next);
    return next;
  }

  deleteWhere(scope: OrgScope, where: (r: R) => boolean): R[] {
    const gone = this.of(scope, where);
    for (const r of gone) this.rows.delete(r.id);
    return gone;
  }
}

/** Bindings on a resource or below it (env-abc's, not env-abcd's), as resource-access.ts selects them. */
const under = (crnPrefix: string) => (b: RoleBinding) =>
  b.crnPattern === crnPrefix || b.crnPattern.startsWith(`${crnPrefix}/`);

export class InMemoryTenantStore {
  readonly environments = new Table<Environment>();
  readonly serviceAccounts = new Table<ServiceAccount>();
  readonly apiKeys = new Table<ApiKey>();
  readonly roleBindings = new Table<RoleBinding>();
  readonly clusters = new Table<KafkaCluster>();
  /** Registries whose schemas were deleted (SchemaRegistryRepository.deleteRegistry). */
  readonly deletedRegistries: string[] = [];
  private clock = Date.UTC(2026, 0, 1);

  /** Creation times one millisecond apart: list order is insertion order, as in the tests' intent. */
  stamp(scope: OrgScope): Pick<Row, 'organizationId' | 'createdAt' | 'updatedAt'> {
    const at = new Date(this.clock++);
    return { organizationId: scope.organizationId, createdAt: at, updatedAt: at };
  }

  /** Inside a resource's deletion: its API keys (by resource id) and the bindings on it or below. */
  deleteResourceAccess(scope: OrgScope, resourceId: string, crnPrefix: string): string[] {
    this.roleBindings.deleteWhere(scope, under(crnPrefix));
    return this.apiKeys.deleteWhere(scope, (k) => k.resourceId === resourceId).map((k) => k.id);
  }

  environmentRepository(): EnvironmentRepository {
    return standIn<EnvironmentRepository>(new InMemoryEnvironments(this));
  }
  serviceAccountRepository(): ServiceAccountRepository {
    return standIn<ServiceAccountRepository>(new InMemoryServiceAccounts(this));
  }
  apiKeyRepository(): ApiKeyRepository {
    return standIn<ApiKeyRepository>(new InMemoryApiKeys(this));
  }
  roleBindingRepository(): RoleBindingRepository {
    return standIn<RoleBindingRepository>(new InMemoryRoleBindings(this));
  }
  kafkaClusterRepository(): KafkaClusterRepository {
    return standIn<KafkaClusterRepository>(new InMemoryKafkaClusters(this));
  }
  /** Only what the API's non-registry use cases touch: deleting an environment's registry. */
  schemaRegistryRepository(): SchemaRegistryRepository {
    return partialStandIn<SchemaRegistryRepository>()({
      deleteRegistry: async (_scope: OrgScope, registryId: string) => void this.deletedRegistries.push(registryId),
    });
  }
}

class InMemoryEnvironments implements Public<EnvironmentRepository> {
  constructor(private readonly s: InMemoryTenantStore) {}

  async list(scope: OrgScope, page: PageRequest, onlyIds?: string[]) {
    return this.s.environments.page(scope, page, (e) => !onlyIds || onlyIds.includes(e.id));
  }
  async get(scope: OrgScope, id: string) {
    return this.s.environments.get(scope, id);
  }
  async create(
    scope: OrgScope,
    data: { id: string; schemaRegistryId: string; displayName: string; streamGovernancePackage?: string | null },
  ) {
    const env: Environment = { streamGovernancePackage: null, ...data, ...this.s.stamp(scope) };
    this.s.environments.rows.set(env.id, env);
    return env;
  }
  async update(scope: OrgScope, id: string, data: { displayName?: string; streamGovernancePackage?: string }) {
    return this.s.environments.update(scope, id, data);
  }
  async getBySchemaRegistry(scope: OrgScope, schemaRegistryId: string) {
    return this.s.environments.of(scope, (e) => e.schemaRegistryId === schemaRegistryId)[0] ?? null;
  }
  async countClusters(scope: OrgScope, id: string) {
    return this.s.clusters.of(scope, (c) => c.environmentId === id).length;
  }
  async delete(scope: OrgScope, id: string) {
    return this.s.environments.deleteWhere(scope, (e) => e.id === id).length > 0;
  }
  async deleteWithDependents(scope: OrgScope, env: { id: string; schemaRegistryId: string }, crnPrefix: string) {
    const keyIds = this.s.deleteResourceAccess(scope, env.schemaRegistryId, crnPrefix);
    this.s.environments.deleteWhere(scope, (e) => e.id === env.id);
    return keyIds;
  }
}

class InMemoryServiceAccounts implements Public<ServiceAccountRepository> {
  constructor(private readonly s: InMemoryTenantStore) {}

  async list(scope: OrgScope, page: PageRequest, displayNames?: string[]) {
    return this.s.serviceAccounts.page(
      scope,
      page,
      (a) => !displayNames?.length || displayNames.includes(a.displayName),
    );
  }
  async get(scope: OrgScope, id: string) {
    return this.s.serviceAccounts.get(scope, id);
  }
  async findByName(scope: OrgScope, displayName: string) {
    return this.s.serviceAccounts.of(scope, (a) => a.displayName === displayName)[0] ?? null;
  }
  async create(scope: OrgScope, data: { id: string; displayName: string; description?: string }) {
    const sa: ServiceAccount = { description: '', ...data, ...this.s.stamp(scope) };
    this.s.serviceAccounts.rows.set(sa.id, sa);
    return sa;
  }
  async update(scope: OrgScope, id: string, data: { displayName?: string; description?: string }) {
    return this.s.serviceAccounts.update(scope, id, data);
  }
  async delete(scope: OrgScope, id: string) {
    if (!this.s.serviceAccounts.get(scope, id)) return null;
    const keys = this.s.apiKeys.deleteWhere(scope, (k) => k.ownerId === id).map((k) => k.id);
    this.s.roleBindings.deleteWhere(scope, (b) => b.principal === `User:${id}`);
    this.s.serviceAccounts.deleteWhere(scope, (a) => a.id === id);
    return keys;
  }
}

class InMemoryApiKeys implements Public<ApiKeyRepository> {
  constructor(private readonly s: InMemoryTenantStore) {}

  async list(scope: OrgScope, page: PageRequest, filter: ApiKeyFilter) {
    return this.s.apiKeys.page(
      scope,
      page,
      (k) =>
        (!filter.ownerId || k.ownerId === filter.ownerId) &&
        (!filter.resourceId || k.resourceId === filter.resourceId) &&
        (!filter.resourceKind || k.resourceKind === filter.resourceKind),
    );
  }
  async get(scope: OrgScope, id: string) {
    return this.s.apiKeys.get(scope, id);
  }
  async create(scope: OrgScope, data: NewApiKey) {
    const key: ApiKey = { displayName: '', description: '', ...data, ...this.s.stamp(scope) };
    this.s.apiKeys.rows.set(key.id, key);
    return key;
  }
  async update(scope: OrgScope, id: string, data: { displayName?: string; description?: string }) {
    return this.s.apiKeys.update(scope, id, data);
  }
  async delete(scope: OrgScope, id: string) {
    return this.s.apiKeys.deleteWhere(scope, (k) => k.id === id).length > 0;
  }
  async upsertBootstrapKey(scope: OrgScope, data: NewApiKey) {
    if (!this.s.apiKeys.update(scope, data.id, data)) await this.create(scope, data);
  }
}

class InMemoryRoleBindings implements Public<RoleBindingRepository> {
  constructor(private readonly s: InMemoryTenantStore) {}

  async list(scope: OrgScope, page: PageRequest, filter: RoleBindingFilter) {
    return this.s.roleBindings.page(
      scope,
      page,
      (b) =>
        (!filter.principal || b.principal === filter.principal) &&
        (!filter.roleName || b.roleName === filter.roleName) &&
        (!filter.crnPatternContains || b.crnPattern.includes(filter.crnPatternContains)),
    );
  }
  async forPrincipal(scope: OrgScope, principal: string) {
    return this.s.roleBindings.of(scope, (b) => b.principal === principal);
  }
  async get(scope: OrgScope, id: string) {
    return this.s.roleBindings.get(scope, id);
  }
  async find(scope: OrgScope, principal: string, roleName: string, crnPattern: string) {
    return (
      this.s.roleBindings.of(
        scope,
        (b) => b.principal === principal && b.roleName === roleName && b.crnPattern === crnPattern,
      )[0] ?? null
    );
  }
  async create(scope: OrgScope, data: { id: string; principal: string; roleName: string; crnPattern: string }) {
    const rb: RoleBinding = { ...data, ...this.s.stamp(scope) };
    this.s.roleBindings.rows.set(rb.id, rb);
    return rb;
  }
  async delete(scope: OrgScope, id: string) {
    return this.s.roleBindings.deleteWhere(scope, (b) => b.id === id).length > 0;
  }
  async deleteForCrnPrefix(scope: OrgScope, crnPrefix: string) {
    this.s.roleBindings.deleteWhere(scope, under(crnPrefix));
  }
}

class InMemoryKafkaClusters implements Public<KafkaClusterRepository> {
  constructor(private readonly s: InMemoryTenantStore) {}

  async list(scope: OrgScope, environmentId: string, page: PageRequest, onlyIds?: string[]) {
    return this.s.clusters.page(
      scope,
      page,
      (c) => c.environmentId === environmentId && (!onlyIds || onlyIds.includes(c.id)),
    );
  }
  async get(scope: OrgScope, id: string) {
    return this.s.clusters.get(scope, id);
  }
  async schemaRegistryIdOf(scope: OrgScope, id: string) {
    const cluster = this.s.clusters.get(scope, id);
    return (cluster && this.s.environments.get(scope, cluster.environmentId)?.schemaRegistryId) ?? null;
  }
  async create(scope: OrgScope, data: NewKafkaCluster) {
    const cluster: KafkaCluster = {
      externalBootstrap: null,
      externalProtocol: null,
      externalMechanism: null,
      externalUsername: null,
      externalPassword: null,
      externalCaCert: null,
      ...data,
      config: data.config as KafkaCluster['config'],
      ...this.s.stamp(scope),
    };
    this.s.clusters.rows.set(cluster.id, cluster);
    return cluster;
  }
  async update(scope: OrgScope, id: string, data: KafkaClusterUpdate) {
    const { config, ...rest } = data;
    return this.s.clusters.update(scope, id, {
      ...rest,
      ...(config ? { config: config as KafkaCluster['config'] } : {}),
    });
  }
  async delete(scope: OrgScope, id: string) {
    return this.s.clusters.deleteWhere(scope, (c) => c.id === id).length > 0;
  }
  async deleteWithDependents(scope: OrgScope, id: string, crnPrefix: string) {
    const keyIds = this.s.deleteResourceAccess(scope, id, crnPrefix);
    this.s.clusters.deleteWhere(scope, (c) => c.id === id);
    return keyIds;
  }
}
