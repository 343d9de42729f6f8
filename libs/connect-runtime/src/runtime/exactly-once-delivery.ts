// Exactly-once source delivery (KIP-618, Kafka Connect's ExactlyOnceWorkerSourceTask): one
// transactional producer per task (transactional.id connect-<cluster>-<connector>-<task>), the
// records of a transaction and their source offsets (to the offsets topic) committed together;
// the task starts from the offsets topic read read_committed. The producer's InitProducerId at
// start fences every older instance of the task: a zombie's next send or commit fails with
// PRODUCER_FENCED / INVALID_PRODUCER_EPOCH and its open transaction was aborted by the broker.
// Postgres offsets are a mirror, updated after each commit, for the offsets API.
import { Partitioners, type CompressionTypes, type Kafka, type Producer, type Transaction } from 'kafkajs';
import type { SourceMap, SourceRecord } from '@libs/connect-spi';
import { canonicalJson } from '@libs/canonical-json';
import { FencedError } from './worker-task';
import { TransactionBoundaries, type TransactionEnd } from './transaction-boundaries';
import { ensureOffsetsTopic, offsetMessage, readOffsetsTopic, startOffset, type TopicOffsets } from './offsets-topic';
import {
  addOffsets,
  topicMessagesOf,
  type DeliveryHost,
  type PendingOffsets,
  type PolledRecord,
  type Sent,
  type SourceDelivery,
} from './source-delivery';
import type { ExactlyOnceSettings } from './exactly-once-config';

/** The transactional id of a task: stable across workers, so a new owner fences the old one. */
export function transactionalIdOf(clusterId: string, connectorId: string, taskId: number): string {
  return `connect-${clusterId}-${connectorId}-${taskId}`;
}

/** Kafka's answers to a producer whose epoch was bumped by a newer instance. */
export function isProducerFenced(e: unknown): boolean {
  const err = e as { type?: string; code?: number; name?: string; cause?: unknown; originalError?: unknown } | null;
  if (!err) return false;
  if (err.type === 'INVALID_PRODUCER_EPOCH' || err.type === 'PRODUCER_FENCED') return true;
  if (err.code === 47 || err.code === 90) return true;
  return isProducerFenced(err.originalError) || isProducerFenced(err.cause);
}

/** A transactional producer for the task's id, with its producer id initialized (older instances fenced). */
export async function initTransactionalProducer(
  kafka: Kafka,
  transactionalId: string,
  transactionTimeoutMs = 60_000,
): Promise<Producer> {
  const producer = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeout: transactionTimeoutMs,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: true,
  });
  await producer.connect();
  try {
    // kafkajs initializes the producer id with the first transaction: InitProducerId bumps the
    // epoch (fencing older instances, aborting their open transaction); nothing was added, so the
    // abort sends nothing
    const t = await producer.transaction();
    await t.abort();
  } catch (e) {
    await producer.disconnect().catch(() => undefined);
    throw e;
  }
  return producer;
}

export interface ExactlyOnceOptions {
  kafka: Kafka;
  clusterId: string;
  settings: ExactlyOnceSettings;
  compression: CompressionTypes;
  /** The worker's offset flush interval: the default of transaction.boundary.interval.ms. */
  flushIntervalMs: number;
}

/** The open transaction: what it sent and the offsets it will commit. */
interface OpenTransaction {
  txn: Transaction;
  openedAt: number;
  sent: Sent[];
  dropped: SourceRecord[];
  offsets: PendingOffsets;
}

export class ExactlyOnceDelivery implements SourceDelivery {
  readonly reader;
  private readonly boundaries: TransactionBoundaries;
  private producer: Producer | null = null;
  private open_: OpenTransaction | null = null;
  /** The offsets topic as read at start, then as this run committed it. */
  private committed: TopicOffsets = new Map();

  constructor(
    private readonly host: DeliveryHost,
    private readonly o: ExactlyOnceOptions,
  ) {
    this.boundaries = new TransactionBoundaries(o.settings.boundary, o.settings.intervalMs ?? o.flushIntervalMs);
    this.reader = {
      offset: async (partition: SourceMap) => (await this.offsetsFor([partition])).get(partition) ?? null,
      offsets: (partitions: SourceMap[]) => this.offsetsFor(partitions),
    };
  }

  get transactionContext() {
    return this.boundaries.context;
  }

  get transactionalId(): string {
    return transactionalIdOf(this.o.clusterId, this.host.connectorId, this.host.taskId);
  }

  async open(): Promise<void> {
    const topic = this.o.settings.offsetsTopic;
    await ensureOffsetsTopic(this.o.kafka, topic);
    // fence only while we own the task: a zombie must not fence the current owner's producer
    await this.host.ensureCurrent('producer initialization');
    this.producer = await this.guard('producer initialization', () =>
      initTransactionalProducer(this.o.kafka, this.transactionalId),
    );
    // after the fence: no older instance can commit any more, so this read is final
    this.committed = await readOffsetsTopic(this.o.kafka, topic, this.host.connectorId);
    this.host.log('info', 'exactly-once delivery', {
      transactionalId: this.transactionalId,
      boundary: this.o.settings.boundary,
      offsetsTopic: topic,
      partitionsInTopic: this.committed.size,
    });
  }

