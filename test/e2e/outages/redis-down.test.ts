// Issue 12, Fault 4: while Redis is down, requests must not wait out ioredis's reconnects (~10 s).
// The rate limiter fails open to per-process windows (docs/operations.md), so limits still hold per
// instance; announcements (cache invalidations) are best effort. Once Redis is back, the counters
// are shared across instances again. Real API instances on a private redis-server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { assertFailure, createApiKey, createEnvironment, expectStatus } from '../../support/cloud-fixtures';
import type { Credentials, HttpResult } from '../../support/http-client';
import { startPrivateRedis, type PrivateRedis } from '../../support/private-redis';
import { waitFor } from '../../support/wait-for';

const LIMIT = 5;
// Far above the fail-fast bound (a few hundred ms) and far below ioredis's ~10 s of retries.
const PROMPT_MS = 2000;

describe('Redis outage', () => {
  let redis: PrivateRedis;
  let api: ApiHarness;
  let peer: ApiHarness;
  let t: Tenant;

  /** A request that must answer promptly. */
  async function prompt(h: ApiHarness, method: string, path: string, auth: Credentials, body?: unknown) {
    const started = Date.now();
    const res = await h.request(method, path, { auth, body });
    const took = Date.now() - started;
    assert.ok(took < PROMPT_MS, `${method} ${path} took ${took} ms while Redis is down`);
    return res;
  }

  function remaining(res: HttpResult): number {
    return Number(res.headers.get('x-ratelimit-remaining'));
  }

  before(async () => {
    redis = await startPrivateRedis();
    const env = { REDIS_URL: redis.url, RATE_LIMIT_REQUESTS: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: '60' };
    api = await startApi(env);
    peer = await startApi(env, { shareWith: api });
    t = await api.newTenant();
  });
  after(async () => {
    await peer?.close();
    await api?.close();
    await redis?.close();
  });

  it('answers promptly while Redis is down, with per-process limits, and shares limits again once it is back', async () => {
    const reader = await createApiKey(api, t.admin, t.adminServiceAccountId);
    const writer = await createApiKey(api, t.admin, t.adminServiceAccountId);
    const envId = await createEnvironment(api, t.admin, 'before-outage');
    // Cached by the peer instance; deleted during the outage, when the invalidation cannot reach it.
    const doomed = await createApiKey(api, t.admin, t.adminServiceAccountId);
    expectStatus(await peer.request('GET', '/org/v2/environments', { auth: doomed }), 200);

    await redis.stop('kill');

    // Reads: answered, counted in this process's window (fail open, still limited), then 429.
    for (let i = 1; i <= LIMIT; i++) {
      const res = await prompt(api, 'GET', '/org/v2/environments', reader);
      expectStatus(res, 200);
      assert.equal(remaining(res), LIMIT - i);
    }
    const limited = await prompt(api, 'GET', '/org/v2/environments', reader);
    assertFailure(limited, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    // The other instance keeps its own window meanwhile.
    expectStatus(await prompt(peer, 'GET', '/org/v2/environments', reader), 200);

    // Writes that announce cache invalidations over pub/sub, and a key deletion, answer too.
    expectStatus(
      await prompt(api, 'PATCH', `/org/v2/environments/${envId}`, writer, { display_name: 'during-outage' }),
      200,
    );
    expectStatus(await prompt(api, 'DELETE', `/iam/v2/api-keys/${doomed.key}`, writer), 204);
    expectStatus(await prompt(api, 'DELETE', `/org/v2/environments/${envId}`, writer), 204);
    // Failed authentications are still answered (and counted per process).
    assertFailure(await prompt(api, 'GET', '/org/v2/environments', { ...writer, secret: 'wrong-secret' }), 401);

    await redis.start();
    for (const h of [api, peer])
      await waitFor('readiness once Redis is back', async () =>
        (await h.request('GET', '/readyz')).status === 200 ? true : undefined,
      );
    // The peer dropped its caches when its subscriber came back: the deleted key is refused.
    await waitFor('the peer to forget the key deleted during the outage', async () =>
      (await peer.request('GET', '/org/v2/environments', { auth: doomed })).status === 401 ? true : undefined,
    );
    // Back on Redis: one key's budget is shared by both instances again.
    const shared = await createApiKey(api, t.admin, t.adminServiceAccountId);
    for (let i = 1; i <= LIMIT; i++) {
      const res = await (i % 2 ? api : peer).request('GET', '/iam/v2/service-accounts', { auth: shared });
      expectStatus(res, 200);
      assert.equal(remaining(res), LIMIT - i);
    }
    assertFailure(await peer.request('GET', '/iam/v2/service-accounts', { auth: shared }), 429);
  });
});
