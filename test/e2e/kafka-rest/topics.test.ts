/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertKafkaRestError, kr, krRequest, startKafkaRestEnv, type KafkaRestEnv } from './support';

describe('Kafka REST v3: cluster, topics, partitions, configs (embedded cluster)', () => {
  let env: KafkaRestEnv;
  let base: string;
  before(async () => {
    env = await startKafkaRestEnv();
    base = kr(env.clusterId);
  });
  after(() => env.close());

  it('GET the cluster', async () => {
    const res = await krRequest(env, 'GET', base, { auth: env.key });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.kind, 'KafkaCluster');
    assert.equal(res.body.cluster_id, env.clusterId);
    assert.equal(res.body.metadata.self, `${env.api.baseUrl}${base}`);
    assert.equal(res.body.topics.related, `${env.api.baseUrl}${base}/topics`);
  });

  it('creates a topic (replication_factor 3 accepted, reported as 1), lists and gets it', async () => {
    const created = await krRequest(env, 'POST', `${base}/topics`, {
      auth: env.key,
      body: {
        topic_name: 'transactions',
        partitions_count: 6,
        replication_factor: 3,
        configs: [
          { name: 'cleanup.policy', value: 'delete' },
          { name: 'retention.ms', value: '3600000' },
        ],
      },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.kind, 'KafkaTopic');
    assert.equal(created.body.topic_name, 'transactions');
    assert.equal(created.body.partitions_count, 6);
    assert.equal(created.body.replication_factor, 1);
    assert.equal(created.body.is_internal, false);
    assert.equal(created.body.metadata.resource_name, `crn:///kafka=${env.clusterId}/topic=transactions`);
    assert.equal(created.body.partitions.related, `${env.api.baseUrl}${base}/topics/transactions/partitions`);

    const list = await krRequest(env, 'GET', `${base}/topics`, { auth: env.key });
    assert.equal(list.status, 200);
    assert.equal(list.body.kind, 'KafkaTopicList');
    assert.deepEqual(
      list.body.data.map((t: any) => t.topic_name),
      ['transactions'],
    );
    assert.equal(list.body.metadata.next, null);

    const got = await krRequest(env, 'GET', `${base}/topics/transactions?include_authorized_operations=true`, {
      auth: env.key,
    });
    assert.equal(got.status, 200);
    assert.equal(got.body.partitions_count, 6);
    assert.ok(got.body.authorized_operations.includes('WRITE'));
  });

  it('create: defaults, validate_only, errors (exists → 40002, bad replication → 40002, bad partitions → 40002, bad config → 40002, no name → 422)', async () => {
    const d = await krRequest(env, 'POST', `${base}/topics`, { auth: env.key, body: { topic_name: 'defaults' } });
    assert.equal(d.status, 201, d.text);
    assert.equal(d.body.partitions_count, 1);
    assert.equal(d.body.replication_factor, 1);

    const dry = await krRequest(env, 'POST', `${base}/topics`, {
      auth: env.key,
      body: { topic_name: 'dry', partitions_count: 2, validate_only: true },
    });
    assert.equal(dry.status, 201, dry.text);
    assertKafkaRestError(await krRequest(env, 'GET', `${base}/topics/dry`, { auth: env.key }), 404, 40403);

    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics`, { auth: env.key, body: { topic_name: 'transactions' } }),
      400,
      40002,
      /^Topic 'transactions' already exists\.$/,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics`, {
        auth: env.key,
        body: { topic_name: 'rf', replication_factor: 2 },
      }),
      400,
      40002,
      /[Rr]eplication factor/,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics`, {
        auth: env.key,
        body: { topic_name: 'p0', partitions_count: 0 },
      }),
      400,
      40002,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics`, {
        auth: env.key,
        body: { topic_name: 'cfg', configs: [{ name: 'no.such.config', value: '1' }] },
      }),
      400,
      40002,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics`, { auth: env.key, body: { partitions_count: 1 } }),
      422,
      422,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics`, { auth: env.key, body: { topic_name: 'bad/name!' } }),
      400,
      40002,
    );
  });

  it('PATCH partitions_count: increase only', async () => {
    const up = await krRequest(env, 'PATCH', `${base}/topics/defaults`, {
      auth: env.key,
      body: { partitions_count: 3 },
    });
    assert.equal(up.status, 200, up.text);
    assert.equal(up.body.partitions_count, 3);
    assertKafkaRestError(
      await krRequest(env, 'PATCH', `${base}/topics/defaults`, { auth: env.key, body: { partitions_count: 2 } }),
      400,
      40002,
    );
    assertKafkaRestError(
      await krRequest(env, 'PATCH', `${base}/topics/nope`, { auth: env.key, body: { partitions_count: 2 } }),
      404,
      40403,
    );
  });

  it('partitions list/get; unknown partition or topic → 404 40403', async () => {
    const list = await krRequest(env, 'GET', `${base}/topics/transactions/partitions`, { auth: env.key });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.kind, 'KafkaPartitionList');
    assert.deepEqual(
      list.body.data.map((p: any) => p.partition_id),
      [0, 1, 2, 3, 4, 5],
    );
    const one = await krRequest(env, 'GET', `${base}/topics/transactions/partitions/2`, { auth: env.key });
    assert.equal(one.status, 200);
    assert.equal(one.body.kind, 'KafkaPartition');
    assert.equal(one.body.partition_id, 2);
    assert.equal(one.body.leader.related, `${env.api.baseUrl}${base}/topics/transactions/partitions/2/replicas/0`);
    assertKafkaRestError(
      await krRequest(env, 'GET', `${base}/topics/transactions/partitions/6`, { auth: env.key }),
      404,
      40403,
      /does not host this topic-partition/,
    );
    assertKafkaRestError(await krRequest(env, 'GET', `${base}/topics/nope/partitions`, { auth: env.key }), 404, 40403);
  });

  it('topic configs: list, get, put, delete, configs:alter (SET and DELETE, validate_only)', async () => {
    const list = await krRequest(env, 'GET', `${base}/topics/transactions/configs`, { auth: env.key });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.kind, 'KafkaTopicConfigList');
    const retention = list.body.data.find((c: any) => c.name === 'retention.ms');
    assert.equal(retention.value, '3600000');
    assert.equal(retention.source, 'DYNAMIC_TOPIC_CONFIG');
    assert.equal(retention.is_default, false);
    const seg = list.body.data.find((c: any) => c.name === 'segment.bytes');
    assert.equal(seg.is_default, true);
    assert.equal(seg.source, 'DEFAULT_CONFIG');

    const put = await krRequest(env, 'PUT', `${base}/topics/transactions/configs/max.message.bytes`, {
      auth: env.key,
      body: { value: '2000000' },
    });
    assert.equal(put.status, 204, put.text);
    const got = await krRequest(env, 'GET', `${base}/topics/transactions/configs/max.message.bytes`, { auth: env.key });
    assert.equal(got.status, 200);
    assert.equal(got.body.kind, 'KafkaTopicConfig');
    assert.equal(got.body.value, '2000000');
    assert.equal(got.body.topic_name, 'transactions');
    // The earlier dynamic setting survives a PUT of another config (incremental semantics).
    const still = await krRequest(env, 'GET', `${base}/topics/transactions/configs/retention.ms`, { auth: env.key });
    assert.equal(still.body.value, '3600000');

    const del = await krRequest(env, 'DELETE', `${base}/topics/transactions/configs/max.message.bytes`, {
      auth: env.key,
    });
    assert.equal(del.status, 204);
    const reset = await krRequest(env, 'GET', `${base}/topics/transactions/configs/max.message.bytes`, {
      auth: env.key,
    });
    assert.equal(reset.body.is_default, true);

    const dry = await krRequest(env, 'POST', `${base}/topics/transactions/configs:alter`, {
      auth: env.key,
      body: { data: [{ name: 'retention.ms', value: '1000' }], validate_only: true },
    });
    assert.equal(dry.status, 204, dry.text);
    assert.equal(
      (await krRequest(env, 'GET', `${base}/topics/transactions/configs/retention.ms`, { auth: env.key })).body.value,
      '3600000',
    );

    const alter = await krRequest(env, 'POST', `${base}/topics/transactions/configs:alter`, {
      auth: env.key,
      body: {
        data: [
          { name: 'retention.ms', operation: 'DELETE' },
          { name: 'retention.bytes', value: '1048576' },
        ],
      },
    });
    assert.equal(alter.status, 204, alter.text);
    const after1 = await krRequest(env, 'GET', `${base}/topics/transactions/configs`, { auth: env.key });
    assert.equal(after1.body.data.find((c: any) => c.name === 'retention.ms').is_default, true);
    assert.equal(after1.body.data.find((c: any) => c.name === 'retention.bytes').value, '1048576');

    assertKafkaRestError(
      await krRequest(env, 'GET', `${base}/topics/transactions/configs/no.such`, { auth: env.key }),
      404,
      404,
    );
    assertKafkaRestError(
      await krRequest(env, 'PUT', `${base}/topics/transactions/configs/retention.ms`, {
        auth: env.key,
        body: { value: 'abc' },
      }),
      400,
      40002,
    );
    assertKafkaRestError(await krRequest(env, 'GET', `${base}/topics/nope/configs`, { auth: env.key }), 404, 40403);
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/topics/nope/configs:alter`, { auth: env.key, body: { data: [] } }),
      404,
      40403,
    );
  });

  it('cluster configs (broker-configs): list and get; the embedded broker refuses changes with 40002', async () => {
    const list = await krRequest(env, 'GET', `${base}/broker-configs`, { auth: env.key });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.kind, 'KafkaClusterConfigList');
    const auto = list.body.data.find((c: any) => c.name === 'auto.create.topics.enable');
    assert.equal(auto.config_type, 'BROKER');
    const one = await krRequest(env, 'GET', `${base}/broker-configs/num.partitions`, { auth: env.key });
    assert.equal(one.status, 200);
    assert.equal(one.body.kind, 'KafkaClusterConfig');
    assert.equal(one.body.value, '1');
    assertKafkaRestError(await krRequest(env, 'GET', `${base}/broker-configs/no.such`, { auth: env.key }), 404, 404);
    assertKafkaRestError(
      await krRequest(env, 'PUT', `${base}/broker-configs/num.partitions`, { auth: env.key, body: { value: '3' } }),
      400,
      40002,
    );
    assertKafkaRestError(
      await krRequest(env, 'DELETE', `${base}/broker-configs/num.partitions`, { auth: env.key }),
      400,
      40002,
    );
    assertKafkaRestError(
      await krRequest(env, 'POST', `${base}/broker-configs:alter`, {
        auth: env.key,
        body: { data: [{ name: 'num.partitions', value: '3' }] },
      }),
      400,
      40002,
    );
  });

  it('DELETE a topic → 204, then 404 40403', async () => {
    const del = await krRequest(env, 'DELETE', `${base}/topics/defaults`, { auth: env.key });
    assert.equal(del.status, 204, del.text);
    assertKafkaRestError(
      await krRequest(env, 'GET', `${base}/topics/defaults`, { auth: env.key }),
      404,
      40403,
      /^This server does not host this topic-partition\.$/,
    );
    assertKafkaRestError(await krRequest(env, 'DELETE', `${base}/topics/defaults`, { auth: env.key }), 404, 40403);
  });
});
