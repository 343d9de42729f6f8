// Shared by the exactly-once source tests: read_committed reads, counter checks, the offset mirror.
import assert from 'node:assert/strict';
import { platformKafka, type RuntimeFixture } from './support';
import { waitFor } from '../support/wait-for';

export const EOS = { 'exactly.once.source.support': 'enabled' };

export interface Read {
  key: string | null;
  value: string | null;
  partition: number;
  offset: string;
}

/**
 * Every committed record of a topic, read read_committed from the beginning up to each
 * partition's last stable offset as of the call (control and aborted records count towards that
 * end but are never delivered).
 */
export async function readCommitted(f: RuntimeFixture, topic: string): Promise<Read[]> {
  const kafka = platformKafka(f, 'eos-test-reader');
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `eos-reader-${Math.random().toString(16).slice(2)}`;
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const remaining = new Map<number, bigint>();
    for (const p of ends) if (BigInt(p.high) > BigInt(p.low)) remaining.set(p.partition, BigInt(p.high));
    const out: Read[] = [];
    if (remaining.size === 0) return out;
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 200,
    });
    let done: () => void = () => undefined;
    const caughtUp = new Promise<void>((r) => (done = r));
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const end = remaining.get(payload.partition);
      if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) remaining.delete(payload.partition);
      if (remaining.size === 0) done();
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          out.push({
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            partition,
            offset: message.offset,
          });
        },
      });
      await waitFor(`${topic} read to its last stable offset`, async () => remaining.size === 0 || null, 30_000);
      await caughtUp;
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    await admin.deleteGroups([groupId]).catch(() => undefined);
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** The counter values of task 0 in what was read: each must be there once, none missing. */
export function counterValues(records: Read[]): number[] {
  return records.map((r) => (JSON.parse(r.value!) as { n: number }).n);
}

export function assertContiguousOnce(ns: number[], what: string): void {
  const sorted = [...ns].sort((a, b) => a - b);
  assert.equal(new Set(ns).size, ns.length, `${what}: no duplicate (${ns.length} records)`);
  assert.deepEqual(
    sorted,
    Array.from({ length: sorted.length }, (_, i) => i),
    `${what}: no gap`,
  );
}

export async function mirrorOffset(f: RuntimeFixture, connectorId: string): Promise<number | null> {
  const o = await f.db.sourceOffset.findFirst({ where: { connectorId } });
  return o ? (o.offset as { n: number }).n : null;
}
