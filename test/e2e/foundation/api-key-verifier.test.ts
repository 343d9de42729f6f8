// ApiKeyVerifier against the real look-ups (PlatformRepository.auth, test Postgres): the lookups of one event-loop
// turn are read together; every caller still gets its own key's answer, and an invalidation during a
// read is never undone by that read's result.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newApiKeyId } from '@libs/api-common';
import { ApiKeyVerifier } from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { ApiKeyRepository, PlatformRepository } from '@libs/db';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { createApiKey, createServiceAccount } from '../../support/cloud-fixtures';

describe('ApiKeyVerifier', () => {
  let api: ApiHarness;
  let t: Tenant;
  let repo: ApiKeyRepository;
  let platform: PlatformRepository;
  let pepper: string;
  before(async () => {
    api = await startApi();
    t = await api.newTenant();
    repo = api.app.get(ApiKeyRepository);
    platform = api.app.get(PlatformRepository);
    pepper = api.app.get<AppConfig>(APP_CONFIG).apiKeyPepper;
  });
  after(async () => {
    await api.close();
  });

  it('answers a burst of known, wrong-secret and unknown keys each correctly', async () => {
    const verifier = new ApiKeyVerifier(platform.auth, pepper);
    const sa = await createServiceAccount(api, t.admin, 'burst');
    const other = await createApiKey(api, t.admin, sa);
    const wrongSecret = `${t.admin.secret.slice(0, -1)}${t.admin.secret.endsWith('X') ? 'Y' : 'X'}`;
    const calls: [string, string, string][] = [];
    for (let i = 0; i < 60; i++) {
      calls.push([t.admin.key, t.admin.secret, 'ok']);
      calls.push([other.key, other.secret, 'ok']);
      calls.push([t.admin.key, wrongSecret, 'wrong_secret']);
      calls.push([newApiKeyId(), t.admin.secret, 'unknown_key']);
    }
    const results = await Promise.all(calls.map(([k, s]) => verifier.verify(k, s)));
    results.forEach((r, i) => {
      const [key, , expected] = calls[i] as [string, string, string];
      if (expected === 'ok') {
        assert.ok(r.ok, `call ${i}`);
        assert.equal(r.ok && r.principal.apiKeyId, key);
      } else assert.deepEqual(r, { ok: false, reason: expected }, `call ${i}`);
    });
  });

  it('a key deleted while its lookup is in flight is not cached as valid', async () => {
    const verifier = new ApiKeyVerifier(platform.auth, pepper);
    const sa = await createServiceAccount(api, t.admin, 'racing');
    const key = await createApiKey(api, t.admin, sa);
    const inFlight = verifier.verify(key.key, key.secret);
    // Deleted and announced before the lookup's query has run (it waits for the end of this turn).
    await repo.delete(t.scope, key.key);
    verifier.invalidate(key.key);
    await inFlight;
    assert.deepEqual(await verifier.verify(key.key, key.secret), { ok: false, reason: 'unknown_key' });
  });

  it('an invalidation during a read keeps that read out of the cache', async () => {
    const verifier = new ApiKeyVerifier(platform.auth, pepper);
    const sa = await createServiceAccount(api, t.admin, 'stale');
    const key = await createApiKey(api, t.admin, sa);
    const first = verifier.verify(key.key, key.secret);
    // The query is sent at the end of this turn; the deletion commits after it was read.
    await new Promise((r) => setImmediate(r));
    verifier.invalidate(key.key);
    assert.ok((await first).ok, 'the read that started before the deletion still answers');
    await repo.delete(t.scope, key.key);
    assert.deepEqual(await verifier.verify(key.key, key.secret), { ok: false, reason: 'unknown_key' });
  });
});
