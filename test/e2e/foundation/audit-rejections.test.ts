// Mutations refused before their handler are audited too (issue 12, point 13): by authentication
// (401), by the rate limit (429), by the body parser (malformed JSON, too large) and by the input
// guards (415), with the status the client got, once each, without secrets; reads are not.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import type { Credentials } from '../../support/http-client';
import { TEST_DATABASE_URL } from '../../support/test-env';
import { waitFor } from '../../support/wait-for';

interface AuditRow {
  organizationId: string | null;
  actor: string;
  action: string;
  resourceId: string | null;
  result: string;
  details: Record<string, unknown> | null;
}

type Call = { auth?: Credentials | string; body?: unknown; rawBody?: string; headers?: Record<string, string> };

function auditing(api: () => ApiHarness, db: () => Client) {
  const rows = async (rid: string) =>
    (
      await db().query<AuditRow>(
        'SELECT "organizationId", actor, action, "resourceId", result, details FROM "AuditEvent" WHERE "requestId" = $1',
        [rid],
      )
    ).rows;
  return {
    rows,
    /** The request and, once written (after the response for rejections), its audit rows. */
    async call(method: string, path: string, opts: Call = {}) {
      const rid = `audit-rej-${randomBytes(8).toString('hex')}`;
      const res = await api().request(method, path, { ...opts, headers: { ...opts.headers, 'x-request-id': rid } });
      const found = await waitFor(`audit event of ${method} ${path}`, async () => {
        const r = await rows(rid);
        return r.length > 0 ? r : undefined;
      });
      return { res, rid, rows: found };
    },
  };
}

describe('audit of mutations refused before their handler', () => {
  let api: ApiHarness;
  let t: Tenant;
  let db: Client;
  const audit = auditing(
    () => api,
    () => db,
  );
  before(async () => {
    api = await startApi({ BODY_LIMIT: '1kb' });
    t = await api.newTenant();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await api.close();
  });

  it('401 without credentials: anonymous, no organization, the route and the status', async () => {
    const { res, rows } = await audit.call('POST', '/org/v2/environments', { body: { display_name: 'x' } });
    assert.equal(res.status, 401);
    assert.equal(rows.length, 1);
    assert.deepEqual(
      { ...rows[0], details: rows[0]?.details ?? null },
      {
        organizationId: null,
        actor: 'anonymous',
        action: 'POST /org/v2/environments',
        resourceId: null,
        result: '401',
        details: null,
      },
    );
  });

  it('401 with a wrong secret: the claimed key id is kept, never the secret', async () => {
    const secret = 'this-is-not-the-secret-0123456789abcdef';
    const { res, rows } = await audit.call('DELETE', '/iam/v2/service-accounts/sa-nope', {
      auth: { key: t.admin.key, secret },
    });
    assert.equal(res.status, 401);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.actor, 'anonymous');
    assert.equal(rows[0]?.organizationId, null);
    assert.equal(rows[0]?.result, '401');
    assert.equal(rows[0]?.resourceId, 'sa-nope');
    assert.deepEqual(rows[0]?.details, { claimed_key_id: t.admin.key });
    assert.ok(!JSON.stringify(rows).includes(secret));
  });

  it('other API families too: Kafka REST and Connect 401s', async () => {
    for (const path of ['/kafka/v3/clusters/lkc-nope/topics', '/connect/v1/environments/e/clusters/c/connectors']) {
      const { res, rows } = await audit.call('POST', path, { body: {} });
      assert.equal(res.status, 401, path);
      assert.equal(rows[0]?.result, '401');
      assert.match(rows[0]?.action ?? '', /^POST \//);
    }
  });

  it('malformed JSON (400), a body over BODY_LIMIT (413) and a non-JSON body (415) are audited, bodies not kept', async () => {
    const password = 'hunter2-in-a-broken-body';
    const cases: [Call, string][] = [
      [{ auth: t.admin, rawBody: `{"display_name": "${password}",` }, '400'],
      [{ auth: t.admin, body: { display_name: password, pad: 'x'.repeat(4096) } }, '413'],
      [{ auth: t.admin, rawBody: password, headers: { 'content-type': 'text/plain' } }, '415'],
    ];
    for (const [opts, status] of cases) {
      const { res, rows } = await audit.call('POST', '/org/v2/environments', opts);
      assert.equal(String(res.status), status, res.text);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.result, status);
      assert.equal(rows[0]?.action, 'POST /org/v2/environments');
      // Refused before authentication: no organization yet, the key id presented is kept.
      assert.equal(rows[0]?.organizationId, null);
      assert.deepEqual(rows[0]?.details, { claimed_key_id: t.admin.key });
      assert.ok(!JSON.stringify(rows).includes(password));
    }
  });

  it('an unknown route is audited with its path; a handled mutation still has exactly one event', async () => {
    const unknown = await audit.call('PUT', '/org/v2/nothing-here/x', { auth: t.admin, body: {} });
    assert.equal(unknown.res.status, 404);
    assert.equal(unknown.rows[0]?.action, 'PUT /org/v2/nothing-here/x');
    const handled = await audit.call('POST', '/org/v2/environments', { auth: t.admin, body: { display_name: 5 } });
    assert.equal(handled.res.status, 400);
    assert.equal(handled.rows[0]?.actor, t.admin.key);
    // A later rejection's event is written after the handled one's response closed: by then a
    // second event of the handled request would be there too.
    await audit.call('POST', '/org/v2/environments', {});
    assert.equal((await audit.rows(handled.rid)).length, 1);
  });

  it('reads refused by authentication are not audited', async () => {
    const rid = `audit-rej-${randomBytes(8).toString('hex')}`;
    const res = await api.request('GET', '/org/v2/environments', { headers: { 'x-request-id': rid } });
    assert.equal(res.status, 401);
    await audit.call('POST', '/org/v2/environments', {});
    assert.equal((await audit.rows(rid)).length, 0);
  });
});

