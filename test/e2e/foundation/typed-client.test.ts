// A standard generated client drives the API: types from OUR /openapi.json (openapi-typescript,
// scripts/gen-openapi-types.ts → generated/openapi/api.d.ts) and openapi-fetch. That this file
// type-checks is half the test; the other half is that the calls work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../../../generated/openapi/api';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import { basic } from '../../support/http-client';
import { assertConformsToSpec } from '../../support/openapi-validator';

type Environment = components['schemas']['EnvironmentModel'];
type Failure = components['schemas']['FailureModel'];

describe('typed client generated from /openapi.json', () => {
  let api: ApiHarness;
  let t: Tenant;
  let client: Client<paths>;
  before(async () => {
    api = await startApi();
    t = await api.newTenant();
    client = createClient<paths>({ baseUrl: api.baseUrl, headers: { authorization: basic(t.admin) } });
  });
  after(() => api.close());

  it('the served document is the one the types were generated from (same paths and operations)', async () => {
    const res = await fetch(`${api.baseUrl}/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    for (const op of [
      'get /org/v2/environments',
      'post /iam/v2/api-keys',
      'get /cmk/v2/clusters/{id}',
      'post /operator/v1/organizations',
    ]) {
      assert.ok(served.includes(op), `${op} in /openapi.json`);
    }
  });

  it('create an environment, list, create a service account and a key, create and read a cluster', async () => {
    const created = await client.POST('/org/v2/environments', { body: { display_name: 'typed' } });
    assert.equal(created.response.status, 201);
    const env: Environment | undefined = created.data;
    assert.ok(env);
    assert.match(env.id, /^env-/);
    assert.equal(env.stream_governance_config.package, 'ESSENTIALS');
    assertConformsToSpec('POST', '/org/v2/environments', { status: created.response.status, body: created.data });

    const list = await client.GET('/org/v2/environments', { params: { query: { page_size: 100 } } });
    assert.equal(list.response.status, 200);
    assert.ok(list.data?.data.some((e) => e.id === env.id));
    assert.equal(list.data?.kind, 'EnvironmentList');

    const sa = await client.POST('/iam/v2/service-accounts', {
      body: { display_name: 'typed-sa', description: 'made by openapi-fetch' },
    });
    assert.equal(sa.response.status, 201);
    const saId = sa.data?.id as string;
    const filtered = await client.GET('/iam/v2/service-accounts', {
      params: { query: { display_name: ['typed-sa'] } },
    });
    assert.deepEqual(
      filtered.data?.data.map((s) => s.id),
      [saId],
    );

    const key = await client.POST('/iam/v2/api-keys', {
      body: { spec: { display_name: 'typed key', owner: { id: saId }, resource: { id: 'cloud' } } },
    });
    assert.equal(key.response.status, 202);
    assert.equal(key.data?.spec.secret.length, 64);
    assert.equal(key.response.headers.get('location'), `${api.baseUrl}/iam/v2/api-keys/${key.data?.id}`);
    const read = await client.GET('/iam/v2/api-keys/{id}', { params: { path: { id: key.data?.id as string } } });
    assert.equal(read.data?.spec.secret, '');
    const keys = await client.GET('/iam/v2/api-keys', { params: { query: { 'spec.owner': saId } } });
    assert.deepEqual(
      keys.data?.data.map((k) => k.id),
      [key.data?.id],
    );

    const cluster = await client.POST('/cmk/v2/clusters', {
      body: {
        spec: {
          display_name: 'typed-kc',
          availability: 'SINGLE_ZONE',
          cloud: 'AWS',
          region: 'us-east-1',
          config: { kind: 'Basic' },
          environment: { id: env.id },
        },
      },
    });
    assert.equal(cluster.response.status, 202);
    const lkc = cluster.data?.id as string;
    const got = await client.GET('/cmk/v2/clusters/{id}', {
      params: { path: { id: lkc }, query: { environment: env.id } },
    });
    assert.equal(got.data?.spec.environment.id, env.id);
    assert.ok(['PROVISIONING', 'PROVISIONED'].includes(got.data?.status.phase ?? ''));

    const rb = await client.POST('/iam/v2/role-bindings', {
      body: {
        principal: `User:${saId}`,
        role_name: 'CloudClusterAdmin',
        crn_pattern: `crn://confluent.cloud/organization=${t.organizationId}/environment=${env.id}/cloud-cluster=${lkc}`,
      },
    });
    assert.equal(rb.response.status, 201);
    const removed = await client.DELETE('/iam/v2/role-bindings/{id}', {
      params: { path: { id: rb.data?.id as string } },
    });
    assert.equal(removed.data?.id, rb.data?.id);
    const del = await client.DELETE('/cmk/v2/clusters/{id}', {
      params: { path: { id: lkc }, query: { environment: env.id } },
    });
    assert.equal(del.response.status, 204);
  });

  it('errors come back typed as Failure', async () => {
    const res = await client.GET('/org/v2/environments/{id}', { params: { path: { id: 'env-nope00' } } });
    assert.equal(res.response.status, 404);
    const failure: Failure | undefined = res.error;
    assert.equal(failure?.errors[0]?.status, '404');
    assert.equal(failure?.errors[0]?.code, 'resource_not_found');
  });

  it('the operator API through the same client', async () => {
    const op = createClient<paths>({ baseUrl: api.baseUrl, headers: { authorization: basic(api.operator) } });
    const created = await op.POST('/operator/v1/organizations', { body: { display_name: 'typed tenant' } });
    assert.equal(created.response.status, 201);
    const admin = created.data?.admin.api_key;
    assert.ok(admin);
    const tenant = createClient<paths>({
      baseUrl: api.baseUrl,
      headers: { authorization: basic({ key: admin.id, secret: admin.secret }) },
    });
    const orgs = await tenant.GET('/org/v2/organizations');
    assert.deepEqual(
      orgs.data?.data.map((o) => o.id),
      [created.data?.id],
    );
    const suspended = await op.POST('/operator/v1/organizations/{id}/suspend', {
      params: { path: { id: created.data?.id as string } },
    });
    assert.equal(suspended.data?.state, 'SUSPENDED');
    assert.equal(
      (await op.DELETE('/operator/v1/organizations/{id}', { params: { path: { id: created.data?.id as string } } }))
        .response.status,
      204,
    );
  });
});