  /** Offsets from the topic (Postgres where the topic has none or is older); the mirror follows the topic. */
  private async offsetsFor(partitions: SourceMap[]): Promise<Map<SourceMap, SourceMap | null>> {
    const mirror = await this.host.repo.readSourceOffsets(this.host.connectorId, partitions);
    const out = new Map<SourceMap, SourceMap | null>();
    const repair: { partition: unknown; offset: unknown }[] = [];
    for (const p of partitions) {
      const id = canonicalJson(p);
      const m = mirror.get(id);
      const chosen = startOffset(this.committed.get(id), m) as SourceMap | null;
      out.set(p, chosen);
      if (chosen !== null && canonicalJson(chosen) !== canonicalJson(m ?? null))
        repair.push({ partition: p, offset: chosen });
    }
    // a crash between a commit and its mirror update left Postgres one commit behind: catch up
    if (
      repair.length > 0 &&
      !(await this.host.repo.commitSourceOffsets(this.host.connectorId, this.host.taskId, this.host.epoch, repair))
    )
      this.host.fence('source offset mirror');
    return out;
  }

  async deliver(batch: PolledRecord[]): Promise<void> {
    for (const segment of this.boundaries.split(batch, (p) => p.record)) {
      if (segment.records.length > 0) await this.send(segment.records);
      if (segment.end) await this.end(segment.end);
    }
  }

  async tick(): Promise<void> {
    if (this.boundaries.intervalDue(this.open_?.openedAt ?? null, Date.now())) await this.end('commit');
  }

  /** The final commit of a clean stop or a pause commits the open transaction, whatever the boundary (as Kafka does). */
  async flush(): Promise<void> {
    if (this.open_ && !this.host.aborted) await this.end('commit');
  }

  async close(): Promise<void> {
    const open = this.open_;
    this.open_ = null;
    if (open && !this.host.aborted) await open.txn.abort().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }

  private async begin(): Promise<OpenTransaction> {
    if (this.open_) return this.open_;
    const producer = this.producer;
    if (!producer) throw new Error('exactly-once delivery used before open()');
    const txn = await this.guard('transaction begin', () => producer.transaction());
    this.open_ = { txn, openedAt: Date.now(), sent: [], dropped: [], offsets: new Map() };
    return this.open_;
  }

  private async send(records: PolledRecord[]): Promise<void> {
    const open = await this.begin();
    const sent: Sent[] = records.filter((p) => p.converted).map((p) => ({ record: p.record, ...p.converted! }));
    if (sent.length > 0) {
      await this.host.ensureCurrent('source produce');
      await this.guard('source produce', () =>
        open.txn.sendBatch({
          acks: -1,
          compression: this.o.compression,
          topicMessages: topicMessagesOf(sent),
        }),
      );
      this.host.acknowledged(sent);
    }
    open.sent.push(...sent);
    open.dropped.push(...records.filter((p) => !p.converted).map((p) => p.record));
    addOffsets(
      open.offsets,
      records.map((p) => p.record),
    );
  }

  /**
   * Ends the open transaction. A commit writes the transaction's offsets into it first; an abort
   * (requested by the task) discards its records but still commits their offsets, in a transaction
   * of their own, so they are not produced again (Kafka's TransactionContext.abortTransaction).
   */
  private async end(how: TransactionEnd): Promise<void> {
    const open = this.open_;
    if (!open) return;
    if (how === 'abort') {
      await this.guard('transaction abort', () => open.txn.abort());
      this.open_ = null;
      const offsetsOnly = await this.begin();
      offsetsOnly.offsets = open.offsets;
      offsetsOnly.dropped = [...open.dropped, ...open.sent.map((s) => s.record)];
      this.host.log('debug', 'transaction aborted by the task', { records: open.sent.length });
      return this.end('commit');
    }
    const offsets = [...open.offsets.values()];
    const t0 = performance.now();
    if (offsets.length > 0)
      await this.guard('source offsets', () =>
        open.txn.send({
          topic: this.o.settings.offsetsTopic,
          acks: -1,
          messages: offsets.map((x) => offsetMessage(this.host.connectorId, x.partition, x.offset)),
        }),
      );
    await this.host.ensureCurrent('transaction commit');
    await this.guard('transaction commit', () => open.txn.commit());
    this.open_ = null;
    for (const x of offsets) {
      const id = canonicalJson(x.partition);
      const before = this.committed.get(id);
      this.committed.set(id, {
        partition: x.partition as SourceMap,
        current: x.offset as SourceMap,
        previous: before ? before.current : undefined,
      });
    }
    this.host.log('debug', `Committed transaction with ${open.sent.length} records, ${offsets.length} offsets`, {
      ms: Math.round(performance.now() - t0),
    });
    // the mirror: what the offsets API shows; a fenced mirror write means a newer run owns the task
    if (
      offsets.length > 0 &&
      !(await this.host.repo.commitSourceOffsets(this.host.connectorId, this.host.taskId, this.host.epoch, offsets))
    ) {
      this.host.fence('source offset mirror');
      return;
    }
    await this.host.recordsCommitted(open.sent, open.dropped);
    await this.host.offsetsCommitted();
  }

  /**
   * A producer call; on failure the open transaction is aborted (best effort). A fenced producer, or
   * any failure once another worker owns the task, stops the run as fenced; a fenced producer while
   * Postgres says the task is still ours (an older instance fenced us by starting late) and every
   * other failure fail the task, which restarts from the committed offsets.
   */
  private async guard<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (this.host.aborted) throw new FencedError(what);
      const open = this.open_;
      this.open_ = null;
      if (open) await open.txn.abort().catch(() => undefined);
      const current = await this.host.repo
        .isCurrent(this.host.connectorId, this.host.taskId, this.host.epoch)
        .catch(() => true);
      if (!current) {
        this.host.fence(what);
        throw new FencedError(what);
      }
      if (isProducerFenced(e))
        throw new Error(`${what}: the producer of ${this.transactionalId} was fenced by another instance of the task`, {
          cause: e,
        });
      throw e;
    }
  }
}
