/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { assertKafkaRestError, kr, krRequest, startKafkaRestEnv, type KafkaRestEnv } from './support';
import { waitFor } from '../../support/wait-for';

describe('Kafka REST v3: consumer groups, consumers, lag', () => {
  let env: KafkaRestEnv;
  let base: string;
  let kafka: Kafka;
  let live: Consumer | undefined;
  before(async () => {
    env = await startKafkaRestEnv();
    base = kr(env.clusterId);
    kafka = new Kafka({
      clientId: 'lag-test',
      brokers: [`127.0.0.1:${env.brokerPort}`],
      sasl: { mechanism: 'plain', username: env.key.key, password: env.key.secret },
      logLevel: logLevel.NOTHING,
    });
    const t = await env.api.request('POST', `${base}/topics`, {
      auth: env.key,
      body: { topic_name: 'events', partitions_count: 2 },
    });
    assert.equal(t.status, 201, t.text);
    // 10 records on partition 0, 6 on partition 1.
    const rawBody = Array.from({ length: 16 }, (_, i) =>
      JSON.stringify({ partition_id: i < 10 ? 0 : 1, value: { type: 'STRING', data: `e${i}` } }),
    ).join('');
    const p = await env.api.request('POST', `${base}/topics/events/records`, { auth: env.key, rawBody });
    assert.equal(p.status, 200, p.text);
  });
  after(async () => {
    await live?.disconnect().catch(() => undefined);
    await env.close();
  });

  it('no groups yet: empty list; unknown group → 404', async () => {
    const list = await krRequest(env, 'GET', `${base}/consumer-groups`, { auth: env.key });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.kind, 'KafkaConsumerGroupList');
    assert.deepEqual(list.body.data, []);
    assertKafkaRestError(await krRequest(env, 'GET', `${base}/consumer-groups/nope`, { auth: env.key }), 404, 404);
    assertKafkaRestError(
      await krRequest(env, 'GET', `${base}/consumer-groups/nope/lag-summary`, { auth: env.key }),
      404,
      404,
    );
  });

  it('lag matches what a kafkajs consumer left behind (committed offsets, stopped consumer)', async () => {
    // Commit offsets 7 on p0 and 2 on p1 as a group would, then leave: lag 3 + 4.
    const consumer = kafka.consumer({ groupId: 'billing', sessionTimeout: 6000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'events', fromBeginning: true });
    let seen = 0;
    await consumer.run({ autoCommit: false, eachMessage: async () => void seen++ });
    await waitFor('consumer saw all records', async () => (seen >= 16 ? true : undefined), 20_000);
    await consumer.commitOffsets([
      { topic: 'events', partition: 0, offset: '7' },
      { topic: 'events', partition: 1, offset: '2' },
    ]);
    await consumer.disconnect();

    const group = await krRequest(env, 'GET', `${base}/consumer-groups/billing`, { auth: env.key });
    assert.equal(group.status, 200, group.text);
    assert.equal(group.body.kind, 'KafkaConsumerGroup');
    assert.equal(group.body.consumer_group_id, 'billing');
    assert.equal(group.body.state, 'EMPTY');
    assert.equal(group.body.lag_summary.related, `${env.api.baseUrl}${base}/consumer-groups/billing/lag-summary`);

    const lags = await krRequest(env, 'GET', `${base}/consumer-groups/billing/lags`, { auth: env.key });
    assert.equal(lags.status, 200, lags.text);
    assert.equal(lags.body.kind, 'KafkaConsumerLagList');
    assert.deepEqual(
      lags.body.data.map((l: any) => [l.topic_name, l.partition_id, l.current_offset, l.log_end_offset, l.lag]),
      [
        ['events', 0, 7, 10, 3],
        ['events', 1, 2, 6, 4],
      ],
    );
    const one = await krRequest(env, 'GET', `${base}/consumer-groups/billing/lags/events/partitions/1`, {
      auth: env.key,
    });
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.kind, 'KafkaConsumerLag');
    assert.equal(one.body.lag, 4);
    assertKafkaRestError(
      await krRequest(env, 'GET', `${base}/consumer-groups/billing/lags/events/partitions/5`, { auth: env.key }),
      404,
      40403,
    );

    const summary = await krRequest(env, 'GET', `${base}/consumer-groups/billing/lag-summary`, { auth: env.key });
    assert.equal(summary.status, 200, summary.text);
    assert.equal(summary.body.kind, 'KafkaConsumerGroupLagSummary');
    assert.equal(summary.body.total_lag, 7);
    assert.equal(summary.body.max_lag, 4);
    assert.equal(summary.body.max_lag_topic_name, 'events');
    assert.equal(summary.body.max_lag_partition_id, 1);
  });

  it('a live consumer: group STABLE, consumers list/get, lags name the owning consumer', async () => {
    live = kafka.consumer({ groupId: 'live', sessionTimeout: 6000, heartbeatInterval: 300 });
    await live.connect();
    await live.subscribe({ topic: 'events', fromBeginning: true });
    let seen = 0;
    await live.run({ autoCommit: true, autoCommitThreshold: 1, eachMessage: async () => void seen++ });
    await waitFor('live consumer read everything', async () => (seen >= 16 ? true : undefined), 20_000);
    await live.commitOffsets([
      { topic: 'events', partition: 0, offset: '10' },
      { topic: 'events', partition: 1, offset: '6' },
    ]);

    const group = await waitFor('group STABLE', async () => {
      const g = await krRequest(env, 'GET', `${base}/consumer-groups/live`, { auth: env.key });
      return g.body?.state === 'STABLE' ? g : undefined;
    });
    assert.equal(group.body.partition_assignor, 'RoundRobinAssigner');
    assert.equal(group.body.is_simple, false);

    const list = await krRequest(env, 'GET', `${base}/consumer-groups`, { auth: env.key });
    assert.deepEqual(
      list.body.data.map((g: any) => g.consumer_group_id),
      ['billing', 'live'],
    );

    const consumers = await krRequest(env, 'GET', `${base}/consumer-groups/live/consumers`, { auth: env.key });
    assert.equal(consumers.status, 200, consumers.text);
    assert.equal(consumers.body.kind, 'KafkaConsumerList');
    assert.equal(consumers.body.data.length, 1);
    const c = consumers.body.data[0];
    assert.equal(c.client_id, 'lag-test');
    const one = await krRequest(
      env,
      'GET',
      `${base}/consumer-groups/live/consumers/${encodeURIComponent(c.consumer_id)}`,
      { auth: env.key },
    );
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.kind, 'KafkaConsumer');
    assertKafkaRestError(
      await krRequest(env, 'GET', `${base}/consumer-groups/live/consumers/ghost`, { auth: env.key }),
      404,
      404,
    );

    const lags = await krRequest(env, 'GET', `${base}/consumer-groups/live/lags`, { auth: env.key });
    assert.deepEqual(
      lags.body.data.map((l: any) => [l.partition_id, l.lag, l.consumer_id, l.client_id]),
      [
        [0, 0, c.consumer_id, 'lag-test'],
        [1, 0, c.consumer_id, 'lag-test'],
      ],
    );
    const summary = await krRequest(env, 'GET', `${base}/consumer-groups/live/lag-summary`, { auth: env.key });
    assert.equal(summary.body.total_lag, 0);
  });
});
