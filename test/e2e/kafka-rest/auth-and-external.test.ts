/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import type { BrokerHandle } from '@libs/broker';
import { KAFKA_CLIENT_IDLE_MS, KafkaClientCache } from '../../../apps/api/src/kafka-rest/kafka-client-cache.service';
import { createApiKey, createCluster, createEnvironment } from '../../support/cloud-fixtures';
import type { Credentials } from '../../support/http-client';
import {
  assertKafkaRestError,
  kr,
  krRequest,
  registerExternalCluster,
  startKafkaRestEnv,
  streamProduce,
  type KafkaRestEnv,
} from './support';
import { waitFor } from '../../support/wait-for';

describe('Kafka REST v3: authentication scoping', () => {
  let env: KafkaRestEnv;
  let otherClusterKey: Credentials;
  let otherTenantKey: Credentials;
  before(async () => {
    env = await startKafkaRestEnv();
    const second = await createCluster(env.api, env.tenant.admin, env.envId, 'second');
    otherClusterKey = await createApiKey(
      env.api,
      env.tenant.admin,
      env.tenant.adminServiceAccountId,
      second,
      env.envId,
    );
    const t2 = await env.api.newTenant();
    const env2 = await createEnvironment(env.api, t2.admin, 'other');
    const c2 = await createCluster(env.api, t2.admin, env2, 'other');
    otherTenantKey = await createApiKey(env.api, t2.admin, t2.adminServiceAccountId, c2, env2);
  });
  after(() => env.close());

  const paths = (id: string) => [
    ['GET', kr(id)],
    ['GET', kr(id, '/topics')],
    ['POST', kr(id, '/topics/x/records')],
    ['GET', kr(id, '/consumer-groups')],
    ['GET', kr(id, '/broker-configs')],
  ];

  it('no Authorization header → 401 40101 with WWW-Authenticate', async () => {
    for (const [method, path] of paths(env.clusterId)) {
      const res = await krRequest(
        env,
        method as string,
        path as string,
        method === 'POST' ? { body: { value: { data: 1 } } } : {},
      );
      assertKafkaRestError(res, 401, 40101);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Basic /);
    }
  });

  it('a Cloud API key → 401 40101', async () => {
    for (const [method, path] of paths(env.clusterId))
      assertKafkaRestError(
        await krRequest(env, method as string, path as string, { auth: env.tenant.admin }),
        401,
        40101,
      );
  });

  it("another cluster's key (same organization or another tenant) → 401 40101", async () => {
    for (const key of [otherClusterKey, otherTenantKey]) {
      for (const [method, path] of paths(env.clusterId))
        assertKafkaRestError(await krRequest(env, method as string, path as string, { auth: key }), 401, 40101);
    }
  });

  it('a wrong secret → 401 40101; the right key → 200', async () => {
    assertKafkaRestError(
      await krRequest(env, 'GET', kr(env.clusterId, '/topics'), { auth: { key: env.key.key, secret: 'wrong' } }),
      401,
      40101,
    );
    assert.equal((await krRequest(env, 'GET', kr(env.clusterId, '/topics'), { auth: env.key })).status, 200);
  });

  it('an unknown route under /kafka/v3 → 404 in Kafka REST format', async () => {
    const res = await env.api.request('GET', kr(env.clusterId, '/brokers'), { auth: env.key });
    assert.equal(res.status, 404);
    assert.deepEqual(res.body, { error_code: 404, message: 'HTTP 404 Not Found' });
  });
});

