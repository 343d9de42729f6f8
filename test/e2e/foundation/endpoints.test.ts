// Every Org v2 / IAM v2 / CMK v2 / operator endpoint over real HTTP; every Confluent-API response
// is also validated against Confluent's OpenAPI document for its path (specRequest).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { TEST_DATABASE_URL } from '../../support/test-env';
import { assertConformsToSpec } from '../../support/openapi-validator';
import {
  assertFailure,
  clusterBody,
  createApiKey,
  createEnvironment,
  createServiceAccount,
  crnOf,
  expectStatus,
  specRequest,
} from '../../support/cloud-fixtures';
import { waitFor } from '../../support/wait-for';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe('foundation endpoints', () => {
  let api: ApiHarness;
  let t: Tenant;
  before(async () => {
    api = await startApi();
    t = await api.newTenant();
  });
  after(() => api.close());

  it('health, readiness, Swagger UI and the OpenAPI document', async () => {
    expectStatus(await api.request('GET', '/healthz'), 200);
    expectStatus(await api.request('GET', '/readyz'), 200);
    const ui = await api.request('GET', '/docs');
    expectStatus(ui, 200);
    assert.match(ui.headers.get('content-type') ?? '', /html/);
    const doc = await api.request('GET', '/openapi.json');
    expectStatus(doc, 200);
    assert.equal(doc.body.components.securitySchemes.basic.scheme, 'basic');
    const tags = new Set(
      Object.values(doc.body.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap((ops) =>
        Object.values(ops).flatMap((o) => o.tags ?? []),
      ),
    );
    for (const tag of ['Org v2', 'IAM v2', 'CMK v2', 'Operator']) assert.ok(tags.has(tag), `tag ${tag}`);
    assert.equal(doc.body.servers[0].url, api.baseUrl);
  });

  it('X-Request-Id on every response; an incoming sane id is echoed', async () => {
    const a = await api.request('GET', '/org/v2/environments', { auth: t.admin });
    assert.match(a.headers.get('x-request-id') ?? '', /^[0-9a-f]{32}$/);
    const b = await api.request('GET', '/org/v2/environments', {
      auth: t.admin,
      headers: { 'x-request-id': 'my-trace-1' },
    });
    assert.equal(b.headers.get('x-request-id'), 'my-trace-1');
    const c = await api.request('GET', '/nope');
    assert.ok(c.headers.get('x-request-id'));
    // An unreasonable incoming id is replaced, not echoed.
    const bad = await api.request('GET', '/org/v2/environments', {
      auth: t.admin,
      headers: { 'x-request-id': 'has spaces and <html>' },
    });
    assert.match(bad.headers.get('x-request-id') ?? '', /^[0-9a-f]{32}$/);
    const d = await api.request('GET', '/healthz');
    assert.ok(d.headers.get('x-request-id'));
  });

  describe('Org v2 organizations', () => {
    it('lists exactly the caller organization', async () => {
      const res = await specRequest(api, 'GET', '/org/v2/organizations', { auth: t.admin });
      expectStatus(res, 200);
      assert.equal(res.body.kind, 'OrganizationList');
      assert.equal(res.body.api_version, 'org/v2');
      assert.deepEqual(
        res.body.data.map((o: { id: string }) => o.id),
        [t.organizationId],
      );
    });

    it('gets and patches the organization', async () => {
      const get = await specRequest(api, 'GET', `/org/v2/organizations/${t.organizationId}`, { auth: t.admin });
      expectStatus(get, 200);
      assert.equal(get.body.kind, 'Organization');
      assert.equal(get.body.id, t.organizationId);
      assert.equal(get.body.metadata.self, `${api.baseUrl}/org/v2/organizations/${t.organizationId}`);
      assert.equal(get.body.metadata.resource_name, crnOf.org(t.organizationId));
      assert.match(get.body.metadata.created_at, ISO);
      const patch = await specRequest(api, 'PATCH', `/org/v2/organizations/${t.organizationId}`, {
        auth: t.admin,
        body: { display_name: 'Renamed Org' },
      });
      expectStatus(patch, 200);
      assert.equal(patch.body.display_name, 'Renamed Org');
      const again = await api.request('GET', `/org/v2/organizations/${t.organizationId}`, { auth: t.admin });
      assert.equal(again.body.display_name, 'Renamed Org');
      const bad = await api.request('PATCH', `/org/v2/organizations/${t.organizationId}`, {
        auth: t.admin,
        body: { display_name: 'bad<name>' },
      });
      assertFailure(bad, 400, { pointer: '/display_name' });
    });

    it('unknown organization id → 404', async () => {
      const res = await specRequest(api, 'GET', '/org/v2/organizations/00000000-0000-4000-8000-000000000000', {
        auth: t.admin,
      });
      assertFailure(res, 404);
    });
  });

  describe('Org v2 environments', () => {
    it('create, get, list, patch, delete', async () => {
      const created = await specRequest(api, 'POST', '/org/v2/environments', {
        auth: t.admin,
        body: { display_name: 'dev', stream_governance_config: { package: 'ADVANCED' } },
      });
      expectStatus(created, 201);
      const id = created.body.id as string;
      assert.match(id, /^env-[a-z0-9]{5,6}$/);
      assert.equal(created.body.kind, 'Environment');
      assert.equal(created.body.display_name, 'dev');
      assert.deepEqual(created.body.stream_governance_config, { package: 'ADVANCED' });
      assert.equal(created.body.metadata.self, `${api.baseUrl}/org/v2/environments/${id}`);
      assert.equal(created.body.metadata.resource_name, crnOf.env(t.organizationId, id));

      const got = await specRequest(api, 'GET', `/org/v2/environments/${id}`, { auth: t.admin });
      expectStatus(got, 200);
      assert.deepEqual(got.body, created.body);

      const list = await specRequest(api, 'GET', '/org/v2/environments', { auth: t.admin });
      expectStatus(list, 200);
      assert.equal(list.body.kind, 'EnvironmentList');
      assert.ok(list.body.data.some((e: { id: string }) => e.id === id));

      const patched = await specRequest(api, 'PATCH', `/org/v2/environments/${id}`, {
        auth: t.admin,
        body: { display_name: 'prod' },
      });
      expectStatus(patched, 200);
      assert.equal(patched.body.display_name, 'prod');
      assert.equal(patched.body.stream_governance_config.package, 'ADVANCED');

      const del = await specRequest(api, 'DELETE', `/org/v2/environments/${id}`, { auth: t.admin });
      expectStatus(del, 204);
      assert.equal(del.text, '');
      assertFailure(await specRequest(api, 'GET', `/org/v2/environments/${id}`, { auth: t.admin }), 404);
      assertFailure(await api.request('DELETE', `/org/v2/environments/${id}`, { auth: t.admin }), 404);
    });

    it('refuses (409) to delete an environment that still has clusters', async () => {
      const env = await createEnvironment(api, t.admin, 'busy');
      const c = await api.request('POST', '/cmk/v2/clusters', { auth: t.admin, body: clusterBody(env) });
      expectStatus(c, 202);
      const refused = await specRequest(api, 'DELETE', `/org/v2/environments/${env}`, { auth: t.admin });
      assertFailure(refused, 409);
      // What hangs off the cluster and the environment goes with them.
      const lkc = c.body.id as string;
      const sa = await createServiceAccount(api, t.admin, 'cascade-sa');
      const clusterKey = await createApiKey(api, t.admin, sa, lkc, env);
      const clusterRb = await api.request('POST', '/iam/v2/role-bindings', {
        auth: t.admin,
        body: {
          principal: `User:${sa}`,
          role_name: 'CloudClusterAdmin',
          crn_pattern: crnOf.cluster(t.organizationId, env, lkc),
        },
      });
      const envRb = await api.request('POST', '/iam/v2/role-bindings', {
        auth: t.admin,
        body: { principal: `User:${sa}`, role_name: 'EnvironmentAdmin', crn_pattern: crnOf.env(t.organizationId, env) },
      });
      expectStatus(await api.request('DELETE', `/cmk/v2/clusters/${lkc}?environment=${env}`, { auth: t.admin }), 204);
      assertFailure(await api.request('GET', `/iam/v2/api-keys/${clusterKey.id}`, { auth: t.admin }), 404);
      assertFailure(await api.request('GET', `/iam/v2/role-bindings/${clusterRb.body.id}`, { auth: t.admin }), 404);
      expectStatus(await api.request('GET', `/iam/v2/role-bindings/${envRb.body.id}`, { auth: t.admin }), 200);
      expectStatus(await api.request('DELETE', `/org/v2/environments/${env}`, { auth: t.admin }), 204);
      assertFailure(await api.request('GET', `/iam/v2/role-bindings/${envRb.body.id}`, { auth: t.admin }), 404);
    });

    it('validates create bodies', async () => {
      assertFailure(await specRequest(api, 'POST', '/org/v2/environments', { auth: t.admin, body: {} }), 400, {
        pointer: '/display_name',
      });
      assertFailure(
        await api.request('POST', '/org/v2/environments', {
          auth: t.admin,
          body: { display_name: 'x', stream_governance_config: { package: 'GOLD' } },
        }),
        400,
        {
          pointer: '/stream_governance_config/package',
        },
      );
    });
  });

  describe('IAM v2 service accounts', () => {
    it('CRUD with display_name filter', async () => {
      const created = await specRequest(api, 'POST', '/iam/v2/service-accounts', {
        auth: t.admin,
        body: { display_name: 'connector-sa', description: 'for connectors' },
      });
      expectStatus(created, 201);
      const id = created.body.id as string;
      assert.match(id, /^sa-[a-z0-9]{5,6}$/);
      assert.equal(created.body.kind, 'ServiceAccount');
      assert.equal(created.body.api_version, 'iam/v2');
      assert.equal(created.body.description, 'for connectors');
      assert.equal(created.body.metadata.self, `${api.baseUrl}/iam/v2/service-accounts/${id}`);
      const other = await createServiceAccount(api, t.admin, 'other-sa');

      const got = await specRequest(api, 'GET', `/iam/v2/service-accounts/${id}`, { auth: t.admin });
      expectStatus(got, 200);
      assert.deepEqual(got.body, created.body);

      const filtered = await specRequest(api, 'GET', '/iam/v2/service-accounts?display_name=connector-sa', {
        auth: t.admin,
      });
      expectStatus(filtered, 200);
      assert.equal(filtered.body.kind, 'ServiceAccountList');
      assert.deepEqual(
        filtered.body.data.map((s: { id: string }) => s.id),
        [id],
      );
      const both = await specRequest(
        api,
        'GET',
        '/iam/v2/service-accounts?display_name=connector-sa&display_name=other-sa',
        { auth: t.admin },
      );
      assert.deepEqual(new Set(both.body.data.map((s: { id: string }) => s.id)), new Set([id, other]));
      const all = await specRequest(api, 'GET', '/iam/v2/service-accounts?page_size=100', { auth: t.admin });
      assert.ok(all.body.data.some((s: { id: string }) => s.id === t.adminServiceAccountId));

      const dup = await specRequest(api, 'POST', '/iam/v2/service-accounts', {
        auth: t.admin,
        body: { display_name: 'connector-sa' },
      });
      assertFailure(dup, 409);

      const patched = await specRequest(api, 'PATCH', `/iam/v2/service-accounts/${id}`, {
        auth: t.admin,
        body: { description: 'changed' },
      });
      expectStatus(patched, 200);
      assert.equal(patched.body.description, 'changed');
      assert.equal(patched.body.display_name, 'connector-sa');

      expectStatus(await specRequest(api, 'DELETE', `/iam/v2/service-accounts/${id}`, { auth: t.admin }), 204);
      assertFailure(await specRequest(api, 'GET', `/iam/v2/service-accounts/${id}`, { auth: t.admin }), 404);
      assertFailure(await specRequest(api, 'DELETE', `/iam/v2/service-accounts/${id}`, { auth: t.admin }), 404);
    });
  });

  describe('IAM v2 API keys', () => {
    it('create (202 + Location + secret once), get/list ("" secret), filters, patch, delete', async () => {
      const sa = await createServiceAccount(api, t.admin, 'key-owner');
      const env = await createEnvironment(api, t.admin, 'keys-env');
      const lkc = (await api.request('POST', '/cmk/v2/clusters', { auth: t.admin, body: clusterBody(env) })).body
        .id as string;

      const created = await specRequest(api, 'POST', '/iam/v2/api-keys', {
        auth: t.admin,
        body: { spec: { display_name: 'cloud key', description: 'd', owner: { id: sa }, resource: { id: 'cloud' } } },
      });
      expectStatus(created, 202);
      const id = created.body.id as string;
      assert.match(id, /^[A-Z0-9]{16}$/);
      assert.equal(created.headers.get('location'), `${api.baseUrl}/iam/v2/api-keys/${id}`);
      assert.match(created.body.spec.secret, /^[A-Za-z0-9+/]{64}$/);
      assert.equal(created.body.kind, 'ApiKey');
      assert.equal(created.body.spec.owner.id, sa);
      assert.equal(created.body.spec.owner.kind, 'ServiceAccount');
      assert.deepEqual(created.body.spec.resource, {
        api_version: 'iam/v2',
        kind: 'Cloud',
        id: 'cloud',
        related: 'cloud',
        resource_name: 'cloud',
      });
      assert.equal(
        created.body.metadata.resource_name,
        `crn://confluent.cloud/organization=${t.organizationId}/service-account=${sa}/api-key=${id}`,
      );

      const clusterKey = await specRequest(api, 'POST', '/iam/v2/api-keys', {
        auth: t.admin,
        body: { spec: { owner: { id: sa }, resource: { id: lkc, environment: env } } },
      });
      expectStatus(clusterKey, 202);
      assert.equal(clusterKey.body.spec.resource.kind, 'Cluster');
      assert.equal(clusterKey.body.spec.resource.api_version, 'cmk/v2');
      assert.equal(clusterKey.body.spec.resource.id, lkc);
      assert.equal(clusterKey.body.spec.resource.environment, env);
      assert.equal(clusterKey.body.spec.resource.resource_name, crnOf.cluster(t.organizationId, env, lkc));

      const got = await specRequest(api, 'GET', `/iam/v2/api-keys/${id}`, { auth: t.admin });
      expectStatus(got, 200);
      assert.equal(got.body.spec.secret, '');
      assert.equal(got.body.spec.display_name, 'cloud key');

      const byOwner = await specRequest(api, 'GET', `/iam/v2/api-keys?spec.owner=${sa}`, { auth: t.admin });
      expectStatus(byOwner, 200);
      assert.equal(byOwner.body.kind, 'ApiKeyList');
      assert.deepEqual(new Set(byOwner.body.data.map((k: { id: string }) => k.id)), new Set([id, clusterKey.body.id]));
      assert.ok(byOwner.body.data.every((k: { spec: { secret: string } }) => k.spec.secret === ''));
      const byResource = await specRequest(api, 'GET', `/iam/v2/api-keys?spec.resource=${lkc}`, { auth: t.admin });
      assert.deepEqual(
        byResource.body.data.map((k: { id: string }) => k.id),
        [clusterKey.body.id],
      );
      const cloudOfOwner = await specRequest(api, 'GET', `/iam/v2/api-keys?spec.owner=${sa}&spec.resource=cloud`, {
        auth: t.admin,
      });
      assert.deepEqual(
        cloudOfOwner.body.data.map((k: { id: string }) => k.id),
        [id],
      );
      const all = await specRequest(api, 'GET', '/iam/v2/api-keys?page_size=100', { auth: t.admin });
      assert.ok(all.body.data.some((k: { id: string }) => k.id === t.admin.key));

      const patched = await specRequest(api, 'PATCH', `/iam/v2/api-keys/${id}`, {
        auth: t.admin,
        body: { spec: { display_name: 'renamed', description: 'new' } },
      });
      expectStatus(patched, 200);
      assert.equal(patched.body.spec.display_name, 'renamed');
      assert.equal(patched.body.spec.secret, '');

      expectStatus(await specRequest(api, 'DELETE', `/iam/v2/api-keys/${id}`, { auth: t.admin }), 204);
      const gone = await api.request('GET', `/iam/v2/api-keys/${id}`, { auth: t.admin });
      assert.ok(gone.status === 404 || gone.status === 403, gone.text);
      assertFailure(gone, gone.status);
    });

    it('owner and resource must exist', async () => {
      const noOwner = await specRequest(api, 'POST', '/iam/v2/api-keys', {
        auth: t.admin,
        body: { spec: { owner: { id: 'sa-zzzzzz' } } },
      });
      assertFailure(noOwner, 404, { pointer: '/spec/owner/id' });
      const noCluster = await api.request('POST', '/iam/v2/api-keys', {
        auth: t.admin,
        body: { spec: { owner: { id: t.adminServiceAccountId }, resource: { id: 'lkc-zzzzzz' } } },
      });
      assertFailure(noCluster, 404, { pointer: '/spec/resource/id' });
      const missingOwner = await specRequest(api, 'POST', '/iam/v2/api-keys', { auth: t.admin, body: { spec: {} } });
      assertFailure(missingOwner, 400, { pointer: '/spec/owner' });
    });
  });

  describe('IAM v2 role bindings', () => {
    it('create, get, list with filters, delete', async () => {
      const sa = await createServiceAccount(api, t.admin, 'rb-sa');
      const env = await createEnvironment(api, t.admin, 'rb-env');
      const pattern = crnOf.env(t.organizationId, env);
      const created = await specRequest(api, 'POST', '/iam/v2/role-bindings', {
        auth: t.admin,
        body: { principal: `User:${sa}`, role_name: 'EnvironmentAdmin', crn_pattern: pattern },
      });
      expectStatus(created, 201);
      const id = created.body.id as string;
      assert.match(id, /^rb-[a-z0-9]{5,6}$/);
      assert.equal(created.body.kind, 'RoleBinding');
      assert.equal(created.body.principal, `User:${sa}`);
      assert.equal(created.body.role_name, 'EnvironmentAdmin');
      assert.equal(created.body.crn_pattern, pattern);

      const got = await specRequest(api, 'GET', `/iam/v2/role-bindings/${id}`, { auth: t.admin });
      expectStatus(got, 200);
      assert.deepEqual(got.body, created.body);

      const byPrincipal = await specRequest(api, 'GET', `/iam/v2/role-bindings?principal=User:${sa}`, {
        auth: t.admin,
      });
      expectStatus(byPrincipal, 200);
      assert.equal(byPrincipal.body.kind, 'RoleBindingList');
      assert.deepEqual(
        byPrincipal.body.data.map((r: { id: string }) => r.id),
        [id],
      );
      const byRole = await specRequest(
        api,
        'GET',
        `/iam/v2/role-bindings?role_name=OrganizationAdmin&crn_pattern=${encodeURIComponent(crnOf.org(t.organizationId))}`,
        { auth: t.admin },
      );
      assert.ok(byRole.body.data.some((r: { principal: string }) => r.principal === `User:${t.adminServiceAccountId}`));
      assert.ok(byRole.body.data.every((r: { role_name: string }) => r.role_name === 'OrganizationAdmin'));

      const dup = await specRequest(api, 'POST', '/iam/v2/role-bindings', {
        auth: t.admin,
        body: { principal: `User:${sa}`, role_name: 'EnvironmentAdmin', crn_pattern: pattern },
      });
      assertFailure(dup, 409);
      const badRole = await specRequest(api, 'POST', '/iam/v2/role-bindings', {
        auth: t.admin,
        body: { principal: `User:${sa}`, role_name: 'Overlord', crn_pattern: pattern },
      });
      assertFailure(badRole, 400, { pointer: '/role_name' });
      const badCrn = await api.request('POST', '/iam/v2/role-bindings', {
        auth: t.admin,
        body: { principal: `User:${sa}`, role_name: 'EnvironmentAdmin', crn_pattern: 'nope' },
      });
      assertFailure(badCrn, 400, { pointer: '/crn_pattern' });

      const deleted = await specRequest(api, 'DELETE', `/iam/v2/role-bindings/${id}`, { auth: t.admin });
      expectStatus(deleted, 200);
      assert.equal(deleted.body.id, id);
      assertFailure(await specRequest(api, 'GET', `/iam/v2/role-bindings/${id}`, { auth: t.admin }), 404);
    });
  });

  describe('the last OrganizationAdmin', () => {
    it('cannot lose its binding or its service account (409) until another admin exists', async () => {
      const tenant = await api.newTenant();
      const rbs = await api.request('GET', `/iam/v2/role-bindings?principal=User:${tenant.adminServiceAccountId}`, {
        auth: tenant.admin,
      });
      const adminBinding = rbs.body.data[0].id as string;
      assertFailure(
        await specRequest(api, 'DELETE', `/iam/v2/role-bindings/${adminBinding}`, { auth: tenant.admin }),
        409,
      );
      assertFailure(
        await specRequest(api, 'DELETE', `/iam/v2/service-accounts/${tenant.adminServiceAccountId}`, {
          auth: tenant.admin,
        }),
        409,
      );
      expectStatus(await api.request('GET', '/org/v2/environments', { auth: tenant.admin }), 200);
      const second = await createServiceAccount(api, tenant.admin, 'second-admin');
      const rb = await api.request('POST', '/iam/v2/role-bindings', {
        auth: tenant.admin,
        body: {
          principal: `User:${second}`,
          role_name: 'OrganizationAdmin',
          crn_pattern: crnOf.org(tenant.organizationId),
        },
      });
      expectStatus(rb, 201);
      const secondKey = await createApiKey(api, tenant.admin, second);
      expectStatus(await api.request('DELETE', `/iam/v2/role-bindings/${adminBinding}`, { auth: tenant.admin }), 200);
      // Now `second` is the last one; the first admin can do nothing any more.
      assertFailure(await api.request('DELETE', `/iam/v2/role-bindings/${rb.body.id}`, { auth: tenant.admin }), 403);
      assertFailure(await api.request('DELETE', `/iam/v2/role-bindings/${rb.body.id}`, { auth: secondKey }), 409);
      assertFailure(await api.request('DELETE', `/iam/v2/service-accounts/${second}`, { auth: secondKey }), 409);
      expectStatus(
        await api.request('DELETE', `/iam/v2/service-accounts/${tenant.adminServiceAccountId}`, { auth: secondKey }),
        204,
      );
    });
  });

  describe('CMK v2 clusters', () => {
    it('create (202, PROVISIONING → PROVISIONED), get, list, patch, delete; environment query param required', async () => {
      const env = await createEnvironment(api, t.admin, 'cmk-env');
      const created = await specRequest(api, 'POST', '/cmk/v2/clusters', {
        auth: t.admin,
        body: clusterBody(env, 'kc-101'),
      });
      expectStatus(created, 202);
      const id = created.body.id as string;
      assert.match(id, /^lkc-[a-z0-9]{5,6}$/);
      assert.equal(created.body.kind, 'Cluster');
      assert.equal(created.body.api_version, 'cmk/v2');
      assert.ok(['PROVISIONING', 'PROVISIONED'].includes(created.body.status.phase));
      assert.equal(created.body.spec.display_name, 'kc-101');
      assert.deepEqual(created.body.spec.config, { kind: 'Basic' });
      assert.equal(created.body.spec.environment.id, env);
      assert.equal(created.body.spec.environment.related, `${api.baseUrl}/org/v2/environments/${env}`);
      assert.match(created.body.spec.kafka_bootstrap_endpoint, /^SASL_PLAINTEXT:\/\/[^:]+:\d+$/);
      assert.equal(created.body.spec.http_endpoint, api.baseUrl);
      assert.equal(created.body.metadata.self, `${api.baseUrl}/cmk/v2/clusters/${id}`);
      assert.equal(created.body.metadata.resource_name, `${crnOf.cluster(t.organizationId, env, id)}/kafka=${id}`);

      const provisioned = await waitFor('PROVISIONED', async () => {
        const r = await api.request('GET', `/cmk/v2/clusters/${id}?environment=${env}`, { auth: t.admin });
        return r.body?.status?.phase === 'PROVISIONED' ? r : undefined;
      });
      assert.equal(provisioned.status, 200);
      assertConformsToSpec('GET', `/cmk/v2/clusters/${id}?environment=${env}`, provisioned);
      assert.equal(provisioned.body.spec.kafka_bootstrap_endpoint, created.body.spec.kafka_bootstrap_endpoint);

      assertFailure(await specRequest(api, 'GET', `/cmk/v2/clusters/${id}`, { auth: t.admin }), 400, {
        parameter: 'environment',
      });
      assertFailure(await specRequest(api, 'GET', '/cmk/v2/clusters', { auth: t.admin }), 400, {
        parameter: 'environment',
      });
      assertFailure(await specRequest(api, 'DELETE', `/cmk/v2/clusters/${id}`, { auth: t.admin }), 400, {
        parameter: 'environment',
      });
      const otherEnv = await createEnvironment(api, t.admin, 'cmk-other');
      assertFailure(
        await specRequest(api, 'GET', `/cmk/v2/clusters/${id}?environment=${otherEnv}`, { auth: t.admin }),
        404,
      );

      const list = await specRequest(api, 'GET', `/cmk/v2/clusters?environment=${env}`, { auth: t.admin });
      expectStatus(list, 200);
      assert.equal(list.body.kind, 'ClusterList');
      assert.deepEqual(
        list.body.data.map((c: { id: string }) => c.id),
        [id],
      );
      const emptyList = await specRequest(api, 'GET', `/cmk/v2/clusters?environment=${otherEnv}`, { auth: t.admin });
      assert.deepEqual(emptyList.body.data, []);

      const patched = await specRequest(api, 'PATCH', `/cmk/v2/clusters/${id}`, {
        auth: t.admin,
        body: { spec: { display_name: 'kc-102', config: { kind: 'Standard' }, environment: { id: env } } },
      });
      expectStatus(patched, 200);
      assert.equal(patched.body.spec.display_name, 'kc-102');
      assert.equal(patched.body.spec.config.kind, 'Standard');
      const downgrade = await specRequest(api, 'PATCH', `/cmk/v2/clusters/${id}`, {
        auth: t.admin,
        body: { spec: { config: { kind: 'Basic' }, environment: { id: env } } },
      });
      assertFailure(downgrade, 400, { pointer: '/spec/config/kind' });
      const noEnv = await specRequest(api, 'PATCH', `/cmk/v2/clusters/${id}`, {
        auth: t.admin,
        body: { spec: { display_name: 'x' } },
      });
      assertFailure(noEnv, 400, { pointer: '/spec/environment' });

      expectStatus(
        await specRequest(api, 'DELETE', `/cmk/v2/clusters/${id}?environment=${env}`, { auth: t.admin }),
        204,
      );
      const gone = await api.request('GET', `/cmk/v2/clusters/${id}?environment=${env}`, { auth: t.admin });
      assertFailure(gone, 404);
    });

    it('Dedicated needs cku; deletion protection blocks delete (409)', async () => {
      const env = await createEnvironment(api, t.admin, 'ded');
      const noCku = await specRequest(api, 'POST', '/cmk/v2/clusters', {
        auth: t.admin,
        body: clusterBody(env, 'd', { config: { kind: 'Dedicated' } }),
      });
      assertFailure(noCku, 400, { pointer: '/spec/config/cku' });
      const ded = await specRequest(api, 'POST', '/cmk/v2/clusters', {
        auth: t.admin,
        body: clusterBody(env, 'd', { config: { kind: 'Dedicated', cku: 2 }, deletion_protection: true }),
      });
      expectStatus(ded, 202);
      assert.equal(ded.body.spec.deletion_protection, true);
      const refused = await specRequest(api, 'DELETE', `/cmk/v2/clusters/${ded.body.id}?environment=${env}`, {
        auth: t.admin,
      });
      assertFailure(refused, 409);
      expectStatus(
        await api.request('PATCH', `/cmk/v2/clusters/${ded.body.id}`, {
          auth: t.admin,
          body: { spec: { deletion_protection: false, environment: { id: env } } },
        }),
        200,
      );
      expectStatus(
        await api.request('DELETE', `/cmk/v2/clusters/${ded.body.id}?environment=${env}`, { auth: t.admin }),
        204,
      );
    });

    it('spec.external_kafka: password never returned; an unreachable cluster ends FAILED', async () => {
      const env = await createEnvironment(api, t.admin, 'ext');
      const external = {
        bootstrap_servers: '127.0.0.1:1',
        security_protocol: 'SASL_PLAINTEXT',
        sasl_mechanism: 'SCRAM-SHA-256',
        username: 'bob',
        password: 'hunter2-very-secret',
      };
      const created = await specRequest(api, 'POST', '/cmk/v2/clusters', {
        auth: t.admin,
        body: clusterBody(env, 'byok', { external_kafka: external }),
      });
      expectStatus(created, 202);
      const id = created.body.id as string;
      assert.ok(!created.text.includes('hunter2'), 'password in the create response');
      assert.equal(created.body.spec.kafka_bootstrap_endpoint, 'SASL_PLAINTEXT://127.0.0.1:1');
      assert.deepEqual(created.body.spec.external_kafka, {
        bootstrap_servers: '127.0.0.1:1',
        security_protocol: 'SASL_PLAINTEXT',
        sasl_mechanism: 'SCRAM-SHA-256',
        username: 'bob',
      });

      const failed = await waitFor(
        'FAILED',
        async () => {
          const r = await api.request('GET', `/cmk/v2/clusters/${id}?environment=${env}`, { auth: t.admin });
          return r.body?.status?.phase === 'FAILED' ? r : undefined;
        },
        30_000,
        250,
      );
      assert.ok(!failed.text.includes('hunter2'), 'password in a read');
      const list = await api.request('GET', `/cmk/v2/clusters?environment=${env}`, { auth: t.admin });
      assert.ok(!list.text.includes('hunter2'), 'password in a list');
      // At rest: an AES-GCM envelope carrying a key id, not the password.
      const db = new Client({ connectionString: TEST_DATABASE_URL });
      await db.connect();
      try {
        const { rows } = await db.query<{ externalPassword: string }>(
          'SELECT "externalPassword" FROM "KafkaCluster" WHERE id = $1',
          [id],
        );
        const stored = rows[0]?.externalPassword ?? '';
        assert.ok(stored.length > 20, 'an encrypted password is stored');
        assert.ok(!stored.includes('hunter2'), 'password stored in clear');
        assert.ok(
          !stored.includes(Buffer.from('hunter2-very-secret').toString('base64')),
          'password stored merely base64-encoded',
        );
      } finally {
        await db.end();
      }
      const patched = await api.request('PATCH', `/cmk/v2/clusters/${id}`, {
        auth: t.admin,
        body: { spec: { display_name: 'byok2', environment: { id: env } } },
      });
      expectStatus(patched, 200);
      assert.ok(!patched.text.includes('hunter2'));

      const sasl = await api.request('POST', '/cmk/v2/clusters', {
        auth: t.admin,
        body: clusterBody(env, 'x', {
          external_kafka: { bootstrap_servers: '127.0.0.1:1', security_protocol: 'SASL_SSL' },
        }),
      });
      assertFailure(sasl, 400);
      const badServers = await api.request('POST', '/cmk/v2/clusters', {
        auth: t.admin,
        body: clusterBody(env, 'x', {
          external_kafka: { bootstrap_servers: 'no port here', security_protocol: 'PLAINTEXT' },
        }),
      });
      assertFailure(badServers, 400, { pointer: '/spec/external_kafka/bootstrap_servers' });
      expectStatus(await api.request('DELETE', `/cmk/v2/clusters/${id}?environment=${env}`, { auth: t.admin }), 204);
    });

    it('our /openapi.json documents the external_kafka extension with a write-only password', async () => {
      const doc = await api.request('GET', '/openapi.json');
      expectStatus(doc, 200);
      const schemas = doc.body.components.schemas as Record<
        string,
        { properties?: Record<string, { writeOnly?: boolean }> }
      >;
      const ext = Object.values(schemas).find((s) => s.properties?.bootstrap_servers && s.properties?.password);
      assert.ok(ext, 'external kafka schema');
      assert.equal(ext.properties?.password?.writeOnly, true);
    });
  });

  describe('operator API', () => {
    it('create, list, get, suspend, resume, delete', async () => {
      const op = api.operator;
      const created = await api.request('POST', '/operator/v1/organizations', {
        auth: op,
        body: { display_name: 'Operator Org' },
      });
      expectStatus(created, 201);
      const id = created.body.id as string;
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(created.body.state, 'ACTIVE');
      assert.match(created.body.admin.api_key.id, /^[A-Z0-9]{16}$/);
      assert.equal(created.body.admin.api_key.secret.length, 64);
      assert.match(created.body.admin.service_account.id, /^sa-/);
      const admin = { key: created.body.admin.api_key.id, secret: created.body.admin.api_key.secret };
      expectStatus(await api.request('GET', '/org/v2/environments', { auth: admin }), 200);

      const list = await api.request('GET', '/operator/v1/organizations', { auth: op });
      expectStatus(list, 200);
      assert.ok(list.body.data.some((o: { id: string }) => o.id === id));
      assert.ok(!list.text.includes(admin.secret));

      const got = await api.request('GET', `/operator/v1/organizations/${id}`, { auth: op });
      expectStatus(got, 200);
      assert.equal(got.body.display_name, 'Operator Org');
      assert.ok(!('admin' in got.body));

      const suspended = await api.request('POST', `/operator/v1/organizations/${id}/suspend`, { auth: op });
      expectStatus(suspended, 200);
      assert.equal(suspended.body.state, 'SUSPENDED');
      const resumed = await api.request('POST', `/operator/v1/organizations/${id}/resume`, { auth: op });
      expectStatus(resumed, 200);
      assert.equal(resumed.body.state, 'ACTIVE');

      expectStatus(await api.request('DELETE', `/operator/v1/organizations/${id}`, { auth: op }), 204);
      assertFailure(await api.request('GET', `/operator/v1/organizations/${id}`, { auth: op }), 404);
      assertFailure(await api.request('GET', '/org/v2/environments', { auth: admin }), 401);
      assertFailure(await api.request('GET', '/operator/v1/organizations/not-a-uuid', { auth: op }), 404);
      assertFailure(
        await api.request('POST', '/operator/v1/organizations', { auth: op, body: { display_name: '' } }),
        400,
        { pointer: '/display_name' },
      );
    });

    it('wrong or missing operator credential → 401 with WWW-Authenticate; a tenant key is not an operator credential', async () => {
      for (const auth of [undefined, { key: api.operator.key, secret: 'wrong-secret-0123456789' }, t.admin]) {
        const res = await api.request('GET', '/operator/v1/organizations', { auth });
        assertFailure(res, 401);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Basic /);
      }
      const create = await api.request('POST', '/operator/v1/organizations', {
        auth: t.admin,
        body: { display_name: 'sneaky' },
      });
      assertFailure(create, 401);
    });
  });
});
