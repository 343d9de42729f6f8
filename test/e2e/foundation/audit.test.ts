// Every mutation leaves an AuditEvent row (actor, action, result), for successes and failures;
// checked straight in Postgres. Each request carries its own X-Request-Id to find its row.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import {
  clusterBody,
  createCluster,
  createEnvironment,
  createServiceAccount,
  crnOf,
} from '../../support/cloud-fixtures';
import type { Credentials } from '../../support/http-client';
import { TEST_DATABASE_URL } from '../../support/test-env';
import { newRegistry } from '../schema-registry/support';

interface AuditRow {
  organizationId: string | null;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  result: string;
  requestId: string | null;
}

describe('audit events', () => {
  let api: ApiHarness;
  let t: Tenant;
  let db: Client;
  before(async () => {
    api = await startApi();
    t = await api.newTenant();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await api.close();
  });

  async function call(method: string, path: string, auth: Credentials | undefined, body?: unknown) {
    const rid = `audit-${randomBytes(8).toString('hex')}`;
    const res = await api.request(method, path, { auth, body, headers: { 'x-request-id': rid } });
    const { rows } = await db.query<AuditRow>(
      'SELECT "organizationId", actor, action, "resourceType", "resourceId", result, "requestId" FROM "AuditEvent" WHERE "requestId" = $1',
      [rid],
    );
    return { res, rows };
  }

  it('each successful mutation writes one event with actor, action, resource and result', async () => {
    const env = await createEnvironment(api, t.admin, 'aud');
    const lkc = await createCluster(api, t.admin, env);
    const sa = await createServiceAccount(api, t.admin, 'aud-sa');
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/org/v2/environments', { display_name: 'audited' }, /^POST \/org\/v2\/environments$/],
      ['PATCH', `/org/v2/environments/${env}`, { display_name: 'audited2' }, /^PATCH \/org\/v2\/environments\/:id$/],
      [
        'PATCH',
        `/org/v2/organizations/${t.organizationId}`,
        { display_name: 'Audited Org' },
        /^PATCH \/org\/v2\/organizations\/:id$/,
      ],
      ['POST', '/iam/v2/service-accounts', { display_name: 'aud-sa-2' }, /^POST \/iam\/v2\/service-accounts$/],
      ['PATCH', `/iam/v2/service-accounts/${sa}`, { description: 'd' }, /^PATCH \/iam\/v2\/service-accounts\/:id$/],
      ['POST', '/iam/v2/api-keys', { spec: { owner: { id: sa } } }, /^POST \/iam\/v2\/api-keys$/],
      [
        'POST',
        '/iam/v2/role-bindings',
        { principal: `User:${sa}`, role_name: 'EnvironmentAdmin', crn_pattern: crnOf.env(t.organizationId, env) },
        /^POST \/iam\/v2\/role-bindings$/,
      ],
      ['POST', '/cmk/v2/clusters', clusterBody(env, 'aud-c'), /^POST \/cmk\/v2\/clusters$/],
      [
        'PATCH',
        `/cmk/v2/clusters/${lkc}`,
        { spec: { display_name: 'x', environment: { id: env } } },
        /^PATCH \/cmk\/v2\/clusters\/:id$/,
      ],
    ];
    const created: Record<string, string> = {};
    for (const [method, path, body, action] of cases) {
      const { res, rows } = await call(method, path, t.admin, body);
      assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${res.text}`);
      assert.equal(rows.length, 1, `one audit event for ${method} ${path}`);
      const row = rows[0] as AuditRow;
      assert.equal(row.actor, t.admin.key);
      assert.equal(row.organizationId, t.organizationId);
      assert.match(row.action, action);
      assert.equal(row.result, 'success');
      assert.ok(row.resourceType.length > 0);
      assert.equal(row.resourceId, res.body?.id ?? path.split('/').pop());
      created[path] = res.body?.id;
    }
    // Deletes, including their resource ids.
    const keyId = created['/iam/v2/api-keys'] as string;
    const rbId = created['/iam/v2/role-bindings'] as string;
    const newLkc = created['/cmk/v2/clusters'] as string;
    for (const [path, id] of [
      [`/iam/v2/api-keys/${keyId}`, keyId],
      [`/iam/v2/role-bindings/${rbId}`, rbId],
      [`/cmk/v2/clusters/${newLkc}?environment=${env}`, newLkc],
      [`/iam/v2/service-accounts/${sa}`, sa],
    ]) {
      const { res, rows } = await call('DELETE', path as string, t.admin);
      assert.ok(res.status < 300, `DELETE ${path} → ${res.status} ${res.text}`);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.result, 'success');
      assert.equal(rows[0]?.resourceId, id);
      assert.match(rows[0]?.action ?? '', /^DELETE /);
    }
  });

  it('failed mutations are audited with their status as the result', async () => {
    const env = await createEnvironment(api, t.admin, 'aud-fail');
    await createCluster(api, t.admin, env);
    const nobodySa = await createServiceAccount(api, t.admin, 'aud-nobody');
    const keyRes = await api.request('POST', '/iam/v2/api-keys', {
      auth: t.admin,
      body: { spec: { owner: { id: nobodySa } } },
    });
    const nobody = { key: keyRes.body.id, secret: keyRes.body.spec.secret };
    const cases: [string, string, Credentials, unknown, string][] = [
      ['POST', '/org/v2/environments', t.admin, { display_name: 5 }, '400'],
      ['DELETE', `/org/v2/environments/${env}`, t.admin, undefined, '409'],
      ['DELETE', '/org/v2/environments/env-zzzzzz', t.admin, undefined, '404'],
      ['POST', '/org/v2/environments', nobody, { display_name: 'nope' }, '403'],
      ['POST', '/iam/v2/service-accounts', t.admin, { display_name: 'aud-nobody' }, '409'],
    ];
    for (const [method, path, auth, body, result] of cases) {
      const { res, rows } = await call(method, path, auth, body);
      assert.equal(String(res.status), result, res.text);
      assert.equal(rows.length, 1, `one audit event for failed ${method} ${path}`);
      assert.equal(rows[0]?.result, result);
      assert.equal(rows[0]?.actor, auth.key);
      assert.equal(rows[0]?.organizationId, t.organizationId);
    }
  });

  it('operator actions are audited with actor "operator"; reads are not audited', async () => {
    const created = await call('POST', '/operator/v1/organizations', api.operator, { display_name: 'audited-tenant' });
    assert.equal(created.res.status, 201);
    assert.equal(created.rows.length, 1);
    assert.equal(created.rows[0]?.actor, 'operator');
    assert.equal(created.rows[0]?.result, 'success');
    assert.equal(created.rows[0]?.resourceId, created.res.body.id);
    assert.ok(
      !JSON.stringify(created.rows).includes(created.res.body.admin.api_key.secret),
      'no secret in the audit trail',
    );
    const id = created.res.body.id as string;
    for (const [method, path] of [
      ['POST', `/operator/v1/organizations/${id}/suspend`],
      ['POST', `/operator/v1/organizations/${id}/resume`],
      ['DELETE', `/operator/v1/organizations/${id}`],
    ]) {
      const { res, rows } = await call(method as string, path as string, api.operator);
      assert.ok(res.status < 300);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.actor, 'operator');
      assert.equal(rows[0]?.resourceId, id);
    }
    const read = await call('GET', '/org/v2/environments', t.admin);
    assert.equal(read.res.status, 200);
    assert.equal(read.rows.length, 0);
  });

  it('a Schema Registry mutation is audited with the status its client got (after SR error mapping)', async () => {
    const registry = await newRegistry(api, t, 'aud-sr');
    const bad = await call('POST', '/subjects/aud-bad/versions', registry.key, { schema: '{"type":"nope"}' });
    assert.equal(bad.res.status, 422, bad.res.text);
    assert.equal(bad.rows.length, 1);
    assert.equal(bad.rows[0]?.result, '422');
    const read = await call('GET', '/subjects', registry.key);
    assert.equal(read.res.status, 200);
    assert.equal(read.rows.length, 0);
  });

  it('a second API instance in the same process audits each of its mutations once', async () => {
    const peer = await startApi({}, { shareWith: api });
    try {
      const rid = `audit-${randomBytes(8).toString('hex')}`;
      const res = await peer.request('POST', '/org/v2/environments', {
        auth: t.admin,
        body: { display_name: 'aud-peer' },
        headers: { 'x-request-id': rid },
      });
      assert.equal(res.status, 201, res.text);
      const { rows } = await db.query<AuditRow>('SELECT result FROM "AuditEvent" WHERE "requestId" = $1', [rid]);
      assert.deepEqual(
        rows.map((r) => r.result),
        ['success'],
      );
    } finally {
      await peer.close();
    }
  });
});
