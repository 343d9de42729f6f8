import { Injectable, OnModuleInit } from '@nestjs/common';
import { EnvironmentRepository, type Environment, type OrgScope } from '@libs/db';
import { ENVIRONMENT_INVALIDATION_CHANNEL, RedisService } from '@libs/redis';

// Only bounds the damage of a lost pub/sub message; updates and deletes evict at once everywhere.
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;

/**
 * Per-process cache of environment rows for GET /org/v2/environments/{id}: without it that read is
 * a Prisma query, about half of the request's CPU. Only found rows are cached (a new environment
 * needs no eviction); updating or deleting one, and deleting its organization, publish an eviction
 * every API instance acts on, as ApiKeyVerifier does for keys.
 */
@Injectable()
export class EnvironmentCache implements OnModuleInit {
  private readonly cache = new Map<string, { env: Environment; expiresAt: number }>();
  // Bumped by every eviction: a read that was in flight meanwhile may be stale and is not stored.
  private generation = 0;

  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly redis: RedisService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.redis.subscribe(ENVIRONMENT_INVALIDATION_CHANNEL, (message) => this.evict(message));
  }

  async get(scope: OrgScope, id: string): Promise<Environment | null> {
    const key = cacheKey(scope.organizationId, id);
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.env;
    const generation = this.generation;
    const env = await this.environments.get(scope, id);
    if (env && generation === this.generation) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, { env, expiresAt: Date.now() + TTL_MS });
    }
    return env;
  }

  /** After an environment changed or was deleted: forget it here and on every other instance. */
  announceChanged(organizationId: string, id: string): Promise<void> {
    return this.announce(cacheKey(organizationId, id));
  }

  /** After an organization was deleted: forget all of its environments everywhere. */
  announceOrganizationDeleted(organizationId: string): Promise<void> {
    return this.announce(`org:${organizationId}`);
  }

  private async announce(message: string): Promise<void> {
    this.evict(message);
    await this.redis.publish(ENVIRONMENT_INVALIDATION_CHANNEL, message);
  }

  private evict(message: string): void {
    this.generation++;
    if (!message.startsWith('org:')) {
      this.cache.delete(message);
      return;
    }
    const prefix = `${message.slice(4)}/`;
    for (const key of this.cache.keys()) if (key.startsWith(prefix)) this.cache.delete(key);
  }
}

const cacheKey = (organizationId: string, id: string): string => `${organizationId}/${id}`;
