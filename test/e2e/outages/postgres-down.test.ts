// Issue 12, Fault 4: while Postgres is down, requests answer 503 with Retry-After in each API
// family's error format (not 500 "Oops"), promptly (no hang over 2 s), and 200 again once it is
// back. A real API on a private, migrated PostgreSQL server that the test stops and restarts.
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { assertFailure, expectStatus } from '../../support/cloud-fixtures';
import type { Credentials, HttpResult } from '../../support/http-client';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { waitFor } from '../../support/wait-for';

const PROMPT_MS = 2000;

// A key id the API has not cached, so authenticating it needs the database.
const freshKey = (): Credentials => ({
  key: randomBytes(8).toString('hex').toUpperCase(),
  secret: 'secret-0123456789abcdef',
});

function assertRetryAfter(res: HttpResult): void {
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After ${res.headers.get('retry-after')}`);
}

describe('Postgres outage', () => {
  let pg: PrivatePostgres;
  let api: ApiHarness;
  let t: Tenant;

  async function prompt(path: string, auth: Credentials): Promise<HttpResult> {
    const started = Date.now();
    const res = await api.request('GET', path, { auth });
    const took = Date.now() - started;
    assert.ok(took < PROMPT_MS, `GET ${path} took ${took} ms while Postgres is down`);
    return res;
  }

  before(async () => {
    pg = await startPrivatePostgres();
    const url = await pg.migrate();
    api = await startApi({ DATABASE_URL: url });
    t = await api.newTenant();
  });
  after(async () => {
    await api?.close();
    await pg?.close();
  });

  it('503 + Retry-After in every family format while down, 200 once it is back', async () => {
    expectStatus(await api.request('GET', '/org/v2/environments', { auth: t.admin }), 200);
    await pg.stop('fast');

    // Cloud (Org/IAM/CMK): Failure format, with a cached key (the read fails) and an uncached one.
    for (const auth of [t.admin, freshKey()]) {
      const res = await prompt('/org/v2/environments', auth);
      const e = assertFailure(res, 503);
      assert.equal(e.code, 'service_unavailable');
      assertRetryAfter(res);
    }
    const connect = await prompt('/connect/v1/environments/env-abc123/clusters/lkc-abc123/connectors', freshKey());
    assert.equal(connect.status, 503, connect.text);
    assert.equal(connect.body?.error?.code, 503, connect.text);
    assert.equal(typeof connect.body?.error?.message, 'string');
    assertRetryAfter(connect);
    for (const path of ['/kafka/v3/clusters/lkc-abc123/topics', '/subjects']) {
      const res = await prompt(path, freshKey());
      assert.equal(res.status, 503, `${path}: ${res.text}`);
      assert.equal(res.body?.error_code, 503, res.text);
      assert.equal(typeof res.body?.message, 'string');
      assertRetryAfter(res);
    }

    await pg.start();
    await waitFor('the API to read the database again', async () => {
      const res = await api.request('GET', '/org/v2/environments', { auth: t.admin });
      return res.status === 200 ? true : undefined;
    });
  });
});
