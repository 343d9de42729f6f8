/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// The audit read API (issue 12, point 13): GET /audit/v1/events gives an organization's events to
// its OrganizationAdmins only, newest first, paged the Confluent way and filtered; another tenant's
// events never show; GET /operator/v1/audit-events gives the operator the events with no
// organization (refused before authentication); both are in /openapi.json.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import {
  assertFailure,
  clusterBody,
  createApiKey,
  createCluster,
  createEnvironment,
  createServiceAccount,
  expectStatus,
} from '../../support/cloud-fixtures';
import type { Credentials, HttpResult } from '../../support/http-client';
import { waitFor } from '../../support/wait-for';

describe('audit read API', () => {
  let api: ApiHarness;
  let t: Tenant;
  let other: Tenant;
  let nonAdmin: Credentials;
  let clusterKey: Credentials;
  const mine: string[] = []; // request ids of t's mutations, oldest first
  let startedAt: string;

  const mutate = async (auth: Credentials | undefined, method: string, path: string, body?: unknown) => {
    const rid = `audit-read-${randomBytes(8).toString('hex')}`;
    const res = await api.request(method, path, { auth, body, headers: { 'x-request-id': rid } });
    return { res, rid };
  };
  const list = (auth: Credentials, query = '') => api.request('GET', `/audit/v1/events${query}`, { auth });

  before(async () => {
    api = await startApi();
    t = await api.newTenant();
    other = await api.newTenant();
    const sa = await createServiceAccount(api, t.admin, 'aud-read-nobody');
    nonAdmin = await createApiKey(api, t.admin, sa);
    const env = await createEnvironment(api, t.admin, 'aud-read');
    const lkc = await createCluster(api, t.admin, env);
    clusterKey = await createApiKey(api, t.admin, t.adminServiceAccountId, lkc, env);
    // The set-up's events are before startedAt (stored with microseconds); the ones below after it.
    const boundary = Date.now() + 1;
    startedAt = new Date(boundary).toISOString();
    await waitFor('the clock to pass startedAt', async () => (Date.now() > boundary ? true : undefined), 1000, 1);
    for (let i = 0; i < 5; i++)
      mine.push((await mutate(t.admin, 'POST', '/org/v2/environments', { display_name: `aud-read-${i}` })).rid);
    mine.push((await mutate(t.admin, 'POST', '/org/v2/environments', { display_name: 7 })).rid); // 400
    mine.push((await mutate(t.admin, 'POST', '/cmk/v2/clusters', clusterBody('env-nope', 'x'))).rid); // 404
    await mutate(other.admin, 'POST', '/org/v2/environments', { display_name: 'other-tenant' });
  });
  after(() => api.close());

  it('an OrganizationAdmin pages through its events, newest first, with metadata.next', async () => {
    const seen: any[] = [];
    let path: string | undefined = `/audit/v1/events?page_size=3&start_time=${encodeURIComponent(startedAt)}`;
    while (path) {
      const res: HttpResult = await api.request('GET', path.replace(api.baseUrl, ''), { auth: t.admin });
      expectStatus(res, 200);
      assert.equal(res.body.kind, 'AuditEventList');
      assert.equal(res.body.api_version, 'audit/v1');
      assert.equal(res.body.metadata.total_size, mine.length);
      assert.ok(res.body.data.length <= 3);
      seen.push(...res.body.data);
      path = res.body.metadata.next;
    }
    assert.deepEqual(
      seen.map((e) => e.request_id),
      [...mine].reverse(),
    );
    const ids = seen.map((e) => BigInt(e.id));
    assert.ok(
      ids.every((id, i) => i === 0 || id < (ids[i - 1] as bigint)),
      'ids strictly decreasing',
    );
    const first = seen[seen.length - 1];
    assert.equal(first.kind, 'AuditEvent');
    assert.equal(first.organization_id, t.organizationId);
    assert.equal(first.principal, t.admin.key);
    assert.equal(first.method, 'POST');
    assert.equal(first.path, '/org/v2/environments');
    assert.equal(first.resource_type, 'environments');
    assert.match(first.resource_id, /^env-/);
    assert.equal(first.result, 'success');
    assert.ok(!Number.isNaN(Date.parse(first.time)));
  });

  it('filters: result, method and path, principal, time range', async () => {
    const q = (s: string) => list(t.admin, `?start_time=${encodeURIComponent(startedAt)}&${s}`);
    const failed = await q('result=400');
    assert.deepEqual(
      failed.body.data.map((e: any) => e.request_id),
      [mine[5]],
    );
    const clusters = await q('method=post&path=/cmk/v2/clusters');
    assert.deepEqual(
      clusters.body.data.map((e: any) => [e.request_id, e.result]),
      [[mine[6], '404']],
    );
    const byPath = await q('path=/org/v2/environments');
    assert.equal(byPath.body.metadata.total_size, 6);
    assert.equal((await q(`principal=${t.admin.key}`)).body.metadata.total_size, mine.length);
    assert.equal((await q('principal=operator')).body.metadata.total_size, 0);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal((await list(t.admin, `?start_time=${encodeURIComponent(future)}`)).body.data.length, 0);
    const before = await list(t.admin, `?end_time=${encodeURIComponent(startedAt)}&path=/org/v2/environments`);
    assert.ok(before.body.data.every((e: any) => !mine.includes(e.request_id)));
  });

  it("another tenant's events never show, in either direction", async () => {
    const ours = await list(t.admin, '?page_size=100');
    assert.ok(ours.body.data.every((e: any) => e.organization_id === t.organizationId));
    const theirs = await list(other.admin, '?page_size=100');
    expectStatus(theirs, 200);
    assert.ok(theirs.body.data.length >= 1);
    assert.ok(theirs.body.data.every((e: any) => e.organization_id === other.organizationId));
    assert.ok(theirs.body.data.every((e: any) => !mine.includes(e.request_id)));
  });

  it('a key without OrganizationAdmin gets 403; a cluster key, no key or a bad token 4xx', async () => {
    assertFailure(await list(nonAdmin), 403);
    const byClusterKey = await list(clusterKey);
    assert.ok([401, 403].includes(byClusterKey.status), byClusterKey.text);
    assert.equal((await api.request('GET', '/audit/v1/events')).status, 401);
    for (const [query, parameter] of [
      ['?page_token=abc', 'page_token'],
      ['?page_size=0', 'page_size'],
      ['?start_time=yesterday', 'start_time'],
      ['?end_time=2020-01-01T00:00:00Z&start_time=2021-01-01T00:00:00Z', 'end_time'],
      ['?method=GET', 'method'],
      ['?path=org', 'path'],
      ['?result=fine', 'result'],
    ] as const)
      assertFailure(await list(t.admin, query), 400, { parameter });
  });

  it('the operator reads the events with no organization; tenants cannot', async () => {
    const { res, rid } = await mutate(undefined, 'DELETE', '/org/v2/environments/env-x');
    assert.equal(res.status, 401);
    const found = await waitFor('anonymous event', async () => {
      const r = await api.request('GET', '/operator/v1/audit-events?principal=anonymous&page_size=100', {
        auth: api.operator,
      });
      expectStatus(r, 200);
      return r.body.data.find((e: any) => e.request_id === rid);
    });
    assert.equal(found.organization_id, null);
    assert.equal(found.result, '401');
    assert.equal(found.method, 'DELETE');
    const all = await api.request('GET', '/operator/v1/audit-events?page_size=100', { auth: api.operator });
    assert.ok(all.body.data.every((e: any) => e.organization_id === null));
    assert.ok(all.body.data.every((e: any) => !mine.includes(e.request_id)));
    assert.equal((await api.request('GET', '/operator/v1/audit-events', { auth: t.admin })).status, 401);
  });

  it('/openapi.json documents both', async () => {
    const doc = (await api.request('GET', '/openapi.json')).body;
    for (const path of ['/audit/v1/events', '/operator/v1/audit-events']) {
      const op = doc.paths[path]?.get;
      assert.ok(op, path);
      const params = op.parameters.map((p: any) => p.name).sort();
      assert.deepEqual(params, [
        'end_time',
        'method',
        'page_size',
        'page_token',
        'path',
        'principal',
        'result',
        'start_time',
      ]);
    }
  });
});