describe('audit of mutations refused by the rate limit', () => {
  let api: ApiHarness;
  let t: Tenant;
  let db: Client;
  const audit = auditing(
    () => api,
    () => db,
  );
  before(async () => {
    api = await startApi({ RATE_LIMIT_REQUESTS: '2', RATE_LIMIT_WINDOW_SECONDS: '3600' });
    t = await api.newTenant();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await api.close();
  });

  it('429 is audited with the key and its organization', async () => {
    let last;
    for (let i = 0; i < 5; i++) {
      last = await audit.call('POST', '/org/v2/environments', { auth: t.admin, body: { display_name: `rl-${i}` } });
      if (last.res.status === 429) break;
    }
    assert.equal(last?.res.status, 429, last?.res.text);
    assert.equal(last?.rows.length, 1);
    assert.equal(last?.rows[0]?.result, '429');
    assert.equal(last?.rows[0]?.actor, t.admin.key);
    assert.equal(last?.rows[0]?.organizationId, t.organizationId);
  });
});

describe('audit of mutations refused by the failed-authentication limit', () => {
  let api: ApiHarness;
  let t: Tenant;
  let db: Client;
  const audit = auditing(
    () => api,
    () => db,
  );
  before(async () => {
    api = await startApi({ AUTH_FAILURE_LIMIT: '2' });
    t = await api.newTenant();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await api.close();
  });

  it('the 429 after repeated wrong secrets is audited as anonymous with the claimed key id', async () => {
    const wrong = { key: t.admin.key, secret: 'wrong-secret-0123456789abcdef0123456789' };
    let last;
    for (let i = 0; i < 6; i++) {
      last = await audit.call('POST', '/org/v2/environments', { auth: wrong, body: { display_name: 'x' } });
      if (last.res.status === 429) break;
    }
    assert.equal(last?.res.status, 429, last?.res.text);
    assert.equal(last?.rows.length, 1);
    assert.equal(last?.rows[0]?.result, '429');
    assert.equal(last?.rows[0]?.actor, 'anonymous');
    assert.equal(last?.rows[0]?.organizationId, null);
    assert.deepEqual(last?.rows[0]?.details, { claimed_key_id: t.admin.key });
  });
});
