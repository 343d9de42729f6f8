// The handle's per-topic traffic (drained on each call) and consumer lag, which the control plane
// turns into the Metrics API's io.confluent.kafka.server/* series; a deleted tenant leaves none.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka } from 'kafkajs';
import { kafkajsConfig, startTestBroker, TENANT_A, TENANT_B, type TestBroker } from './harness';
import type { TopicTraffic } from '../src';

let tb: TestBroker;
before(async () => {
  tb = await startTestBroker();
});
after(async () => {
  await tb.stop();
});

const sumOf = (rows: TopicTraffic[], tenant: string, topic: string) =>
  rows
    .filter((r) => r.tenant === tenant && r.topic === topic)
    .reduce(
      (s, r) => ({
        bytesIn: s.bytesIn + r.bytesIn,
        recordsIn: s.recordsIn + r.recordsIn,
        bytesOut: s.bytesOut + r.bytesOut,
        recordsOut: s.recordsOut + r.recordsOut,
      }),
      { bytesIn: 0, recordsIn: 0, bytesOut: 0, recordsOut: 0 },
    );

async function produce(creds: typeof TENANT_A, topic: string, perPartition: number, partitions: number) {
  const kafka = new Kafka(kafkajsConfig(tb.bootstrap, creds));
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let p = 0; p < partitions; p++)
    await producer.send({
      topic,
      messages: Array.from({ length: perPartition }, (_, i) => ({ partition: p, value: `value-${p}-${i}` })),
    });
  await producer.disconnect();
}

describe('per-topic traffic and consumer lag', () => {
  it('counts produced and fetched records per tenant and topic, and a drain starts again from zero', async () => {
    tb.broker.takeTopicTraffic(); // whatever came before
    await produce(TENANT_A, 'traffic', 5, 2);
    await produce(TENANT_B, 'traffic', 3, 1);
    const first = tb.broker.takeTopicTraffic();
    const a = sumOf(first, TENANT_A.tenant, 'traffic');
    assert.equal(a.recordsIn, 10);
    assert.ok(a.bytesIn > 0);
    assert.equal(a.recordsOut, 0);
    assert.equal(sumOf(first, TENANT_B.tenant, 'traffic').recordsIn, 3);
    assert.deepEqual(tb.broker.takeTopicTraffic(), [], 'nothing new since the last drain');

    const consumer = new Kafka(kafkajsConfig(tb.bootstrap, TENANT_A)).consumer({ groupId: 'reader' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'traffic', fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async () => {
          if (++seen === 10) resolve();
        },
      });
    });
    // commit 2 of partition 0's 5 and 4 of partition 1's 5: lag 3 + 1
    await consumer.commitOffsets([
      { topic: 'traffic', partition: 0, offset: '2' },
      { topic: 'traffic', partition: 1, offset: '4' },
    ]);
    await consumer.disconnect();
    const out = sumOf(tb.broker.takeTopicTraffic(), TENANT_A.tenant, 'traffic');
    assert.ok(out.recordsOut >= 10, `served ${out.recordsOut}`);
    assert.ok(out.bytesOut > 0);
    assert.equal(out.recordsIn, 0);

    const lag = tb.broker.consumerLag().filter((l) => l.tenant === TENANT_A.tenant);
    assert.deepEqual(lag, [{ tenant: TENANT_A.tenant, group: 'reader', topic: 'traffic', lag: 4 }]);
  });

  it('a deleted tenant leaves no traffic and no lag behind', async () => {
    await produce(TENANT_A, 'doomed-traffic', 2, 1);
    await tb.broker.deleteTenant(TENANT_A.tenant);
    assert.ok(!tb.broker.takeTopicTraffic().some((t) => t.tenant === TENANT_A.tenant));
    assert.ok(!tb.broker.consumerLag().some((l) => l.tenant === TENANT_A.tenant));
  });
});
