// The embedded broker's Metrics API series (io.confluent.kafka.server/*), end to end: the broker
// wired to the control plane as apps/broker runs it (METRICS_FLUSH_MS short here), kafkajs traffic on
// a cluster created through CMK, and the hour rows read back through the tenant's repository.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { MetricSeriesRepository, PrismaService, type MetricSeriesRow } from '@libs/db';
import { KAFKA_METRICS } from '@libs/telemetry';
import { provisionCluster, startStack, type ProvisionedCluster, type Stack } from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { waitFor } from '../../support/wait-for';

const HOUR_MS = 3_600_000;
const TOPIC = 'metered-orders';
const GROUP = 'metered-readers';
const PER_PARTITION = 10;
const N = 2 * PER_PARTITION;
// committed offsets of partitions 0 and 1: the group is N − 4 − 7 behind
const COMMITTED = [4, 7];

const sum = (rows: MetricSeriesRow[]) =>
  rows.reduce((s, r) => s + r.minutes.reduce<number>((m, v) => m + (v ?? 0), 0), 0);

/** A gauge's latest minute value. */
function latest(rows: MetricSeriesRow[]): number | undefined {
  const newestFirst = [...rows].sort((a, b) => b.hour.getTime() - a.hour.getTime());
  for (const r of newestFirst)
    for (let m = r.minutes.length - 1; m >= 0; m--) if (r.minutes[m] != null) return r.minutes[m] as number;
  return undefined;
}

describe('broker metrics in the Metrics API store', () => {
  let stack: Stack;
  let tenantA: Tenant;
  let tenantB: Tenant;
  let a: ProvisionedCluster;
  let repo: MetricSeriesRepository;
  const from = new Date(Date.now() - (Date.now() % HOUR_MS));
  const to = () => new Date(Date.now() + HOUR_MS);

  before(async () => {
    stack = await startStack({ METRICS_FLUSH_MS: '300' });
    tenantA = await stack.api.newTenant();
    tenantB = await stack.api.newTenant();
    a = await provisionCluster(stack.api, tenantA, 'metered');
    await provisionCluster(stack.api, tenantB, 'other');
    repo = new MetricSeriesRepository(stack.api.app.get(PrismaService, { strict: false }));
  });
  after(() => stack.close());

  const rowsOf = (metric: string, labels: Record<string, string>) =>
    repo
      .hours(tenantA.scope, metric, [a.clusterId], from, to())
      .then((rows) => rows.filter((r) => Object.entries(labels).every(([k, v]) => r.labels[k] === v)));

  it('records produced and consumed traffic per topic and the group lag', async () => {
    const kafka = new Kafka({
      clientId: 'metrics-test',
      brokers: [stack.brokerAddress],
      sasl: { mechanism: 'plain', username: a.key.key, password: a.key.secret },
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 100 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1])
      await producer.send({
        topic: TOPIC,
        messages: Array.from({ length: PER_PARTITION }, (_, i) => ({ partition, value: `order-${partition}-${i}` })),
      });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: GROUP });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    let consumed = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async () => {
          if (++consumed === N) resolve();
        },
      });
    });
    await consumer.commitOffsets(
      COMMITTED.map((offset, partition) => ({ topic: TOPIC, partition, offset: String(offset) })),
    );
    await consumer.disconnect();
    const expectedLag = N - COMMITTED[0]! - COMMITTED[1]!;

    const topic = { topic: TOPIC };
    await waitFor(
      'received_records of the topic',
      async () => sum(await rowsOf(KAFKA_METRICS.receivedRecords, topic)) === N,
    );
    assert.ok(sum(await rowsOf(KAFKA_METRICS.receivedBytes, topic)) > 0, 'received_bytes');
    await waitFor(
      'sent_records of the topic',
      async () => sum(await rowsOf(KAFKA_METRICS.sentRecords, topic)) >= consumed,
    );
    assert.ok(sum(await rowsOf(KAFKA_METRICS.sentBytes, topic)) > 0, 'sent_bytes');
    const lagLabels = { consumer_group_id: GROUP, topic: TOPIC };
    await waitFor(
      `consumer_lag_offsets = ${expectedLag}`,
      async () => latest(await rowsOf(KAFKA_METRICS.consumerLagOffsets, lagLabels)) === expectedLag,
    );
    const lagRows = await rowsOf(KAFKA_METRICS.consumerLagOffsets, lagLabels);
    assert.deepEqual(lagRows[0]?.labels, lagLabels, 'labels without the metric. prefix');
    assert.equal(lagRows[0]?.resourceType, 'kafka');
  });

  it("another organization's scope sees none of the cluster's series", async () => {
    const all = Object.values(KAFKA_METRICS);
    for (const metric of all) {
      assert.ok((await repo.hours(tenantA.scope, metric, [a.clusterId], from, to())).length > 0, metric);
      assert.deepEqual(await repo.hours(tenantB.scope, metric, [a.clusterId], from, to()), [], metric);
    }
  });
});
