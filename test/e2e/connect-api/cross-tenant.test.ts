// Tenant isolation and authorization on every Connect v1 route: another organization's key gets
// 404 "account not found" (never data, never a write); a key of the same organization without a
// role on the cluster gets 403; an environment/cluster mismatch is a 404; no key is a 401.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness } from '../../support/api-harness';
import {
  bindRole,
  createApiKey,
  createCluster,
  createEnvironment,
  createServiceAccount,
  crnOf,
} from '../../support/cloud-fixtures';
import type { Credentials } from '../../support/http-client';
import {
  assertConnectError,
  connectTenant,
  registerTestPlugins,
  repository,
  seedTasks,
  sourceConfig,
  type ConnectTenant,
} from './support';

/** Every Connect v1 route (and the Kafka Connect extras), relative to the cluster prefix. */
function routes(name: string): [string, string, unknown?][] {
  // refused before any validation: the credentials are never looked at
  const t = { kafkaKey: { key: 'KEY1234567890ABC', secret: 'kafka-secret-value' } };
  return [
    ['GET', '/connectors'],
    ['GET', '/connectors?expand=id,info,status'],
    ['POST', '/connectors', { name: 'intruder', config: sourceConfig(t, 'intruder') }],
    ['GET', `/connectors/${name}`],
    ['DELETE', `/connectors/${name}`],
    ['GET', `/connectors/${name}/config`],
    ['PUT', `/connectors/${name}/config`, sourceConfig(t, name, { 'kafka.topic': 'pwned' })],
    ['PUT', '/connectors/intruder/config', sourceConfig(t, 'intruder')],
    ['PATCH', `/connectors/${name}/config`, { 'kafka.topic': 'pwned' }],
    ['GET', `/connectors/${name}/status`],
    ['GET', `/connectors/${name}/status?expand=id`],
    ['GET', `/connectors/${name}/error-recommendations`],
    ['GET', `/connectors/${name}/tasks`],
    ['GET', `/connectors/${name}/tasks/0/status`],
    ['PUT', `/connectors/${name}/pause`],
    ['PUT', `/connectors/${name}/resume`],
    ['PUT', `/connectors/${name}/stop`],
    ['POST', `/connectors/${name}/restart?includeTasks=true`],
    ['POST', `/connectors/${name}/tasks/0/restart`],
    ['GET', `/connectors/${name}/offsets`],
    ['PATCH', `/connectors/${name}/offsets`, { offsets: [{ partition: { task: 0 }, offset: { n: 1 } }] }],
    ['DELETE', `/connectors/${name}/offsets`],
    ['POST', `/connectors/${name}/offsets/request`, { type: 'DELETE' }],
    ['GET', `/connectors/${name}/offsets/request/status`],
    ['GET', '/connector-plugins'],
    ['GET', '/connector-plugins/SecretSource/config'],
    ['PUT', '/connector-plugins/SecretSource/config/validate', sourceConfig(t, 'x')],
  ];
}

