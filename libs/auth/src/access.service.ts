import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApiError, parseCrn } from '@libs/api-common';
import { KafkaClusterRepository, RoleBindingRepository } from '@libs/db';
import { RedisService, ROLE_BINDING_INVALIDATION_CHANNEL } from '@libs/redis';
import { principalName, type Principal } from './principal';

/** What a principal's role bindings let it administer. */
export interface AccessScopes {
  organizationAdmin: boolean;
  environments: Set<string>;
  clusters: Set<string>;
  /** MetricsViewer on the organization: reads every resource's metrics. */
  metricsViewer: boolean;
}

const TTL_MS = 10_000;

/**
 * Decides what a service account may do from its role bindings. Callers first load the resource
 * scoped to the principal's organization (404 for anything else), then ask here (403).
 */
@Injectable()
export class AccessService implements OnModuleInit {
  private readonly cache = new Map<string, { scopes: AccessScopes; expiresAt: number }>();

  constructor(
    private readonly bindings: RoleBindingRepository,
    private readonly clusters: KafkaClusterRepository,
    private readonly redis: RedisService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.redis.subscribe(ROLE_BINDING_INVALIDATION_CHANNEL, (name) => this.cache.delete(name));
    // Invalidations published while the subscriber was disconnected are lost: start over.
    this.redis.onResync(() => this.cache.clear());
  }

  /** Forget a principal's scopes here and on every other instance after its bindings changed. */
  async announceChange(organizationId: string, principal: string): Promise<void> {
    const key = cacheKey(organizationId, principal);
    this.cache.delete(key);
    await this.redis.publish(ROLE_BINDING_INVALIDATION_CHANNEL, key);
  }

  async scopes(p: Principal): Promise<AccessScopes> {
    const name = principalName(p);
    const key = cacheKey(p.organizationId, name);
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.scopes;
    const scopes: AccessScopes = {
      organizationAdmin: false,
      environments: new Set(),
      clusters: new Set(),
      metricsViewer: false,
    };
    for (const b of await this.bindings.forPrincipal(p.scope, name)) {
      const c = parseCrn(b.crnPattern);
      if (!c.valid || c.organization !== p.organizationId) continue;
      if (b.roleName === 'OrganizationAdmin' && !c.environment) scopes.organizationAdmin = true;
      else if (b.roleName === 'EnvironmentAdmin' && c.environment && !c.cluster) scopes.environments.add(c.environment);
      else if (b.roleName === 'CloudClusterAdmin' && c.cluster) scopes.clusters.add(c.cluster);
      else if (b.roleName === 'MetricsViewer' && !c.environment) scopes.metricsViewer = true;
    }
    this.cache.set(key, { scopes, expiresAt: Date.now() + TTL_MS });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value as string);
    return scopes;
  }

  async requireOrganizationAdmin(p: Principal): Promise<void> {
    if (!(await this.scopes(p)).organizationAdmin) throw denied();
  }

  async requireEnvironmentAdmin(p: Principal, environmentId: string): Promise<void> {
    const s = await this.scopes(p);
    if (!s.organizationAdmin && !s.environments.has(environmentId)) throw denied();
  }

  async requireClusterAdmin(p: Principal, environmentId: string, clusterId: string): Promise<void> {
    const s = await this.scopes(p);
    if (!s.organizationAdmin && !s.environments.has(environmentId) && !s.clusters.has(clusterId)) throw denied();
  }

  /** Metrics of a resource: MetricsViewer or OrganizationAdmin, or an admin of its environment or cluster. */
  async canViewMetrics(p: Principal, environmentId: string, clusterId: string): Promise<boolean> {
    const s = await this.scopes(p);
    return s.organizationAdmin || s.metricsViewer || s.environments.has(environmentId) || s.clusters.has(clusterId);
  }

  /** Environment ids the principal may see; null means all of the organization's. */
  async visibleEnvironments(p: Principal): Promise<string[] | null> {
    const s = await this.scopes(p);
    if (s.organizationAdmin) return null;
    const ids = new Set(s.environments);
    for (const clusterId of s.clusters) {
      const cluster = await this.clusters.get(p.scope, clusterId);
      if (cluster) ids.add(cluster.environmentId);
    }
    return [...ids];
  }

  async canSeeEnvironment(p: Principal, environmentId: string): Promise<boolean> {
    const visible = await this.visibleEnvironments(p);
    return visible === null || visible.includes(environmentId);
  }
}

const cacheKey = (organizationId: string, principal: string): string => `${organizationId}/${principal}`;

function denied(): ApiError {
  return new ApiError(
    403,
    'user_unauthorized',
    'The service account of this API key has no role binding that allows this operation',
  );
}
