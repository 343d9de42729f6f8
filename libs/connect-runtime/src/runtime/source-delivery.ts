// How a source task's converted records reach Kafka and when their source offsets count as
// committed: at least once (the shared producer, offsets to Postgres on the flush interval) or
// exactly once (KIP-618: one transactional producer per task, records and offsets in one
// transaction). WorkerSourceTask runs the loop; a delivery owns sends and commits.
import type { Message, TopicMessages } from 'kafkajs';
import { SourceRecord, type OffsetStorageReader, type SourceMap, type TransactionContext } from '@libs/connect-spi';
import { canonicalJson } from '@libs/canonical-json';
import type { ConnectorRuntimeRepository } from '@libs/db';
import type { ConvertedSourceRecord } from './converter-stage';

/** One record of a polled batch after the transformation chain and converters (null: dropped by them). */
export interface PolledRecord {
  record: SourceRecord;
  converted: ConvertedSourceRecord | null;
}

export interface Sent extends ConvertedSourceRecord {
  record: SourceRecord;
}

/** What a delivery needs of the task run it serves. */
export interface DeliveryHost {
  readonly connectorId: string;
  readonly taskId: number;
  readonly epoch: number;
  readonly repo: ConnectorRuntimeRepository;
  readonly aborted: boolean;
  /** Throws FencedError (and aborts the run) when another worker owns the task. */
  ensureCurrent(what: string): Promise<void>;
  /** Stops the run at once: a newer epoch owns the task. */
  fence(what: string): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>): void;
  /** The broker acknowledged these records (metrics, active topics). */
  acknowledged(sent: Sent[]): void;
  /** Their offsets are committed: SourceTask.commitRecord for each (dropped: null metadata). */
  recordsCommitted(sent: Sent[], dropped: SourceRecord[]): Promise<void>;
  /** Offsets were committed: SourceTask.commit(). */
  offsetsCommitted(): Promise<void>;
}

export interface SourceDelivery {
  /** What the task reads its offsets from (SourceTaskContext.offsetStorageReader). */
  readonly reader: OffsetStorageReader;
  /** SourceTaskContext.transactionContext (connector-defined boundaries only). */
  readonly transactionContext: TransactionContext | null;
  /** Before the task starts: fencing and the committed offsets (exactly-once). */
  open(): Promise<void>;
  /** One polled batch, in poll order. */
  deliver(batch: PolledRecord[]): Promise<void>;
  /** After every loop turn: commits what is due (flush interval, transaction interval). */
  tick(): Promise<void>;
  /** Commits everything pending now (pause, clean stop). */
  flush(): Promise<void>;
  /** Releases the delivery's own clients (an open transaction is aborted). */
  close(): Promise<void>;
}

/** The record without its key and value (partition, offset, topic, timestamp and headers kept); itself when it has none. */
export function withoutPayload(r: SourceRecord): SourceRecord {
  if (r.key === null && r.value === null && r.keySchema === null && r.valueSchema === null) return r;
  return new SourceRecord(
    r.sourcePartition,
    r.sourceOffset,
    r.topic,
    r.kafkaPartition,
    null,
    null,
    null,
    null,
    r.timestamp,
    r.headers,
  );
}

/** Source offsets waiting for their commit, by canonical source partition. */
export type PendingOffsets = Map<string, { partition: unknown; offset: unknown }>;

/** Adds the records' offsets (the last one per source partition wins; records without one are skipped). */
export function addOffsets(into: PendingOffsets, records: Iterable<SourceRecord>): void {
  // a task usually reuses one partition object for a whole batch: its key is computed once
  let lastPartition: SourceMap | null = null;
  let lastKey = '';
  for (const r of records) {
    if (!r.sourcePartition || !r.sourceOffset) continue;
    if (r.sourcePartition !== lastPartition) {
      lastPartition = r.sourcePartition;
      lastKey = canonicalJson(r.sourcePartition);
    }
    into.set(lastKey, { partition: r.sourcePartition, offset: r.sourceOffset });
  }
}

/** The task's offsets as Postgres holds them (at-least-once truth, exactly-once mirror). */
export function postgresOffsetReader(repo: ConnectorRuntimeRepository, connectorId: string): OffsetStorageReader {
  return {
    async offset(partition: SourceMap) {
      const m = await repo.readSourceOffsets(connectorId, [partition]);
      return (m.get(canonicalJson(partition)) as SourceMap | undefined) ?? null;
    },
    async offsets(partitions: SourceMap[]) {
      const m = await repo.readSourceOffsets(connectorId, partitions);
      return new Map(partitions.map((p) => [p, (m.get(canonicalJson(p)) as SourceMap | undefined) ?? null]));
    },
  };
}

/** A batch's messages grouped by topic, in their order, as one producer send takes them. */
export function topicMessagesOf(sent: readonly Sent[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const s of sent) {
    let list = byTopic.get(s.out.topic);
    if (!list) byTopic.set(s.out.topic, (list = []));
    list.push(s.msg);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