describe('Connect v1 tenant isolation and authorization', () => {
  let api: ApiHarness;
  let a: ConnectTenant;
  let b: ConnectTenant;
  let noRole: Credentials;
  let otherClusterAdmin: Credentials;
  let secretsOfA: string[];

  before(async () => {
    api = await startApi();
    registerTestPlugins(api);
    a = await connectTenant(api, 'connect-tenant-A');
    b = await connectTenant(api, 'connect-tenant-B');
    const created = await api.request('POST', `${a.base}/connectors`, {
      auth: a.admin,
      body: {
        name: 'a-secret-conn',
        config: sourceConfig(a, 'a-secret-conn'),
        offsets: [{ partition: { task: 0 }, offset: { n: 3 } }],
      },
    });
    assert.equal(created.status, 201, created.text);
    await seedTasks(api, a, 'a-secret-conn', ['RUNNING']);
    await api.request('POST', `${a.base}/connectors/a-secret-conn/offsets/request`, {
      auth: a.admin,
      body: { type: 'PATCH', offsets: [{ partition: { task: 0 }, offset: { n: 4 } }] },
    });
    const c = (await repository(api).findByName(a.scope, a.lkc, 'a-secret-conn'))!;
    secretsOfA = [c.id, a.lkc, a.env, 'a-secret-conn', 'hunter2', a.kafkaKey.secret, a.organizationId];

    // Same organization as A: a service account with no role, and one that administers another cluster.
    const sa = await createServiceAccount(api, a.admin, 'no-role');
    noRole = await createApiKey(api, a.admin, sa);
    const sa2 = await createServiceAccount(api, a.admin, 'other-cluster-admin');
    const otherLkc = await createCluster(api, a.admin, a.env, 'other');
    await bindRole(api, a, sa2, 'CloudClusterAdmin', crnOf.cluster(a.organizationId, a.env, otherLkc));
    otherClusterAdmin = await createApiKey(api, a.admin, sa2);
  });
  after(() => api.close());

  async function snapshot() {
    const c = (await repository(api).findByName(a.scope, a.lkc, 'a-secret-conn'))!;
    const offsets = await repository(api).sourceOffsets(a.scope, a.lkc, c.id);
    return JSON.stringify({
      c: { ...c, updatedAt: null, tasks: c.tasks.map((t) => ({ ...t, updatedAt: null })) },
      offsets: offsets?.map((o) => ({ ...o, updatedAt: null })),
    });
  }

  it("another tenant's key on every route with A's env/cluster → 404 account not found, no leak, no change", async () => {
    const before1 = await snapshot();
    for (const [method, path, body] of routes('a-secret-conn')) {
      const res = await api.request(method, `${a.base}${path}`, { auth: b.admin, body });
      assertConnectError(res, 404, 'account not found');
      for (const s of secretsOfA)
        if (!`${a.base}${path}`.includes(s)) assert.ok(!res.text.includes(s), `${method} ${path} leaked ${s}`);
    }
    assert.equal(await snapshot(), before1, "A's connector, tasks and offsets unchanged");
    assert.equal(await repository(api).findByName(a.scope, a.lkc, 'intruder'), null);
  });

  it("B's own cluster through A's environment id (and A's cluster through B's env) → 404", async () => {
    for (const [method, path, body] of routes('a-secret-conn')) {
      const crossed = await api.request(method, `/connect/v1/environments/${a.env}/clusters/${b.lkc}${path}`, {
        auth: b.admin,
        body,
      });
      assertConnectError(crossed, 404, 'account not found');
      const mixed = await api.request(method, `/connect/v1/environments/${b.env}/clusters/${a.lkc}${path}`, {
        auth: b.admin,
        body,
      });
      assertConnectError(mixed, 404, 'account not found');
    }
  });

  it('the same organization without a role on the cluster → 403 on every route', async () => {
    const before1 = await snapshot();
    for (const creds of [noRole, otherClusterAdmin]) {
      for (const [method, path, body] of routes('a-secret-conn')) {
        const res = await api.request(method, `${a.base}${path}`, { auth: creds, body });
        assertConnectError(res, 403);
        assert.ok(
          !res.text.includes('a-secret-conn') || path.includes('a-secret-conn'),
          `${method} ${path} leaked a connector name`,
        );
      }
    }
    assert.equal(await snapshot(), before1);
  });

  it('unknown environment or cluster → 404 account not found; no key → 401 in Connect format', async () => {
    const env2 = await createEnvironment(api, a.admin, 'empty-env');
    for (const base of [
      `/connect/v1/environments/env-nope00/clusters/${a.lkc}`,
      `/connect/v1/environments/${a.env}/clusters/lkc-nope00`,
      `/connect/v1/environments/${env2}/clusters/${a.lkc}`,
    ]) {
      for (const [method, path, body] of routes('a-secret-conn')) {
        assertConnectError(
          await api.request(method, `${base}${path}`, { auth: a.admin, body }),
          404,
          'account not found',
        );
      }
    }
    for (const [method, path, body] of routes('a-secret-conn')) {
      const res = await api.request(method, `${a.base}${path}`, { body });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body?.error?.code, 401, res.text);
    }
  });

  it('the owner still sees everything intact', async () => {
    const res = await api.request('GET', `${a.base}/connectors?expand=status`, { auth: a.admin });
    assert.deepEqual(Object.keys(res.body), ['a-secret-conn']);
    assert.equal(res.body['a-secret-conn'].status.connector.state, 'RUNNING');
  });
});
