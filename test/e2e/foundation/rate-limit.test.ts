// Per-key rate limiting with a small RATE_LIMIT_REQUESTS: Confluent's X-RateLimit-* headers, then
// 429 + Retry-After in the Failure format; the counter is shared by two instances on one Redis prefix.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { assertFailure, createApiKey, expectStatus } from '../../support/cloud-fixtures';
import { assertConformsToSpec } from '../../support/openapi-validator';

const LIMIT = 5;

describe('rate limiting', () => {
  let api: ApiHarness;
  let peer: ApiHarness;
  let t: Tenant;
  before(async () => {
    const env = { RATE_LIMIT_REQUESTS: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: '30' };
    api = await startApi(env);
    peer = await startApi(env, { shareWith: api });
    t = await api.newTenant();
  });
  after(async () => {
    await peer.close();
    await api.close();
  });

  it('X-RateLimit-Limit/Remaining/Reset count down, then 429 with Retry-After and a Failure body', async () => {
    const key = await createApiKey(api, t.admin, t.adminServiceAccountId);
    const remaining: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const res = await api.request('GET', '/org/v2/environments', { auth: key });
      expectStatus(res, 200);
      assert.equal(res.headers.get('x-ratelimit-limit'), String(LIMIT));
      remaining.push(Number(res.headers.get('x-ratelimit-remaining')));
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      assert.ok(
        Number.isInteger(reset) && reset >= 1 && reset <= 30,
        `X-RateLimit-Reset is seconds until reset: ${reset}`,
      );
    }
    assert.deepEqual(remaining, [4, 3, 2, 1, 0]);
    const limited = await api.request('GET', '/org/v2/environments', { auth: key });
    const e = assertFailure(limited, 429);
    assert.equal(e.code, 'too_many_requests');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 30, `Retry-After ${retryAfter}`);
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assertConformsToSpec('GET', '/org/v2/environments', limited);
    // Mutations are limited too.
    assertFailure(await api.request('POST', '/org/v2/environments', { auth: key, body: { display_name: 'x' } }), 429);
  });

  it('the limit is per key and shared across API instances', async () => {
    const k1 = await createApiKey(api, t.admin, t.adminServiceAccountId);
    const k2 = await createApiKey(api, t.admin, t.adminServiceAccountId);
    for (let i = 0; i < LIMIT; i++) {
      const h = i % 2 === 0 ? api : peer;
      expectStatus(await h.request('GET', '/iam/v2/service-accounts', { auth: k1 }), 200);
    }
    assertFailure(await peer.request('GET', '/iam/v2/service-accounts', { auth: k1 }), 429);
    assertFailure(await api.request('GET', '/iam/v2/service-accounts', { auth: k1 }), 429);
    // Another key of the same service account has its own budget.
    const other = await peer.request('GET', '/iam/v2/service-accounts', { auth: k2 });
    expectStatus(other, 200);
    assert.equal(other.headers.get('x-ratelimit-remaining'), String(LIMIT - 1));
  });

  it('unauthenticated requests never consume a key budget nor crash', async () => {
    const k = await createApiKey(api, t.admin, t.adminServiceAccountId);
    for (let i = 0; i < LIMIT * 2; i++) {
      assertFailure(
        await api.request('GET', '/org/v2/environments', { auth: { key: k.key, secret: 'wrong'.repeat(13) } }),
        401,
      );
    }
    const ok = await api.request('GET', '/org/v2/environments', { auth: k });
    expectStatus(ok, 200);
    assert.equal(ok.headers.get('x-ratelimit-remaining'), String(LIMIT - 1));
  });
});
