// Failed authentication is rate-limited (issue 12, Security 12) with the default limits: failures
// per (key id, client address) and per client address, with Confluent's X-RateLimit-* headers and
// 429 + Retry-After; an attacker's failures never refuse a key's correct use from another address.
// Client addresses differ by the loopback address the test connects from (127.0.0.x).
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { assertFailure, createApiKey, expectStatus } from '../../support/cloud-fixtures';
import { basic, type Credentials, type HttpResult } from '../../support/http-client';

const PER_KEY = 20; // AUTH_FAILURE_LIMIT's default
const PER_ADDRESS = 60; // AUTH_FAILURE_ADDRESS_LIMIT's default

/** A GET sent from `from` (a 127.0.0.x address), so the API sees that client address. */
function getFrom(api: ApiHarness, from: string, path: string, auth?: Credentials): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${api.baseUrl}${path}`,
      { localAddress: from, agent: false, headers: auth ? { authorization: basic(auth) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers, body: text ? JSON.parse(text) : undefined, text });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function assertBudget(res: HttpResult, limit: number, remaining: number): void {
  assert.equal(res.headers.get('x-ratelimit-limit'), String(limit), res.text);
  assert.equal(res.headers.get('x-ratelimit-remaining'), String(remaining));
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  assert.ok(Number.isInteger(reset) && reset >= 1 && reset <= 60, `X-RateLimit-Reset ${reset}`);
}

function assertLimited(res: HttpResult): void {
  const e = assertFailure(res, 429);
  assert.equal(e.code, 'too_many_requests');
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  assert.equal(res.headers.get('x-ratelimit-remaining'), '0');
}

describe('failed authentication rate limits', () => {
  let api: ApiHarness;
  let t: Tenant;
  let key: Credentials;
  before(async () => {
    api = await startApi();
    t = await api.newTenant();
    key = await createApiKey(api, t.admin, t.adminServiceAccountId);
  });
  after(async () => {
    await api.close();
  });

  it('70 wrong secrets for one key id: 401 with the failure budget, then 429; the right secret still works elsewhere', async () => {
    const attacker = '127.0.0.2';
    const wrong = { key: key.key, secret: 'not-the-secret-0123456789' };
    for (let i = 1; i <= 70; i++) {
      const res = await getFrom(api, attacker, '/org/v2/environments', wrong);
      if (i <= PER_KEY) {
        assert.equal(assertFailure(res, 401).code, 'user_unauthenticated');
        assertBudget(res, PER_KEY, PER_KEY - i);
      } else assertLimited(res);
    }
    // From the attacker's address even the right secret is refused like a wrong one…
    assertLimited(await getFrom(api, attacker, '/org/v2/environments', key));
    // …but the key's owner, elsewhere, is not locked out, and has a failure budget of its own.
    const owner = '127.0.0.3';
    expectStatus(await getFrom(api, owner, '/org/v2/environments', key), 200);
    const typo = await getFrom(api, owner, '/org/v2/environments', { ...key, secret: 'typo' });
    assertFailure(typo, 401);
    assertBudget(typo, PER_KEY, PER_KEY - 1);
    expectStatus(await getFrom(api, owner, '/org/v2/environments', key), 200);
  });

  it('70 wrong operator credentials: 401, then 429; the operator elsewhere is not locked out', async () => {
    const attacker = '127.0.0.4';
    const wrong = { key: api.operator.key, secret: 'not-the-operator-secret' };
    for (let i = 1; i <= 70; i++) {
      const res = await getFrom(api, attacker, '/operator/v1/organizations', wrong);
      if (i <= PER_KEY) {
        assertFailure(res, 401);
        assertBudget(res, PER_KEY, PER_KEY - i);
      } else assertLimited(res);
    }
    assertLimited(await getFrom(api, attacker, '/operator/v1/organizations', api.operator));
    expectStatus(await getFrom(api, '127.0.0.5', '/operator/v1/organizations', api.operator), 200);
  });

  it('failures over many key ids are limited per address', async () => {
    const attacker = '127.0.0.6';
    for (let i = 1; i <= PER_ADDRESS + 5; i++) {
      const guess = { key: `K${String(i).padStart(15, '0')}`, secret: 'guess-0123456789' };
      const res = await getFrom(api, attacker, '/iam/v2/service-accounts', guess);
      if (i <= PER_ADDRESS) assertFailure(res, 401);
      else assertLimited(res);
    }
    // The attacker's own address is refused even with a real key; everyone else is not.
    assertLimited(await getFrom(api, attacker, '/iam/v2/service-accounts', key));
    expectStatus(await getFrom(api, '127.0.0.7', '/iam/v2/service-accounts', key), 200);
  });

  it('requests without credentials are not counted as failures', async () => {
    const client = '127.0.0.8';
    for (let i = 0; i < PER_ADDRESS + 5; i++) assertFailure(await getFrom(api, client, '/org/v2/environments'), 401);
    expectStatus(await getFrom(api, client, '/org/v2/environments', key), 200);
  });
});
