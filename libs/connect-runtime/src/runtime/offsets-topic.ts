// The offsets topic of exactly-once sources (KIP-618), in Kafka Connect's format: key
// ["<connector>", {partition}] and value {offset} as JSON (null: the partition's offset was
// reset), written in the same transaction as the records. Reading it read_committed to its last
// stable offset gives the truth a task starts from; Postgres keeps a mirror for the offsets API.
import type { Kafka, Message } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import type { SourceMap } from '@libs/connect-spi';
import { canonicalJson } from '@libs/canonical-json';

/** Partitions of an offsets topic the runtime creates (Kafka Connect's default is 25; compacted). */
export const OFFSETS_TOPIC_PARTITIONS = 5;
const READ_TIMEOUT_MS = 30_000;

/** One source partition's offset record: key and value bytes as Kafka Connect writes them. */
export function offsetMessage(connectorId: string, partition: unknown, offset: unknown): Message {
  return {
    key: `[${JSON.stringify(connectorId)},${canonicalJson(partition)}]`,
    value: offset === null || offset === undefined ? null : canonicalJson(offset),
  };
}

/** The connector and source partition of an offsets record key, or null for a key that is not one. */
export function parseOffsetKey(key: Buffer | string | null): { connectorId: string; partition: SourceMap } | null {
  if (key === null) return null;
  try {
    const k = JSON.parse(key.toString()) as unknown;
    if (!Array.isArray(k) || k.length !== 2 || typeof k[0] !== 'string') return null;
    if (!k[1] || typeof k[1] !== 'object' || Array.isArray(k[1])) return null;
    return { connectorId: k[0], partition: k[1] as SourceMap };
  } catch {
    return null;
  }
}

/** What the topic says of one source partition: its last offset and the one before (undefined: none). */
export interface OffsetHistory {
  partition: SourceMap;
  current: SourceMap | null;
  previous: SourceMap | null | undefined;
}

/** The committed offsets of one connector, by canonical source partition. */
export type TopicOffsets = Map<string, OffsetHistory>;

/**
 * Where a task starts for one source partition, given the offsets topic (the truth of exactly-once
 * runs) and the Postgres row (the mirror, and the truth of at-least-once runs):
 * - no topic record: the Postgres offset (the connector ran at least once so far);
 * - Postgres equal to the topic's last or previous offset, or no row: the topic's (the mirror is
 *   written after each transaction commits, so it may lag by one commit after a crash);
 * - otherwise an at-least-once run (exactly.once.source.support turned off and on again) moved the
 *   offset on after the last transaction: the Postgres offset.
 */
export function startOffset(topic: OffsetHistory | undefined, mirror: unknown): unknown {
  if (!topic) return mirror ?? null;
  if (mirror === undefined || mirror === null) return topic.current;
  const m = canonicalJson(mirror);
  if (m === canonicalJson(topic.current)) return topic.current;
  if (topic.previous !== undefined && m === canonicalJson(topic.previous)) return topic.current;
  return mirror;
}

/** Applies one offsets record to the view (records of other connectors are skipped). */
export function applyOffsetRecord(
  view: TopicOffsets,
  connectorId: string,
  key: Buffer | string | null,
  value: Buffer | string | null,
): void {
  const k = parseOffsetKey(key);
  if (!k || k.connectorId !== connectorId) return;
  let offset: SourceMap | null = null;
  if (value !== null) {
    try {
      const v = JSON.parse(value.toString()) as unknown;
      offset = v && typeof v === 'object' && !Array.isArray(v) ? (v as SourceMap) : null;
    } catch {
      return; // not ours: Kafka Connect skips values it cannot read too
    }
  }
  const id = canonicalJson(k.partition);
  const before = view.get(id);
  view.set(id, { partition: k.partition, current: offset, previous: before ? before.current : undefined });
}

/** The error types of a failed createTopics (kafkajs aggregates one error per topic). */
function creationErrorTypes(e: unknown): string[] {
  const err = e as { type?: string; errors?: { type?: string }[] };
  return [err.type, ...(err.errors ?? []).map((x) => x.type)].filter((t): t is string => typeof t === 'string');
}

/**
 * Creates the offsets topic when missing, tolerating a creation that raced ours: compacted, as
 * Kafka Connect's; a broker without log compaction (the embedded one answers INVALID_CONFIG) gets
 * cleanup.policy=delete with unlimited retention instead, so no committed offset ever expires.
 */
export async function ensureOffsetsTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topic)) return;
    const brokers = (await admin.describeCluster()).brokers.length;
    const create = (configEntries: { name: string; value: string }[]) =>
      admin
        .createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic,
              numPartitions: OFFSETS_TOPIC_PARTITIONS,
              replicationFactor: Math.min(3, brokers),
              configEntries,
            },
          ],
        })
        .then(() => undefined)
        .catch((e: Error) => {
          if (creationErrorTypes(e).includes('TOPIC_ALREADY_EXISTS') || /already exists/i.test(e.message)) return;
          throw e;
        });
    try {
      await create([{ name: 'cleanup.policy', value: 'compact' }]);
    } catch (e) {
      if (!creationErrorTypes(e).includes('INVALID_CONFIG')) throw e;
      await create([
        { name: 'cleanup.policy', value: 'delete' },
        { name: 'retention.ms', value: '-1' },
        { name: 'retention.bytes', value: '-1' },
      ]);
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Whether the cluster has this offsets topic (an exactly-once run wrote offsets there). */
export async function offsetsTopicExists(kafka: Kafka, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).includes(topic);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The connector's committed offsets: the whole topic read read_committed from the beginning up to
 * each partition's last stable offset as of the call (what a transaction committed before is
 * there; aborted records and open transactions are not). kafkajs consumers always join a group: a
 * throwaway one, deleted afterwards.
 */
export async function readOffsetsTopic(kafka: Kafka, topic: string, connectorId: string): Promise<TopicOffsets> {
  const view: TopicOffsets = new Map();
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `connect-offsets-reader-${connectorId}-${randomBytes(4).toString('hex')}`;
  try {
    // kafkajs lists offsets read_committed: `high` is the last stable offset
    const ends = await admin.fetchTopicOffsets(topic);
    const remaining = new Map<number, bigint>();
    for (const p of ends) if (BigInt(p.high) > BigInt(p.low)) remaining.set(p.partition, BigInt(p.high));
    if (remaining.size === 0) return view;
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 200,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    let done: () => void = () => undefined;
    let failed: (e: Error) => void = () => undefined;
    const caughtUp = new Promise<void>((resolve, reject) => {
      done = resolve;
      failed = reject;
    });
    // a batch's last offset counts its control records and aborted records too, which are never delivered
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const end = remaining.get(payload.partition);
      if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) remaining.delete(payload.partition);
      if (remaining.size === 0) done();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) failed(payload.error);
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ message }) => applyOffsetRecord(view, connectorId, message.key, message.value),
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`offsets topic ${topic} not read to its end within ${READ_TIMEOUT_MS} ms`)),
          READ_TIMEOUT_MS,
        );
      });
      await Promise.race([caughtUp, timeout]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    await admin.deleteGroups([groupId]).catch(() => undefined);
    return view;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
