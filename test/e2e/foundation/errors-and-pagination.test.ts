// The Failure error format, list pagination, and bad input of every kind: always a 4xx in the
// cloud family's format with a useful detail and source, never a 5xx.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import {
  assertFailure,
  bindRole,
  clusterBody,
  createApiKey,
  createCluster,
  createEnvironment,
  createServiceAccount,
  crnOf,
  expectStatus,
  specRequest,
} from '../../support/cloud-fixtures';
import type { HttpResult } from '../../support/http-client';
import { assertConformsToSpec } from '../../support/openapi-validator';

describe('errors, pagination, bad input', () => {
  let api: ApiHarness;
  let t: Tenant;
  let env: string;
  let lkc: string;
  let sa: string;
  before(async () => {
    api = await startApi();
    t = await api.newTenant();
    env = await createEnvironment(api, t.admin, 'errs');
    lkc = await createCluster(api, t.admin, env);
    sa = await createServiceAccount(api, t.admin, 'errs-sa');
  });
  after(() => api.close());

  describe('pagination', () => {
    /** Follows metadata.next from the first page; returns every id in order. */
    async function walk(firstPath: string): Promise<{ ids: string[]; pages: number; total: number }> {
      const ids: string[] = [];
      let path: string | undefined = firstPath;
      let pages = 0;
      let total = -1;
      while (path) {
        const current: string = path;
        const res: HttpResult = await specRequest(api, 'GET', current, { auth: t.admin });
        expectStatus(res, 200, current);
        pages++;
        assert.ok(pages < 50, 'pagination does not end');
        total = res.body.metadata.total_size;
        ids.push(...res.body.data.map((x: { id: string }) => x.id));
        const next: string | undefined = res.body.metadata.next ?? undefined;
        if (next) {
          assert.ok(next.startsWith(`${api.baseUrl}/`), `metadata.next is a full URL: ${next}`);
          const u: URL = new URL(next);
          assert.ok(u.searchParams.get('page_token'), 'next carries page_token');
          path = `${u.pathname}${u.search}`;
        } else {
          path = undefined;
        }
      }
      return { ids, pages, total };
    }

    it('environments: default page size 10, next URLs, every item exactly once', async () => {
      const tenant = await api.newTenant();
      const made: string[] = [];
      for (let i = 0; i < 23; i++) made.push(await createEnvironment(api, tenant.admin, `p${i}`));
      const first = await specRequest(api, 'GET', '/org/v2/environments', { auth: tenant.admin });
      assert.equal(first.body.data.length, 10);
      assert.equal(first.body.metadata.total_size, 23);
      assert.equal(first.body.metadata.first, `${api.baseUrl}/org/v2/environments`);
      const saved = t;
      t = tenant;
      try {
        const all = await walk('/org/v2/environments');
        assert.equal(all.pages, 3);
        assert.equal(all.total, 23);
        assert.deepEqual([...all.ids].sort(), [...made].sort());
        assert.equal(new Set(all.ids).size, all.ids.length);
        const big = await walk('/org/v2/environments?page_size=100');
        assert.equal(big.pages, 1);
        assert.deepEqual(big.ids, all.ids);
        const small = await walk('/org/v2/environments?page_size=7');
        assert.equal(small.pages, 4);
        assert.deepEqual(small.ids, all.ids);
        // Concurrent inserts while walking: nothing seen twice, nothing that existed skipped.
        const p1 = await api.request('GET', '/org/v2/environments?page_size=5', { auth: tenant.admin });
        const extra = await createEnvironment(api, tenant.admin, 'late');
        const rest = await walk(new URL(p1.body.metadata.next).pathname + new URL(p1.body.metadata.next).search);
        const seen = [...p1.body.data.map((e: { id: string }) => e.id), ...rest.ids];
        assert.equal(new Set(seen).size, seen.length);
        for (const id of [...made, extra]) assert.ok(seen.includes(id), `${id} skipped`);
      } finally {
        t = saved;
      }
    });

    it('service accounts, api keys, role bindings and clusters paginate too (next keeps the filters)', async () => {
      const tenant = await api.newTenant();
      const saved = t;
      t = tenant;
      try {
        const e = await createEnvironment(api, tenant.admin, 'pg');
        const sas: string[] = [tenant.adminServiceAccountId];
        for (let i = 0; i < 11; i++) sas.push(await createServiceAccount(api, tenant.admin, `pg-sa-${i}`));
        const s = await walk('/iam/v2/service-accounts?page_size=4');
        assert.deepEqual([...s.ids].sort(), [...sas].sort());
        const keys: string[] = [];
        for (let i = 0; i < 5; i++) keys.push((await createApiKey(api, tenant.admin, sas[1] as string)).id);
        const k = await walk(`/iam/v2/api-keys?spec.owner=${sas[1]}&page_size=2`);
        assert.deepEqual([...k.ids].sort(), [...keys].sort());
        assert.equal(k.pages, 3);
        const rbs: string[] = [];
        for (let i = 2; i < 7; i++)
          rbs.push(
            await bindRole(api, tenant, sas[i] as string, 'EnvironmentAdmin', crnOf.env(tenant.organizationId, e)),
          );
        const r = await walk(`/iam/v2/role-bindings?role_name=EnvironmentAdmin&page_size=2`);
        assert.deepEqual([...r.ids].sort(), [...rbs].sort());
        const lkcs: string[] = [];
        for (let i = 0; i < 4; i++) lkcs.push(await createCluster(api, tenant.admin, e, `c${i}`));
        const c = await walk(`/cmk/v2/clusters?environment=${e}&page_size=3`);
        assert.deepEqual([...c.ids].sort(), [...lkcs].sort());
        assert.equal(c.pages, 2);
        const orgs = await walk('/org/v2/organizations?page_size=1');
        assert.deepEqual(orgs.ids, [tenant.organizationId]);
      } finally {
        t = saved;
      }
    });

    it('bad page_size / page_token → 400 with source.parameter', async () => {
      for (const path of [
        '/org/v2/environments',
        '/iam/v2/service-accounts',
        '/iam/v2/api-keys',
        '/iam/v2/role-bindings',
        `/cmk/v2/clusters?environment=${env}`,
        '/org/v2/organizations',
      ]) {
        const sep = path.includes('?') ? '&' : '?';
        for (const size of ['0', '101', '-1', 'abc', '1.5', '1e2', '']) {
          if (size === '') continue;
          const res = await specRequest(api, 'GET', `${path}${sep}page_size=${encodeURIComponent(size)}`, {
            auth: t.admin,
          });
          assertFailure(res, 400, { parameter: 'page_size' });
        }
        for (const token of [
          'garbage',
          'x'.repeat(300),
          Buffer.from('[1,2,3]').toString('base64url'),
          Buffer.from('{"a":1}').toString('base64url'),
          '!!!',
          Buffer.from('[1e400,"x"]').toString('base64url'),
        ]) {
          const res = await specRequest(api, 'GET', `${path}${sep}page_token=${encodeURIComponent(token)}`, {
            auth: t.admin,
          });
          assertFailure(res, 400, { parameter: 'page_token' });
        }
        expectStatus(await api.request('GET', `${path}${sep}page_size=100`, { auth: t.admin }), 200);
        expectStatus(await api.request('GET', `${path}${sep}page_size=1`, { auth: t.admin }), 200);
      }
    });
  });

  describe('error format', () => {
    it('Failure bodies: string status, code, title, detail, source; X-Request-Id matches errors[].id', async () => {
      const res = await api.request('GET', '/org/v2/environments/env-nope00', {
        auth: t.admin,
        headers: { 'x-request-id': 'trace-404' },
      });
      const e = assertFailure(res, 404);
      assert.equal(e.code, 'resource_not_found');
      assert.equal(e.title, 'Not Found');
      assert.equal(e.id, 'trace-404');
      assert.deepEqual(e.source, {});
      assertConformsToSpec('GET', '/org/v2/environments/env-nope00', res);
      const validation = await api.request('POST', '/iam/v2/service-accounts', {
        auth: t.admin,
        body: { display_name: 42 },
      });
      const v = assertFailure(validation, 400, { pointer: '/display_name' });
      assert.equal(v.code, 'invalid_input');
      assert.match(v.detail, /display_name/);
      assertConformsToSpec('POST', '/iam/v2/service-accounts', validation);
      const unauth = await api.request('GET', '/org/v2/environments');
      assert.equal(assertFailure(unauth, 401).code, 'user_unauthenticated');
    });

    it('unknown routes and methods → 404 in the Failure format', async () => {
      for (const [method, path] of [
        ['GET', '/org/v2/nothing'],
        ['PUT', `/org/v2/environments/${env}`],
        ['POST', `/org/v2/environments/${env}`],
        ['PATCH', '/iam/v2/role-bindings/rb-abcdef'],
        ['GET', '/org/v3/environments'],
      ]) {
        const res = await api.request(method as string, path as string, { auth: t.admin });
        assert.ok(res.status === 404 || res.status === 405, `${method} ${path} → ${res.status}`);
        assertFailure(res, res.status);
      }
    });
  });

  describe('bad input → 4xx, never 5xx', () => {
    it('malformed JSON, wrong types, unknown fields, nested errors point at the field', async () => {
      const malformed = await api.request('POST', '/org/v2/environments', {
        auth: t.admin,
        rawBody: '{"display_name": "x",',
      });
      const m = assertFailure(malformed, 400);
      assert.match(m.detail, /JSON/i);
      const cases: [string, string, unknown, string][] = [
        ['POST', '/org/v2/environments', { display_name: 5 }, '/display_name'],
        ['POST', '/org/v2/environments', { display_name: 'ok', color: 'red' }, '/color'],
        ['POST', '/org/v2/environments', { display_name: '' }, '/display_name'],
        ['POST', '/org/v2/environments', { display_name: 'x'.repeat(65) }, '/display_name'],
        ['PATCH', `/org/v2/environments/${env}`, { display_name: ['a'] }, '/display_name'],
        ['POST', '/iam/v2/service-accounts', { display_name: 'ok', description: 7 }, '/description'],
        ['PATCH', `/iam/v2/service-accounts/${sa}`, { id: 'sa-other' }, '/id'],
        ['POST', '/iam/v2/api-keys', { spec: 'cloud' }, '/spec'],
        ['POST', '/iam/v2/api-keys', { spec: { owner: { id: 7 } } }, '/spec/owner/id'],
        ['POST', '/iam/v2/api-keys', { spec: { owner: { id: sa }, secret: 'mine' } }, '/spec/secret'],
        [
          'POST',
          '/iam/v2/role-bindings',
          { principal: 'sa-abc', role_name: 'OrganizationAdmin', crn_pattern: crnOf.org(t.organizationId) },
          '/principal',
        ],
        ['POST', '/iam/v2/role-bindings', { principal: `User:${sa}`, role_name: 'OrganizationAdmin' }, '/crn_pattern'],
        ['POST', '/cmk/v2/clusters', clusterBody(env, 'x', { cloud: 'MARS' }), '/spec/cloud'],
        [
          'POST',
          '/cmk/v2/clusters',
          clusterBody(env, 'x', { config: { kind: 'Dedicated', cku: '2' } }),
          '/spec/config/cku',
        ],
        ['POST', '/cmk/v2/clusters', clusterBody(env, 'x', { config: { kind: 'Huge' } }), '/spec/config/kind'],
        ['POST', '/cmk/v2/clusters', clusterBody(env, 'x', { environment: 'env' }), '/spec/environment'],
        ['POST', '/cmk/v2/clusters', clusterBody(env, 'x', { extra: true }), '/spec/extra'],
        [
          'PATCH',
          `/cmk/v2/clusters/${lkc}`,
          { spec: { deletion_protection: 'yes', environment: { id: env } } },
          '/spec/deletion_protection',
        ],
        ['PATCH', `/org/v2/organizations/${t.organizationId}`, { jit_enabled: 'true' }, '/jit_enabled'],
      ];
      for (const [method, path, body, pointer] of cases) {
        const res = await api.request(method, path, { auth: t.admin, body });
        assertFailure(res, 400, { pointer });
        assertConformsToSpec(method, path, res);
      }
    });

    it('bodies that are not objects, wrong content types, empty bodies', async () => {
      const raws = [
        'null',
        '[]',
        '"string"',
        '42',
        'true',
        '[{"display_name":"x"}]',
        '{"__proto__":{"admin":true},"display_name":"x"}',
        '{"constructor":{"prototype":{}}}',
        '',
      ];
      for (const path of [
        '/org/v2/environments',
        '/iam/v2/service-accounts',
        '/iam/v2/api-keys',
        '/iam/v2/role-bindings',
        '/cmk/v2/clusters',
        `/org/v2/environments/${env}`,
      ]) {
        const method = path.split('/').length > 4 ? 'PATCH' : 'POST';
        for (const rawBody of raws) {
          const res = await api.request(method, path, { auth: t.admin, rawBody });
          assert.ok(res.status < 500, `${method} ${path} ${rawBody} → ${res.status} ${res.text}`);
          if (res.status >= 400) assertFailure(res, res.status);
        }
        for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
          const res = await api.request(method, path, {
            auth: t.admin,
            rawBody: 'display_name=x',
            headers: { 'content-type': ct },
          });
          assert.equal(assertFailure(res, 415).code, 'unsupported_media_type');
        }
      }
    });

    it('racing requests: duplicates are 409 and a delete racing creates is 409, never 500', async () => {
      const statuses = async (reqs: Promise<{ status: number; text: string }>[]) =>
        (await Promise.all(reqs)).map((r) => r.status);
      const sas = await statuses(
        Array.from({ length: 6 }, () =>
          api.request('POST', '/iam/v2/service-accounts', { auth: t.admin, body: { display_name: 'racer' } }),
        ),
      );
      assert.deepEqual([...sas].sort(), [201, 409, 409, 409, 409, 409]);
      const racer = await createServiceAccount(api, t.admin, 'racer-2');
      const body = {
        principal: `User:${racer}`,
        role_name: 'EnvironmentAdmin',
        crn_pattern: crnOf.env(t.organizationId, env),
      };
      const rbs = await statuses(
        Array.from({ length: 6 }, () => api.request('POST', '/iam/v2/role-bindings', { auth: t.admin, body })),
      );
      assert.deepEqual([...rbs].sort(), [201, 409, 409, 409, 409, 409]);
      for (let i = 0; i < 2; i++) {
        const doomed = await createEnvironment(api, t.admin, `doomed-${i}`);
        const mixed = await statuses([
          api.request('DELETE', `/org/v2/environments/${doomed}`, { auth: t.admin }),
          ...Array.from({ length: 3 }, () =>
            api.request('POST', '/cmk/v2/clusters', { auth: t.admin, body: clusterBody(doomed) }),
          ),
        ]);
        assert.ok(
          mixed.every((s) => s < 500),
          `statuses ${mixed}`,
        );
      }
    });

    it('deeply nested JSON (within the size limit) is a 400, not a stack overflow', async () => {
      const depth = 150_000;
      const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      for (const rawBody of [
        `{"display_name":"x","extra":${nested}}`,
        `{"display_name":${nested}}`,
        `{"display_name":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      ]) {
        assertFailure(await api.request('POST', '/org/v2/environments', { auth: t.admin, rawBody }), 400);
      }
      const cluster = JSON.stringify(clusterBody(env)).replace(`"id":"${env}"`, `"id":"${env}","kind":${nested}`);
      assertFailure(await api.request('POST', '/cmk/v2/clusters', { auth: t.admin, rawBody: cluster }), 400);
    });

    it('oversized body (> 1 MB) → 413 in the Failure format', async () => {
      const big = JSON.stringify({ display_name: 'x', description: 'y'.repeat(1_100_000) });
      const res = await api.request('POST', '/iam/v2/service-accounts', { auth: t.admin, rawBody: big });
      const e = assertFailure(res, 413);
      assert.match(e.detail, /limit/);
      // Just under the limit parses (and then fails validation on length, a 400).
      const under = await api.request('POST', '/iam/v2/service-accounts', {
        auth: t.admin,
        rawBody: JSON.stringify({ display_name: 'x', description: 'y'.repeat(1_000_000) }),
      });
      assertFailure(under, 400, { pointer: '/description' });
    });

    it('NUL characters in bodies, paths and queries → 400, not a database error', async () => {
      const body = await api.request('POST', '/org/v2/environments', {
        auth: t.admin,
        body: { display_name: 'a\u0000b' },
      });
      assertFailure(body, 400);
      const nested = await api.request('POST', '/cmk/v2/clusters', {
        auth: t.admin,
        body: clusterBody(env, 'x', { region: 'us\u0000' }),
      });
      assertFailure(nested, 400);
      assertFailure(await api.request('GET', '/org/v2/environments/env-%00', { auth: t.admin }), 400);
      for (const [path, parameter] of [
        ['/cmk/v2/clusters?environment=env-%00', 'environment'],
        ['/iam/v2/service-accounts?display_name=%00', 'display_name'],
        ['/iam/v2/api-keys?spec.owner=sa-%00', 'spec.owner'],
        ['/iam/v2/role-bindings?principal=User:%00', 'principal'],
      ]) {
        assertFailure(await api.request('GET', path as string, { auth: t.admin }), 400, { parameter });
      }
    });

    it('invalid ids in paths and queries → 4xx', async () => {
      const weird = [
        '%00',
        '..%2F..%2Fetc%2Fpasswd',
        'x'.repeat(2000),
        '%E2%98%83',
        "'%20OR%201=1--",
        'env-%22%3E%3Cscript%3E',
        '%25',
        'lkc-abc%0d%0aSet-Cookie:x=1',
      ];
      for (const id of weird) {
        for (const path of [
          `/org/v2/environments/${id}`,
          `/org/v2/organizations/${id}`,
          `/iam/v2/service-accounts/${id}`,
          `/iam/v2/api-keys/${id}`,
          `/iam/v2/role-bindings/${id}`,
          `/cmk/v2/clusters/${id}?environment=${env}`,
          `/cmk/v2/clusters/${lkc}?environment=${id}`,
          `/cmk/v2/clusters?environment=${id}`,
          `/operator/v1/organizations/${id}`,
        ]) {
          const auth = path.startsWith('/operator') ? api.operator : t.admin;
          for (const method of ['GET', 'DELETE']) {
            const res = await api.request(method, path, { auth });
            assert.ok(
              res.status >= 400 && res.status < 500,
              `${method} ${path.slice(0, 80)} → ${res.status} ${res.text.slice(0, 200)}`,
            );
            assertFailure(res, res.status);
            assert.equal(res.headers.get('set-cookie'), null);
          }
        }
      }
      const repeated = await api.request('GET', `/cmk/v2/clusters?environment=${env}&environment=${env}`, {
        auth: t.admin,
      });
      assertFailure(repeated, 400, { parameter: 'environment' });
      const nested = await api.request('GET', `/cmk/v2/clusters?environment[a]=b`, { auth: t.admin });
      assert.ok(nested.status >= 400 && nested.status < 500, nested.text);
      const badOwner = await api.request('GET', '/iam/v2/api-keys?spec.owner=a&spec.owner=b', { auth: t.admin });
      assertFailure(badOwner, 400, { parameter: 'spec.owner' });
    });
  });
});
