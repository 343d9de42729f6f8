// Conformance with kafkajs 2.2.4 over SASL/PLAIN: compression codecs, a 3-member consumer group
// rebalancing, admin calls, two isolated tenants.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompressionTypes, Consumer, Kafka, logLevel } from 'kafkajs';
import { kafkajsConfig, startTestBroker, TENANT_A, TENANT_B, TestBroker } from './harness';
import { registerCodecs } from './kafkajs-codecs';
import { waitFor } from '../../../test/support/wait-for';

let tb: TestBroker;
let kafkaA: Kafka;
let kafkaB: Kafka;

before(async () => {
  await registerCodecs();
  tb = await startTestBroker();
  kafkaA = new Kafka({ ...kafkajsConfig(tb.bootstrap, TENANT_A), logLevel: logLevel.NOTHING });
  kafkaB = new Kafka({ ...kafkajsConfig(tb.bootstrap, TENANT_B), logLevel: logLevel.NOTHING });
});

after(async () => {
  await tb.stop();
});

describe('kafkajs', () => {
  it('admin creates, lists and deletes topics; replication factor 3 is stored as 1', async () => {
    const admin = kafkaA.admin();
    await admin.connect();
    try {
      assert.equal(
        await admin.createTopics({ topics: [{ topic: 'adm-1', numPartitions: 4, replicationFactor: 3 }] }),
        true,
      );
      assert.equal(await admin.createTopics({ topics: [{ topic: 'adm-2' }] }), true);
      await assert.rejects(admin.createTopics({ topics: [{ topic: 'adm-3', replicationFactor: 2 }] }));
      const meta = await admin.fetchTopicMetadata({ topics: ['adm-1'] });
      assert.equal(meta.topics[0].partitions.length, 4);
      assert.deepEqual(meta.topics[0].partitions[0].replicas, [0]);
      assert.deepEqual((await admin.listTopics()).sort(), ['adm-1', 'adm-2']);
      await admin.createPartitions({ topicPartitions: [{ topic: 'adm-2', count: 3 }] });
      assert.equal((await admin.fetchTopicMetadata({ topics: ['adm-2'] })).topics[0].partitions.length, 3);
      await admin.deleteTopics({ topics: ['adm-1', 'adm-2'] });
      assert.deepEqual(await admin.listTopics(), []);
      const cluster = await admin.describeCluster();
      assert.equal(cluster.clusterId, TENANT_A.tenant);
    } finally {
      await admin.disconnect();
    }
  });

  it('describes and alters topic configs; rejects compaction clearly', async () => {
    const admin = kafkaA.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [{ topic: 'cfg', configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
      });
      const res = await admin.describeConfigs({ resources: [{ type: 2, name: 'cfg' }], includeSynonyms: false });
      const entries = res.resources[0].configEntries;
      assert.equal(entries.find((e) => e.configName === 'retention.ms')?.configValue, '3600000');
      assert.equal(entries.find((e) => e.configName === 'cleanup.policy')?.configValue, 'delete');
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: 2, name: 'cfg', configEntries: [{ name: 'retention.bytes', value: '1000000' }] }],
      });
      const res2 = await admin.describeConfigs({
        resources: [{ type: 2, name: 'cfg', configNames: ['retention.bytes'] }],
        includeSynonyms: false,
      });
      assert.equal(res2.resources[0].configEntries[0].configValue, '1000000');
      await assert.rejects(
        admin.createTopics({
          topics: [{ topic: 'compacted', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
        }),
        (e: { errors?: { type: string }[] }) => e.errors?.[0]?.type === 'INVALID_CONFIG',
      );
    } finally {
      await admin.disconnect();
    }
  });

  for (const [name, codec] of [
    ['none', CompressionTypes.None],
    ['gzip', CompressionTypes.GZIP],
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
    ['zstd', CompressionTypes.ZSTD],
  ] as const) {
    it(`produces and consumes ${name}-compressed batches unchanged`, async () => {
      const topic = `codec-${name}`;
      const producer = kafkaA.producer({ allowAutoTopicCreation: true });
      await producer.connect();
      const messages = Array.from({ length: 50 }, (_, i) => ({
        key: `k${i}`,
        value: `value-${name}-${i}`.repeat(5),
        headers: { h: `x${i}` },
      }));
      const [res] = await producer.send({ topic, compression: codec, acks: -1, messages });
      assert.equal(res.errorCode, 0);
      assert.equal(res.baseOffset, '0');
      await producer.send({ topic, compression: codec, acks: 1, messages: messages.slice(0, 10) });
      await producer.disconnect();
      const consumer = kafkaA.consumer({ groupId: `g-${name}`, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const got: { offset: string; value: string; header: string }[] = [];
      await consumer.run({
        eachMessage: async ({ message }) => {
          got.push({
            offset: message.offset,
            value: message.value!.toString(),
            header: message.headers!.h!.toString(),
          });
        },
      });
      await waitFor('messages', () => got.length >= 60, 15000);
      await consumer.disconnect();
      assert.equal(got.length, 60);
      got.forEach((m, i) => assert.equal(m.offset, String(i)));
      assert.equal(got[7].value, messages[7].value);
      assert.equal(got[7].header, 'x7');
    });
  }

  it('runs a 3-member consumer group that rebalances, commits and resumes', async () => {
    const topic = 'group-topic';
    const admin = kafkaA.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] });
    const producer = kafkaA.producer();
    await producer.connect();
    const send = (from: number, n: number) =>
      producer.send({
        topic,
        messages: Array.from({ length: n }, (_, i) => ({ key: `key-${from + i}`, value: String(from + i) })),
      });
    await send(0, 300);

    const seen = new Map<string, number>();
    const assigned = new Map<Consumer, number>();
    const consumers: Consumer[] = [];
    for (let i = 0; i < 3; i++) {
      const c = kafkaA.consumer({
        groupId: 'rebalancers',
        sessionTimeout: 6000,
        heartbeatInterval: 500,
        maxWaitTimeInMs: 100,
        rebalanceTimeout: 10000,
      });
      c.on(c.events.GROUP_JOIN, (e) => assigned.set(c, (e.payload.memberAssignment[topic] ?? []).length));
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({
        eachMessage: async ({ message }) => {
          seen.set(message.value!.toString(), (seen.get(message.value!.toString()) ?? 0) + 1);
        },
      });
      consumers.push(c);
    }
    await waitFor(
      'three members with 2 partitions each',
      () => consumers.every((c) => (assigned.get(c) ?? 0) === 2),
      30000,
    );
    await send(300, 300);
    await waitFor('all 600 values', () => seen.size === 600, 20000);

    // One member leaves: the other two take over all 6 partitions.
    await consumers[2].disconnect();
    await waitFor(
      'rebalance to 2 members',
      () => (assigned.get(consumers[0]) ?? 0) + (assigned.get(consumers[1]) ?? 0) === 6,
      30000,
    );
    await send(600, 60);
    await waitFor('values after rebalance', () => seen.size === 660, 20000);
    await consumers[0].disconnect();
    await consumers[1].disconnect();

    const groups = await admin.listGroups();
    assert.ok(groups.groups.some((g) => g.groupId === 'rebalancers'));
    const described = await admin.describeGroups(['rebalancers']);
    assert.equal(described.groups[0].state, 'Empty');
    const offsets = await admin.fetchOffsets({ groupId: 'rebalancers', topics: [topic] });
    const total = offsets[0].partitions.reduce((s, p) => s + Number(p.offset), 0);
    assert.equal(total, 660);
    const all = await admin.fetchOffsets({ groupId: 'rebalancers' });
    assert.equal(all[0].partitions.length, 6);
    await admin.deleteGroups(['rebalancers']);
    assert.ok(!(await admin.listGroups()).groups.some((g) => g.groupId === 'rebalancers'));
    await producer.disconnect();
    await admin.disconnect();
  });

  it('lists offsets by time and deletes records', async () => {
    const admin = kafkaA.admin();
    await admin.connect();
    const producer = kafkaA.producer();
    await producer.connect();
    await admin.createTopics({ topics: [{ topic: 'times' }] });
    await producer.send({ topic: 'times', messages: [{ value: 'a', timestamp: '1000' }] });
    await producer.send({ topic: 'times', messages: [{ value: 'b', timestamp: '2000' }] });
    await producer.send({ topic: 'times', messages: [{ value: 'c', timestamp: '3000' }] });
    assert.deepEqual(await admin.fetchTopicOffsetsByTimestamp('times', 1500), [{ partition: 0, offset: '1' }]);
    assert.deepEqual(await admin.fetchTopicOffsetsByTimestamp('times', 5000), [{ partition: 0, offset: '3' }]);
    const [o] = await admin.fetchTopicOffsets('times');
    assert.equal(o.high, '3');
    assert.equal(o.low, '0');
    await admin.deleteTopicRecords({ topic: 'times', partitions: [{ partition: 0, offset: '2' }] });
    const [o2] = await admin.fetchTopicOffsets('times');
    assert.equal(o2.low, '2');
    await producer.disconnect();
    await admin.disconnect();
  });

  it('idempotent producer gets a producer id and appends each batch once', async () => {
    const producer = kafkaA.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 5; i++) await producer.send({ topic: 'idem', acks: -1, messages: [{ value: `m${i}` }] });
    await producer.disconnect();
    const admin = kafkaA.admin();
    await admin.connect();
    const [o] = await admin.fetchTopicOffsets('idem');
    assert.equal(o.high, '5');
    await admin.disconnect();
  });

  it('keeps tenants isolated: same names, no visibility, no access', async () => {
    const adminA = kafkaA.admin();
    const adminB = kafkaB.admin();
    await adminA.connect();
    await adminB.connect();
    await adminA.createTopics({ topics: [{ topic: 'orders', numPartitions: 2 }] });
    await adminB.createTopics({ topics: [{ topic: 'orders', numPartitions: 5 }] });
    await adminA.createTopics({ topics: [{ topic: 'secret-a' }] });
    const pa = kafkaA.producer();
    await pa.connect();
    await pa.send({ topic: 'secret-a', messages: [{ value: 'only A' }] });
    await pa.send({ topic: 'orders', messages: [{ value: 'A order' }] });
    await pa.disconnect();

    assert.ok(!(await adminB.listTopics()).includes('secret-a'));
    assert.equal((await adminB.fetchTopicMetadata({ topics: ['orders'] })).topics[0].partitions.length, 5);
    const [bOrders] = await adminB.fetchTopicOffsets('orders').then((ps) => ps.filter((p) => p.high !== '0'));
    assert.equal(bOrders, undefined, 'tenant B sees no records of tenant A');
    const consumersA = await adminA.listGroups();
    const consumersB = await adminB.listGroups();
    assert.ok(consumersA.groups.length > 0);
    assert.ok(!consumersB.groups.some((g) => consumersA.groups.some((a) => a.groupId === g.groupId)));

    // B cannot commit on A's topic (unknown in B's namespace).
    await assert.rejects(
      adminB.setOffsets({ groupId: 'b-group', topic: 'secret-a', partitions: [{ partition: 0, offset: '0' }] }),
    );
    await adminA.disconnect();
    await adminB.disconnect();
  });

  it('rejects bad credentials with an authentication error', async () => {
    const bad = new Kafka({
      ...kafkajsConfig(tb.bootstrap, { username: TENANT_A.username, password: 'wrong' }),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const admin = bad.admin();
    await assert.rejects(admin.connect(), /SASL|auth/i);
  });
});
