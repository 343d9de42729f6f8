// External clusters go through the egress policy (issue 12, point 11): in production mode a
// bootstrap server on a private/loopback address, or on one of the platform's own services even when
// EGRESS_ALLOW covers its address, is refused with 400 before anything connects; an allowed external
// cluster still works; and a broker the cluster advertises in its Metadata is checked too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, StaticAuthenticator, type BrokerHandle } from '@libs/broker';
import { startApi, type ApiHarness, type Tenant } from '../../support/api-harness';
import {
  assertFailure,
  clusterBody,
  createApiKey,
  createEnvironment,
  expectStatus,
} from '../../support/cloud-fixtures';
import { freePort } from '../../support/free-port';
import { kr, registerExternalCluster, startKafkaRestEnv, type KafkaRestEnv } from '../kafka-rest/support';
import { waitFor } from '../../support/wait-for';

const PRODUCTION = { DEV_MODE: 'false', SECRETS_KEY: `k1:${randomBytes(32).toString('base64')}` };

const external = (bootstrap: string) => ({
  external_kafka: {
    bootstrap_servers: bootstrap,
    security_protocol: 'SASL_PLAINTEXT',
    sasl_mechanism: 'PLAIN',
    username: 'ext-admin',
    password: 'ext-secret',
  },
});

/** A TCP listener that only counts who connects (stands in for a platform service's port). */
async function countingListener(): Promise<{ server: Server; port: number; connections: () => number }> {
  let n = 0;
  const server = createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, connections: () => n };
}

async function clusterCount(api: ApiHarness, t: Tenant, env: string): Promise<number> {
  const res = await api.request('GET', `/cmk/v2/clusters?environment=${env}`, { auth: t.admin });
  expectStatus(res, 200);
  return res.body.data.length;
}

describe('external clusters in production mode without EGRESS_ALLOW', () => {
  let api: ApiHarness;
  let t: Tenant;
  before(async () => {
    delete process.env.EGRESS_ALLOW;
    api = await startApi(PRODUCTION);
    t = await api.newTenant();
  });
  after(() => api.close());

  it('Postgres, Redis, MariaDB, localhost and private addresses → 400 on bootstrap_servers, nothing created', async () => {
    const env = await createEnvironment(api, t.admin, 'egress');
    for (const bootstrap of [
      '127.0.0.1:5432',
      '127.0.0.1:6379',
      '127.0.0.1:3306',
      'localhost:9092',
      'b-1.example.com:9092,10.1.2.3:9092',
      '169.254.169.254:80',
      '[::1]:9092',
    ]) {
      const res = await api.request('POST', '/cmk/v2/clusters', {
        auth: t.admin,
        body: clusterBody(env, 'byok', external(bootstrap)),
      });
      const e = assertFailure(res, 400, { pointer: '/spec/external_kafka/bootstrap_servers' });
      assert.match(e.detail, /bootstrap_servers/);
      assert.match(e.detail, /egress policy|could not be resolved/, e.detail);
    }
    assert.equal(await clusterCount(api, t, env), 0);
  });
});

describe('external clusters in production mode with EGRESS_ALLOW=127.0.0.1', () => {
  let env: KafkaRestEnv;
  let decoy: Awaited<ReturnType<typeof countingListener>>;
  let advertising: BrokerHandle | undefined;
  before(async () => {
    // The decoy stands for the worker's metrics port: a platform service on an allowed address.
    decoy = await countingListener();
    Object.assign(process.env, PRODUCTION, { EGRESS_ALLOW: '127.0.0.1', WORKER_METRICS_PORT: String(decoy.port) });
    env = await startKafkaRestEnv();
  });
  after(async () => {
    await env.close();
    await advertising?.close();
    decoy.server.close();
  });

  it("the platform's own services stay refused although their address is allowed", async () => {
    const apiPort = new URL(env.api.baseUrl).port;
    for (const bootstrap of [
      '127.0.0.1:5432',
      'localhost:6379',
      `127.0.0.1:${apiPort}`,
      `127.0.0.1:${env.brokerPort}`,
      `127.0.0.1:${decoy.port}`,
    ]) {
      const res = await env.api.request('POST', '/cmk/v2/clusters', {
        auth: env.tenant.admin,
        body: clusterBody(env.envId, 'byok', external(bootstrap)),
      });
      const e = assertFailure(res, 400, { pointer: '/spec/external_kafka/bootstrap_servers' });
      assert.match(e.detail, /platform's own services/, e.detail);
    }
    assert.equal(decoy.connections(), 0);
  });

  it('an allowed external cluster is provisioned and served by Kafka REST as before', async () => {
    const ext = await registerExternalCluster(env);
    try {
      const res = await env.api.request('GET', kr(ext.clusterId, '/topics'), { auth: ext.key });
      assert.equal(res.status, 200, res.text);
    } finally {
      await ext.broker.close();
    }
  });

  it('a broker advertised in Metadata at a platform service is never connected to', async () => {
    advertising = await startBroker({
      host: '127.0.0.1',
      port: await freePort(),
      advertisedHost: '127.0.0.1',
      advertisedPort: decoy.port,
      dataDir: mkdtempSync(join(tmpdir(), 'cp-egress-adv-')),
      authenticator: new StaticAuthenticator([
        { username: 'ext-admin', password: 'ext-secret', tenant: 'external-tenant' },
      ]),
      autoCreateTopics: false,
      fsync: { mode: 'never' },
    });
    const res = await env.api.request('POST', '/cmk/v2/clusters', {
      auth: env.tenant.admin,
      body: clusterBody(env.envId, 'advertises', external(`127.0.0.1:${advertising.port}`)),
    });
    expectStatus(res, 202, 'the bootstrap itself is allowed');
    const id = res.body.id as string;
    const phase = await waitFor(
      'provisioning to finish',
      async () => {
        const r = await env.api.request('GET', `/cmk/v2/clusters/${id}?environment=${env.envId}`, {
          auth: env.tenant.admin,
        });
        const p = r.body?.status?.phase as string | undefined;
        return p === 'PROVISIONING' ? undefined : p;
      },
      30_000,
      100,
    );
    // Kafka REST on that cluster uses the advertised broker for anything beyond the bootstrap.
    const creds = await createApiKey(env.api, env.tenant.admin, env.tenant.adminServiceAccountId, id, env.envId);
    const made = await env.api.request('POST', kr(id, '/topics'), { auth: creds, body: { topic_name: 'never-made' } });
    // Refused by policy is the tenant cluster's configuration, not an outage: a 4xx that says so.
    expectStatus(made, 422, 'the advertised broker is refused');
    assert.match(String(made.body.message), /egress policy/);
    assert.equal(decoy.connections(), 0, `connections to the advertised platform port (phase ${phase})`);
  });
});
