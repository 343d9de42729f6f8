import { API_KEY_ID_PATTERN } from '@libs/api-common';
import type { ApiKeyRepository } from '@libs/db';
import type { Principal } from './principal';
import { hashSecret, secretMatches } from './secret-hash';

export const API_KEY_INVALIDATION_CHANNEL = 'apikeys:invalidate';

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
// Unknown keys still pay one HMAC, so timing does not tell a wrong secret from an unknown key.
const DUMMY_HASH = '0'.repeat(64);

/**
 * Verifies KEY:SECRET pairs with a per-process cache. Deleting a key (or suspending its
 * organization) publishes an invalidation every API instance and the broker act on at once;
 * the TTL only bounds the damage of a lost pub/sub message.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly keys: ApiKeyRepository,
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
    if (message.startsWith('org:')) {
      const orgId = message.slice(4);
      for (const [id, e] of this.cache) if (e.principal?.organizationId === orgId) this.cache.delete(id);
      return;
    }
    this.cache.delete(message);
  }

  private async lookup(keyId: string): Promise<CacheEntry> {
    const now = Date.now();
    const cached = this.cache.get(keyId);
    if (cached && cached.expiresAt > now) return cached;
    const row = await this.keys.findForAuth(keyId);
    const entry: CacheEntry = row
      ? {
          principal: {
            apiKeyId: row.id,
            organizationId: row.organizationId,
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
    if (this.cache.size >= MAX_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(keyId, entry);
    return entry;
  }
}