describe('Kafka REST v3: an external cluster registered through CMK', () => {
  let env: KafkaRestEnv;
  let ext: { broker: BrokerHandle; clusterId: string; key: Credentials & { id: string } };
  before(async () => {
    env = await startKafkaRestEnv();
    ext = await registerExternalCluster(env);
  });
  after(async () => {
    await env.close();
    await ext.broker.close();
  });

  it('topics, configs, partitions and produce go to the external broker with the stored credentials', async () => {
    const base = kr(ext.clusterId);
    const created = await krRequest(env, 'POST', `${base}/topics`, {
      auth: ext.key,
      body: { topic_name: 'ext-topic', partitions_count: 2, replication_factor: 1 },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.cluster_id, ext.clusterId);
    assert.equal(created.body.replication_factor, 1);
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics`, { auth: ext.key, body: { topic_name: 'ext-topic' } }),
      400,
      40002,
      /already exists/,
    );

    // Only on the external broker, not on the embedded cluster.
    assert.deepEqual(
      (await krRequest(env, 'GET', `${base}/topics`, { auth: ext.key })).body.data.map((t: any) => t.topic_name),
      ['ext-topic'],
    );
    assert.deepEqual((await krRequest(env, 'GET', kr(env.clusterId, '/topics'), { auth: env.key })).body.data, []);

    const put = await krRequest(env, 'PUT', `${base}/topics/ext-topic/configs/retention.ms`, {
      auth: ext.key,
      body: { value: '60000' },
    });
    assert.equal(put.status, 204, put.text);
    assert.equal(
      (await krRequest(env, 'GET', `${base}/topics/ext-topic/configs/retention.ms`, { auth: ext.key })).body.value,
      '60000',
    );
    assert.equal(
      (await krRequest(env, 'GET', `${base}/topics/ext-topic/partitions`, { auth: ext.key })).body.data.length,
      2,
    );

    const out = await streamProduce(
      env.api.baseUrl,
      `${base}/topics/ext-topic/records`,
      ext.key,
      Array.from({ length: 20 }, (_, i) => ({ partition_id: 0, value: { type: 'STRING', data: `x${i}` } })),
    );
    assert.equal(out.status, 200);
    assert.deepEqual(
      out.reports.map((r) => r.offset),
      Array.from({ length: 20 }, (_, i) => i),
    );

    // Read back directly from the external broker with its own credentials.
    const kafka = new Kafka({
      brokers: [`127.0.0.1:${ext.broker.port}`],
      sasl: { mechanism: 'plain', username: 'ext-admin', password: 'ext-secret' },
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets('ext-topic');
    await admin.disconnect();
    assert.equal(offsets.find((o) => o.partition === 0)?.high, '20');

    // A group that committed on the external cluster shows up with its lag.
    const consumerAdmin = kafka.admin();
    await consumerAdmin.connect();
    await consumerAdmin.setOffsets({
      groupId: 'ext-group',
      topic: 'ext-topic',
      partitions: [{ partition: 0, offset: '15' }],
    });
    await consumerAdmin.disconnect();
    const lags = await krRequest(env, 'GET', `${base}/consumer-groups/ext-group/lags`, { auth: ext.key });
    assert.equal(lags.status, 200, lags.text);
    assert.deepEqual(
      lags.body.data.map((l: any) => [l.partition_id, l.current_offset, l.log_end_offset, l.lag]),
      [[0, 15, 20, 5]],
    );
    assert.equal(
      (await krRequest(env, 'GET', `${base}/consumer-groups/ext-group/lag-summary`, { auth: ext.key })).body.total_lag,
      5,
    );

    // Omitted counts take the external cluster's num.partitions / default.replication.factor.
    const dflt = await krRequest(env, 'POST', `${base}/topics`, { auth: ext.key, body: { topic_name: 'ext-default' } });
    assert.equal(dflt.status, 201, dflt.text);
    assert.equal(dflt.body.partitions_count, 1);
    assert.equal(dflt.body.replication_factor, 1);

    const del = await krRequest(env, 'DELETE', `${base}/topics/ext-topic`, { auth: ext.key });
    assert.equal(del.status, 204);
    assertKafkaRestError(await krRequest(env, 'GET', `${base}/topics/ext-topic`, { auth: ext.key }), 404, 40403);
  });

  it('idle clients are closed and reopened on the next call', async () => {
    const cache = env.api.app.get(KafkaClientCache);
    assert.equal((await krRequest(env, 'GET', kr(env.clusterId, '/topics'), { auth: env.key })).status, 200);
    const n = cache.size;
    assert.ok(n >= 2, 'embedded + external clients cached');
    await cache.sweep(Date.now() + KAFKA_CLIENT_IDLE_MS - 60_000);
    assert.equal(cache.size, n, 'recently used clients stay');
    await cache.sweep(Date.now() + KAFKA_CLIENT_IDLE_MS + 1);
    assert.equal(cache.size, 0);
    assert.equal((await krRequest(env, 'GET', kr(ext.clusterId, '/topics'), { auth: ext.key })).status, 200);
    assert.equal(cache.size, 1);
  });

  it('deleting the cluster closes its cached Kafka clients; its key no longer authenticates', async () => {
    const cache = env.api.app.get(KafkaClientCache);
    const before = cache.size;
    assert.ok(before >= 1);
    const res = await env.api.request('DELETE', `/cmk/v2/clusters/${ext.clusterId}?environment=${env.envId}`, {
      auth: env.tenant.admin,
    });
    assert.equal(res.status, 204, res.text);
    await waitFor('client evicted', async () => (cache.size < before ? true : undefined), 5000);
    assertKafkaRestError(await krRequest(env, 'GET', kr(ext.clusterId, '/topics'), { auth: ext.key }), 401, 40101);
  });
});
