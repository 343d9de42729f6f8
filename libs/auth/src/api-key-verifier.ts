import { API_KEY_ID_PATTERN } from '@libs/api-common';
import type { ApiKeyForAuth, AuthLookups } from '@libs/db';
import type { Principal } from './principal';
import { hashSecret, secretMatches } from './secret-hash';

export type VerifyResult =
  { ok: true; principal: Principal } | { ok: false; reason: 'unknown_key' | 'wrong_secret' | 'suspended' };

interface CacheEntry {
  principal: Principal | null;
  secretHash: string;
  suspended: boolean;
  expiresAt: number;
}

const POSITIVE_TTL_MS = 60_000;
const NEGATIVE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;
const MAX_BATCH = 500;
// Unknown keys still pay one HMAC, so timing does not tell a wrong secret from an unknown key.
const DUMMY_HASH = '0'.repeat(64);

/**
 * Verifies KEY:SECRET pairs with a per-process cache. Deleting a key (or suspending its
 * organization) publishes an invalidation every API instance and the broker act on at once;
 * the TTL only bounds the damage of a lost pub/sub message.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  /** Lookups in flight, so concurrent requests with one uncached key share one. */
  private readonly loading = new Map<string, Promise<CacheEntry>>();
  /** Ids collected for the next database read (one query per event-loop turn, not one per request). */
  private batch?: { ids: Set<string>; rows: Promise<Map<string, ApiKeyForAuth>> };
  // Bumped by every invalidation: a lookup that was in flight meanwhile may be stale and is not cached.
  private generation = 0;

  constructor(
    private readonly keys: AuthLookups,
    private readonly pepper: string,
  ) {}

  async verify(keyId: string, secret: string): Promise<VerifyResult> {
    if (!API_KEY_ID_PATTERN.test(keyId) || secret.length === 0 || secret.length > 256) {
      hashSecret(this.pepper, secret.slice(0, 256));
      return { ok: false, reason: 'unknown_key' };
    }
    const entry = await this.lookup(keyId);
    if (!entry.principal) {
      secretMatches(this.pepper, secret, DUMMY_HASH);
      return { ok: false, reason: 'unknown_key' };
    }
    if (!secretMatches(this.pepper, secret, entry.secretHash)) return { ok: false, reason: 'wrong_secret' };
    if (entry.suspended) return { ok: false, reason: 'suspended' };
    return { ok: true, principal: entry.principal };
  }

  /** Drops one key, or every key of an organization ("org:<id>"), from this process's cache. */
  invalidate(message: string): void {
    // Requests from now on must not join a read that started before the change.
    this.generation++;
    this.loading.clear();
    if (message.startsWith('org:')) {
      const orgId = message.slice(4);
      for (const [id, e] of this.cache) if (e.principal?.organizationId === orgId) this.cache.delete(id);
      return;
    }
    this.cache.delete(message);
  }

  /** Forgets every cached key (after invalidations may have been missed). */
  invalidateAll(): void {
    this.generation++;
    this.loading.clear();
    this.cache.clear();
  }

  private lookup(keyId: string): CacheEntry | Promise<CacheEntry> {
    const cached = this.cache.get(keyId);
    if (cached && cached.expiresAt > Date.now()) return cached;
    const inFlight = this.loading.get(keyId);
    if (inFlight) return inFlight;
    const loading = this.load(keyId);
    this.loading.set(keyId, loading);
    const done = () => {
      if (this.loading.get(keyId) === loading) this.loading.delete(keyId);
    };
    loading.then(done, done);
    return loading;
  }

  private async load(keyId: string): Promise<CacheEntry> {
    const generation = this.generation;
    const row = await this.fetch(keyId);
    const now = Date.now();
    const entry: CacheEntry = row
      ? {
          principal: {
            apiKeyId: row.id,
            organizationId: row.organizationId,
            scope: row.scope,
            serviceAccountId: row.ownerId,
            resourceKind: row.resourceKind,
            resourceId: row.resourceId,
            environmentId: row.environmentId,
          },
          secretHash: row.secretHash,
          suspended: row.organizationState === 'SUSPENDED',
          expiresAt: now + POSITIVE_TTL_MS,
        }
      : { principal: null, secretHash: DUMMY_HASH, suspended: false, expiresAt: now + NEGATIVE_TTL_MS };
    if (generation !== this.generation) return entry;
    if (this.cache.size >= MAX_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(keyId, entry);
    return entry;
  }

  /**
   * The key's row, read together with the other ids asked for in this event-loop turn: under a burst
   * of unknown keys one query serves many requests instead of one query each.
   */
  private async fetch(keyId: string): Promise<ApiKeyForAuth | undefined> {
    let batch = this.batch;
    if (!batch) {
      const ids = new Set<string>();
      const rows = new Promise<Map<string, ApiKeyForAuth>>((resolve, reject) =>
        setImmediate(() => {
          if (this.batch?.ids === ids) this.batch = undefined;
          this.keys.apiKeysForAuth([...ids]).then((found) => resolve(new Map(found.map((r) => [r.id, r]))), reject);
        }),
      );
      batch = this.batch = { ids, rows };
    }
    batch.ids.add(keyId);
    if (batch.ids.size >= MAX_BATCH) this.batch = undefined;
    return (await batch.rows).get(keyId);
  }
}
