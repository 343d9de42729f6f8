// Tenant isolation: organization B's admin key against every endpoint with organization A's ids
// answers 404 (or 403) or an empty list, never A's data; afterwards A's resources are unchanged.
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
} from '../../support/cloud-fixtures';

describe('cross-tenant matrix', () => {
  let api: ApiHarness;
  let a: Tenant;
  let b: Tenant;
  let A: { env: string; lkc: string; sa: string; key: string; rb: string; names: string[] };
  let secretsOfA: string[];
  before(async () => {
    api = await startApi();
    a = await api.newTenant('tenant-A-org');
    b = await api.newTenant('tenant-B-org');
    const env = await createEnvironment(api, a.admin, 'a-secret-env-name');
    const lkc = await createCluster(api, a.admin, env, 'a-secret-cluster-name');
    const sa = await createServiceAccount(api, a.admin, 'a-secret-sa-name', 'a-secret-description');
    const key = await createApiKey(api, a.admin, sa, lkc, env);
    const rb = await bindRole(api, a, sa, 'CloudClusterAdmin', crnOf.cluster(a.organizationId, env, lkc));
    A = {
      env,
      lkc,
      sa,
      key: key.id,
      rb,
      names: ['a-secret-env-name', 'a-secret-cluster-name', 'a-secret-sa-name', 'a-secret-description', 'tenant-A-org'],
    };
    secretsOfA = [
      a.organizationId,
      a.adminServiceAccountId,
      a.admin.key,
      env,
      lkc,
      sa,
      key.id,
      key.secret,
      rb,
      ...A.names,
    ];
  });
  after(() => api.close());

  /** None of A's ids/names/secrets in the response, except what the request itself said (an echoed id is no leak). */
  function assertNoLeak(text: string, what: string, request: unknown = ''): void {
    const said = `${what} ${JSON.stringify(request ?? '')}`;
    for (const s of secretsOfA) if (!said.includes(s)) assert.ok(!text.includes(s), `${what} leaked ${s}: ${text}`);
  }

  it('every endpoint with A ids → 404/403, never A data', async () => {
    const matrix: [string, string, unknown?][] = [
      // Org v2
      ['GET', `/org/v2/organizations/${a.organizationId}`],
      ['PATCH', `/org/v2/organizations/${a.organizationId}`, { display_name: 'pwned' }],
      ['GET', `/org/v2/environments/${A.env}`],
      ['PATCH', `/org/v2/environments/${A.env}`, { display_name: 'pwned' }],
      ['DELETE', `/org/v2/environments/${A.env}`],
      // IAM v2 service accounts
      ['GET', `/iam/v2/service-accounts/${A.sa}`],
      ['PATCH', `/iam/v2/service-accounts/${A.sa}`, { description: 'pwned' }],
      ['DELETE', `/iam/v2/service-accounts/${A.sa}`],
      ['GET', `/iam/v2/service-accounts/${a.adminServiceAccountId}`],
      // API keys
      ['GET', `/iam/v2/api-keys/${A.key}`],
      ['PATCH', `/iam/v2/api-keys/${A.key}`, { spec: { description: 'pwned' } }],
      ['DELETE', `/iam/v2/api-keys/${A.key}`],
      ['GET', `/iam/v2/api-keys/${a.admin.key}`],
      ['DELETE', `/iam/v2/api-keys/${a.admin.key}`],
      ['POST', '/iam/v2/api-keys', { spec: { owner: { id: A.sa } } }],
      [
        'POST',
        '/iam/v2/api-keys',
        { spec: { owner: { id: b.adminServiceAccountId }, resource: { id: A.lkc, environment: A.env } } },
      ],
      // Role bindings
      ['GET', `/iam/v2/role-bindings/${A.rb}`],
      ['DELETE', `/iam/v2/role-bindings/${A.rb}`],
      [
        'POST',
        '/iam/v2/role-bindings',
        {
          principal: `User:${b.adminServiceAccountId}`,
          role_name: 'OrganizationAdmin',
          crn_pattern: crnOf.org(a.organizationId),
        },
      ],
      [
        'POST',
        '/iam/v2/role-bindings',
        {
          principal: `User:${b.adminServiceAccountId}`,
          role_name: 'EnvironmentAdmin',
          crn_pattern: crnOf.env(b.organizationId, A.env),
        },
      ],
      [
        'POST',
        '/iam/v2/role-bindings',
        { principal: `User:${A.sa}`, role_name: 'OrganizationAdmin', crn_pattern: crnOf.org(b.organizationId) },
      ],
      // CMK v2
      ['GET', `/cmk/v2/clusters?environment=${A.env}`],
      ['GET', `/cmk/v2/clusters/${A.lkc}?environment=${A.env}`],
      ['PATCH', `/cmk/v2/clusters/${A.lkc}`, { spec: { display_name: 'pwned', environment: { id: A.env } } }],
      ['DELETE', `/cmk/v2/clusters/${A.lkc}?environment=${A.env}`],
      ['POST', '/cmk/v2/clusters', clusterBody(A.env, 'intruder')],
    ];
    for (const [method, path, body] of matrix) {
      const res = await api.request(method, path, { auth: b.admin, body });
      assert.ok(res.status === 404 || res.status === 403, `${method} ${path} → ${res.status} ${res.text}`);
      assertFailure(res, res.status);
      assertNoLeak(res.text, `${method} ${decodeURIComponent(path)}`, body);
    }
  });

  it("B's own cluster reached through A's environment id (and vice versa) → 404", async () => {
    const envB = await createEnvironment(api, b.admin, 'b-env');
    const lkcB = await createCluster(api, b.admin, envB, 'b-cluster');
    for (const [method, path, body] of [
      ['GET', `/cmk/v2/clusters/${lkcB}?environment=${A.env}`],
      ['GET', `/cmk/v2/clusters/${A.lkc}?environment=${envB}`],
      ['PATCH', `/cmk/v2/clusters/${A.lkc}`, { spec: { display_name: 'pwned', environment: { id: envB } } }],
      ['DELETE', `/cmk/v2/clusters/${A.lkc}?environment=${envB}`],
    ] as [string, string, unknown?][]) {
      const res = await api.request(method, path, { auth: b.admin, body });
      assertFailure(res, 404);
      assertNoLeak(res.text, `${method} ${decodeURIComponent(path)}`, body);
    }
  });

  it('lists and filters with A ids show only B data (or nothing)', async () => {
    const lists = [
      '/org/v2/organizations',
      '/org/v2/environments?page_size=100',
      '/iam/v2/service-accounts?page_size=100',
      '/iam/v2/service-accounts?display_name=a-secret-sa-name',
      '/iam/v2/api-keys?page_size=100',
      `/iam/v2/api-keys?spec.owner=${A.sa}`,
      `/iam/v2/api-keys?spec.resource=${A.lkc}`,
      '/iam/v2/role-bindings?page_size=100',
      `/iam/v2/role-bindings?principal=User:${A.sa}`,
      `/iam/v2/role-bindings?crn_pattern=${encodeURIComponent(crnOf.org(a.organizationId))}`,
    ];
    for (const path of lists) {
      const res = await api.request('GET', path, { auth: b.admin });
      assert.ok([200, 403, 404].includes(res.status), `${path} → ${res.status}`);
      assertNoLeak(res.text, `GET ${decodeURIComponent(path)}`);
    }
    const orgs = await api.request('GET', '/org/v2/organizations', { auth: b.admin });
    assert.deepEqual(
      orgs.body.data.map((o: { id: string }) => o.id),
      [b.organizationId],
    );
  });

  it("a page_token minted for A's list does not reveal A's rows to B", async () => {
    for (let i = 0; i < 3; i++) await createEnvironment(api, a.admin, `a-page-${i}`);
    const pageA = await api.request('GET', '/org/v2/environments?page_size=1', { auth: a.admin });
    const next = new URL(pageA.body.metadata.next as string);
    const res = await api.request('GET', `${next.pathname}${next.search}`, { auth: b.admin });
    assert.ok([200, 400].includes(res.status));
    assert.ok(!res.text.includes('a-page-'));
    assertNoLeak(res.text, 'B with A page token');
  });

  it('same display names in two tenants do not clash, and B can act on its own namesakes only', async () => {
    const saB = await createServiceAccount(api, b.admin, 'a-secret-sa-name');
    assert.notEqual(saB, A.sa);
    const filtered = await api.request('GET', '/iam/v2/service-accounts?display_name=a-secret-sa-name', {
      auth: b.admin,
    });
    assert.deepEqual(
      filtered.body.data.map((s: { id: string }) => s.id),
      [saB],
    );
    expectStatus(await api.request('DELETE', `/iam/v2/service-accounts/${saB}`, { auth: b.admin }), 204);
  });

  it("A's resources are untouched after B's attempts", async () => {
    const env = await api.request('GET', `/org/v2/environments/${A.env}`, { auth: a.admin });
    expectStatus(env, 200);
    assert.equal(env.body.display_name, 'a-secret-env-name');
    const c = await api.request('GET', `/cmk/v2/clusters/${A.lkc}?environment=${A.env}`, { auth: a.admin });
    expectStatus(c, 200);
    assert.equal(c.body.spec.display_name, 'a-secret-cluster-name');
    const sa = await api.request('GET', `/iam/v2/service-accounts/${A.sa}`, { auth: a.admin });
    assert.equal(sa.body.description, 'a-secret-description');
    expectStatus(await api.request('GET', `/iam/v2/api-keys/${A.key}`, { auth: a.admin }), 200);
    expectStatus(await api.request('GET', `/iam/v2/role-bindings/${A.rb}`, { auth: a.admin }), 200);
    const org = await api.request('GET', `/org/v2/organizations/${a.organizationId}`, { auth: a.admin });
    assert.equal(org.body.display_name, 'tenant-A-org');
    const clusters = await api.request('GET', `/cmk/v2/clusters?environment=${A.env}`, { auth: a.admin });
    assert.ok(!clusters.text.includes('intruder'));
    const bindings = await api.request('GET', `/iam/v2/role-bindings?principal=User:${b.adminServiceAccountId}`, {
      auth: a.admin,
    });
    assert.ok(!bindings.text.includes(b.adminServiceAccountId) || bindings.body.data.length === 0);
    // A's admin key still works (B's DELETE did nothing).
    expectStatus(await api.request('GET', '/org/v2/environments', { auth: a.admin }), 200);
  });
});
