// Role bindings decide what a service account may do: none → nothing; EnvironmentAdmin → its
// environment only; CloudClusterAdmin → its cluster only.
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
import type { Credentials } from '../../support/http-client';

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((x) => x.id).sort();

describe('authorization by role binding', () => {
  let api: ApiHarness;
  let t: Tenant;
  let envA: string;
  let envB: string;
  let lkcA1: string;
  let lkcA2: string;
  let lkcB: string;
  let otherSa: string;
  before(async () => {
    api = await startApi();
    t = await api.newTenant();
    envA = await createEnvironment(api, t.admin, 'A');
    envB = await createEnvironment(api, t.admin, 'B');
    lkcA1 = await createCluster(api, t.admin, envA, 'a1');
    lkcA2 = await createCluster(api, t.admin, envA, 'a2');
    lkcB = await createCluster(api, t.admin, envB, 'b');
    otherSa = await createServiceAccount(api, t.admin, 'bystander');
  });
  after(() => api.close());

  async function principal(name: string): Promise<{ sa: string; key: Credentials }> {
    const sa = await createServiceAccount(api, t.admin, name);
    return { sa, key: await createApiKey(api, t.admin, sa) };
  }

  it('a service account with no role binding can do nothing', async () => {
    const { sa, key } = await principal('nobody');
    // The one read that may answer: an empty environment list.
    const envs = await specRequest(api, 'GET', '/org/v2/environments', { auth: key });
    expectStatus(envs, 200);
    assert.deepEqual(envs.body.data, []);
    const forbidden: [string, string, unknown?][] = [
      ['GET', '/org/v2/organizations'],
      ['GET', `/org/v2/organizations/${t.organizationId}`],
      ['PATCH', `/org/v2/organizations/${t.organizationId}`, { display_name: 'pwned' }],
      ['POST', '/org/v2/environments', { display_name: 'mine' }],
      ['GET', `/org/v2/environments/${envA}`],
      ['PATCH', `/org/v2/environments/${envA}`, { display_name: 'pwned' }],
      ['DELETE', `/org/v2/environments/${envB}`],
      ['GET', '/iam/v2/service-accounts'],
      ['POST', '/iam/v2/service-accounts', { display_name: 'sneaky' }],
      ['GET', `/iam/v2/service-accounts/${otherSa}`],
      ['PATCH', `/iam/v2/service-accounts/${otherSa}`, { description: 'pwned' }],
      ['DELETE', `/iam/v2/service-accounts/${otherSa}`],
      ['GET', `/iam/v2/api-keys/${t.admin.key}`],
      ['PATCH', `/iam/v2/api-keys/${t.admin.key}`, { spec: { description: 'pwned' } }],
      ['DELETE', `/iam/v2/api-keys/${t.admin.key}`],
      ['GET', `/iam/v2/api-keys?spec.owner=${t.adminServiceAccountId}`],
      ['POST', '/iam/v2/api-keys', { spec: { owner: { id: otherSa } } }],
      ['POST', '/iam/v2/api-keys', { spec: { owner: { id: sa }, resource: { id: lkcA1 } } }],
      ['GET', '/iam/v2/role-bindings'],
      ['GET', `/iam/v2/role-bindings?principal=User:${t.adminServiceAccountId}`],
      [
        'POST',
        '/iam/v2/role-bindings',
        { principal: `User:${sa}`, role_name: 'OrganizationAdmin', crn_pattern: crnOf.org(t.organizationId) },
      ],
      ['GET', `/cmk/v2/clusters?environment=${envA}`],
      ['GET', `/cmk/v2/clusters/${lkcA1}?environment=${envA}`],
      ['POST', '/cmk/v2/clusters', clusterBody(envA)],
      ['PATCH', `/cmk/v2/clusters/${lkcA1}`, { spec: { display_name: 'pwned', environment: { id: envA } } }],
      ['DELETE', `/cmk/v2/clusters/${lkcA1}?environment=${envA}`],
    ];
    for (const [method, path, body] of forbidden) {
      const res = await api.request(method, path, { auth: key, body });
      assertFailure(res, 403);
    }
    // Nothing changed.
    expectStatus(await api.request('GET', `/cmk/v2/clusters/${lkcA1}?environment=${envA}`, { auth: t.admin }), 200);
    expectStatus(await api.request('GET', `/iam/v2/service-accounts/${otherSa}`, { auth: t.admin }), 200);
  });

  it('EnvironmentAdmin on env A manages env A and its clusters, not env B nor org-level things', async () => {
    const { sa, key } = await principal('env-a-admin');
    await bindRole(api, t, sa, 'EnvironmentAdmin', crnOf.env(t.organizationId, envA));

    assert.deepEqual(ids(await specRequest(api, 'GET', '/org/v2/environments', { auth: key })), [envA]);
    expectStatus(await specRequest(api, 'GET', `/org/v2/environments/${envA}`, { auth: key }), 200);
    expectStatus(
      await specRequest(api, 'PATCH', `/org/v2/environments/${envA}`, { auth: key, body: { display_name: 'A2' } }),
      200,
    );
    assert.deepEqual(
      ids(await specRequest(api, 'GET', `/cmk/v2/clusters?environment=${envA}`, { auth: key })),
      [lkcA1, lkcA2].sort(),
    );
    const mine = await specRequest(api, 'POST', '/cmk/v2/clusters', {
      auth: key,
      body: clusterBody(envA, 'env-admin-made'),
    });
    expectStatus(mine, 202);
    expectStatus(await specRequest(api, 'GET', `/cmk/v2/clusters/${lkcA1}?environment=${envA}`, { auth: key }), 200);
    expectStatus(
      await specRequest(api, 'PATCH', `/cmk/v2/clusters/${mine.body.id}`, {
        auth: key,
        body: { spec: { display_name: 'renamed', environment: { id: envA } } },
      }),
      200,
    );
    expectStatus(
      await specRequest(api, 'DELETE', `/cmk/v2/clusters/${mine.body.id}?environment=${envA}`, { auth: key }),
      204,
    );
    // A key for a cluster of env A, and a binding inside env A, are env A business.
    const ck = await api.request('POST', '/iam/v2/api-keys', {
      auth: key,
      body: { spec: { owner: { id: otherSa }, resource: { id: lkcA1 } } },
    });
    expectStatus(ck, 202);
    expectStatus(await api.request('GET', `/iam/v2/api-keys?spec.resource=${lkcA1}`, { auth: key }), 200);
    const rb = await api.request('POST', '/iam/v2/role-bindings', {
      auth: key,
      body: {
        principal: `User:${otherSa}`,
        role_name: 'CloudClusterAdmin',
        crn_pattern: crnOf.cluster(t.organizationId, envA, lkcA2),
      },
    });
    expectStatus(rb, 201);
    expectStatus(await api.request('DELETE', `/iam/v2/role-bindings/${rb.body.id}`, { auth: key }), 200);

    const denied: [string, string, unknown?][] = [
      ['GET', `/org/v2/environments/${envB}`],
      ['PATCH', `/org/v2/environments/${envB}`, { display_name: 'pwned' }],
      ['DELETE', `/org/v2/environments/${envA}`],
      ['POST', '/org/v2/environments', { display_name: 'new' }],
      ['GET', `/cmk/v2/clusters?environment=${envB}`],
      ['GET', `/cmk/v2/clusters/${lkcB}?environment=${envB}`],
      ['POST', '/cmk/v2/clusters', clusterBody(envB)],
      ['PATCH', `/cmk/v2/clusters/${lkcB}`, { spec: { display_name: 'pwned', environment: { id: envB } } }],
      ['DELETE', `/cmk/v2/clusters/${lkcB}?environment=${envB}`],
      ['PATCH', `/org/v2/organizations/${t.organizationId}`, { display_name: 'pwned' }],
      ['GET', '/iam/v2/service-accounts'],
      ['POST', '/iam/v2/service-accounts', { display_name: 'x' }],
      ['DELETE', `/iam/v2/service-accounts/${otherSa}`],
      ['POST', '/iam/v2/api-keys', { spec: { owner: { id: otherSa }, resource: { id: 'cloud' } } }],
      ['POST', '/iam/v2/api-keys', { spec: { owner: { id: otherSa }, resource: { id: lkcB } } }],
      ['GET', `/iam/v2/api-keys/${t.admin.key}`],
      [
        'POST',
        '/iam/v2/role-bindings',
        { principal: `User:${sa}`, role_name: 'OrganizationAdmin', crn_pattern: crnOf.org(t.organizationId) },
      ],
      [
        'POST',
        '/iam/v2/role-bindings',
        { principal: `User:${sa}`, role_name: 'EnvironmentAdmin', crn_pattern: crnOf.env(t.organizationId, envB) },
      ],
    ];
    for (const [method, path, body] of denied) assertFailure(await api.request(method, path, { auth: key, body }), 403);
    expectStatus(await api.request('GET', `/org/v2/environments/${envA}`, { auth: t.admin }), 200);
  });

  it('CloudClusterAdmin on one cluster: that cluster only', async () => {
    const { sa, key } = await principal('cluster-admin');
    await bindRole(api, t, sa, 'CloudClusterAdmin', crnOf.cluster(t.organizationId, envA, lkcA1));

    // Sees the environment the cluster is in, and only its own cluster there.
    assert.deepEqual(ids(await api.request('GET', '/org/v2/environments', { auth: key })), [envA]);
    assert.deepEqual(ids(await specRequest(api, 'GET', `/cmk/v2/clusters?environment=${envA}`, { auth: key })), [
      lkcA1,
    ]);
    expectStatus(await specRequest(api, 'GET', `/cmk/v2/clusters/${lkcA1}?environment=${envA}`, { auth: key }), 200);
    expectStatus(
      await api.request('PATCH', `/cmk/v2/clusters/${lkcA1}`, {
        auth: key,
        body: { spec: { display_name: 'a1-renamed', environment: { id: envA } } },
      }),
      200,
    );
    // It can issue keys for its cluster and list them.
    expectStatus(
      await api.request('POST', '/iam/v2/api-keys', {
        auth: key,
        body: { spec: { owner: { id: otherSa }, resource: { id: lkcA1 } } },
      }),
      202,
    );
    const listed = await api.request('GET', `/iam/v2/api-keys?spec.resource=${lkcA1}`, { auth: key });
    expectStatus(listed, 200);
    assert.ok(listed.body.data.length >= 1);

    const denied: [string, string, unknown?][] = [
      ['GET', `/cmk/v2/clusters/${lkcA2}?environment=${envA}`],
      ['PATCH', `/cmk/v2/clusters/${lkcA2}`, { spec: { display_name: 'pwned', environment: { id: envA } } }],
      ['DELETE', `/cmk/v2/clusters/${lkcA2}?environment=${envA}`],
      ['POST', '/cmk/v2/clusters', clusterBody(envA)],
      ['GET', `/cmk/v2/clusters?environment=${envB}`],
      ['GET', `/cmk/v2/clusters/${lkcB}?environment=${envB}`],
      ['PATCH', `/org/v2/environments/${envA}`, { display_name: 'pwned' }],
      ['GET', `/org/v2/environments/${envB}`],
      ['POST', '/org/v2/environments', { display_name: 'x' }],
      ['GET', '/iam/v2/service-accounts'],
      ['POST', '/iam/v2/api-keys', { spec: { owner: { id: otherSa }, resource: { id: lkcA2 } } }],
      ['POST', '/iam/v2/api-keys', { spec: { owner: { id: otherSa } } }],
      [
        'POST',
        '/iam/v2/role-bindings',
        { principal: `User:${sa}`, role_name: 'EnvironmentAdmin', crn_pattern: crnOf.env(t.organizationId, envA) },
      ],
      ['PATCH', `/org/v2/organizations/${t.organizationId}`, { display_name: 'pwned' }],
    ];
    for (const [method, path, body] of denied) assertFailure(await api.request(method, path, { auth: key, body }), 403);
    // Asking for another cluster's keys narrows to the caller's own keys of it: none.
    const others = await api.request('GET', `/iam/v2/api-keys?spec.resource=${lkcA2}`, { auth: key });
    expectStatus(others, 200);
    assert.deepEqual(others.body.data, []);
  });
});
