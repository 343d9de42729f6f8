// What the sink-through-a-worker benchmarks (bench/connectors/*-sink-worker.bench.ts) share: the
// pre-filled ORDERS topic, the broker's record count, timing arrivals at the target, stopping the
// worker, and the load average printed beside every figure.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import type { Kafka } from 'kafkajs';
import { createConnector, type RuntimeFixture } from '../../test/runtime/support';
import { waitFor } from '../../test/support/wait-for';

/** The 1, 5 and 15 minute load averages, as printed beside the figures. */
export const loadAverage = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Records the fixture's broker has taken in for its cluster (its Prometheus counter). */
export async function recordsIn(f: Pick<RuntimeFixture, 'clusterId' | 'broker'>): Promise<number> {
  const m = new RegExp(`^broker_records_in_total\\{cluster="${f.clusterId}"\\} (\\d+)`, 'm').exec(
    await f.broker.metricsText(),
  );
  return m ? Number(m[1]) : 0;
}

/**
 * Fills `topic` (6 partitions) with `records` ORDERS in AVRO through a DatagenSource run by the
 * fixture's worker, then stops the source so that only the sink reads from then on.
 */
export async function prefillWithDatagen(f: RuntimeFixture, topic: string, records: number): Promise<void> {
  const source = await createConnector(f, 'DatagenSource', {
    'kafka.topic': topic,
    quickstart: 'ORDERS',
    'output.data.format': 'AVRO',
    'max.interval': '0',
    iterations: String(records),
    'random.seed': '7',
    'tasks.max': '1',
    'topic.creation.default.partitions': '6',
  });
  const t0 = Date.now();
  await waitFor('topic pre-filled', async () => (await recordsIn(f)) >= records, 300_000, 250);
  console.log(JSON.stringify({ prefill: records, seconds: (Date.now() - t0) / 1000 }));
  await f.db.connector.update({ where: { id: source }, data: { targetState: 'STOPPED' } });
}

/** Fills a new topic with `records` schemaless ORDERS-like JSON records (≈ 190 bytes), 1,000 per send. */
export async function prefillJsonOrders(
  kafka: Kafka,
  topic: string,
  records: number,
  partitions: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const t0 = Date.now();
  for (let i = 0; i < records; i += 1000) {
    const messages = [];
    for (let j = i; j < Math.min(records, i + 1000); j++)
      messages.push({
        partition: j % partitions,
        key: String(j),
        value: JSON.stringify({
          ordertime: 1500000000000 + j,
          orderid: j,
          itemid: `Item_${j % 1000}`,
          orderunits: (j % 97) / 7,
          address: { city: `City_${j % 50}`, state: `State_${j % 20}`, zipcode: 10000 + (j % 9000) },
        }),
      });
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  console.log(JSON.stringify({ prefill: records, seconds: (Date.now() - t0) / 1000 }));
}

export interface Arrival<T> {
  at: number;
  value: T;
}

/**
 * Polls what has arrived at the target until `done` says all of it has; returns when it first grew
 * from nothing and when it last grew, so that start-up and the final poll do not count.
 */
export async function timeArrivals<T>(
  what: string,
  read: () => Promise<T>,
  grew: (now: T, before: T | undefined) => boolean,
  done: (now: T) => boolean,
  everyMs = 100,
): Promise<{ first: Arrival<T>; last: Arrival<T>; seconds: number }> {
  const firstValue = await waitFor(
    `first ${what}`,
    async () => {
      const v = await read();
      return grew(v, undefined) ? { v } : undefined;
    },
    120_000,
    20,
  );
  const first = { at: performance.now(), value: firstValue.v };
  let last = first;
  await waitFor(
    `all ${what}`,
    async () => {
      const v = await read();
      if (grew(v, last.value)) last = { at: performance.now(), value: v };
      return done(v);
    },
    600_000,
    everyMs,
  );
  return { first, last, seconds: (last.at - first.at) / 1000 };
}

/** Counted arrivals (rows, records): the first and last count and the rate in between. */
export async function timeCount(
  what: string,
  count: () => Promise<number>,
  total: number,
  everyMs = 100,
): Promise<{ first: number; last: number; firstAt: number; seconds: number; perSec: number }> {
  const { first, last, seconds } = await timeArrivals(
    what,
    count,
    (n, before) => n > (before ?? 0),
    (n) => n >= total,
    everyMs,
  );
  return {
    first: first.value,
    last: last.value,
    firstAt: first.at,
    seconds,
    perSec: Math.round((last.value - first.value) / seconds),
  };
}

/** SIGTERM (a profile asked for with WORKER_NODE_ARGS gets written), SIGKILL if it lingers 15 s. */
export async function stopWorker(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = once(proc, 'exit');
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
