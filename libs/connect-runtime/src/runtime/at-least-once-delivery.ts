// At-least-once source delivery (Kafka Connect's WorkerSourceTask): records go to the cluster's
// shared producer; only records the broker acknowledged (or a transform dropped) have their source
// offsets committed to Postgres (under the epoch), every offset flush interval and on a clean stop.
// A crash re-sends what was acknowledged after the last commit: duplicates, never gaps.
// Sends are pipelined as Kafka Connect's producer pipelines them (max.in.flight.requests): the
// task polls and converts its next batches while earlier ones are on the wire; acknowledgements
// are handled strictly in poll order, so offsets never run ahead of an unacknowledged record.
// While on the wire, a record is kept without its key and value (already converted): a snapshot's
// thousands of in-flight rows otherwise outlive the young generation and every scavenge copies them.
import type { CompressionTypes, Message } from 'kafkajs';
import type { RecordProducer } from '@libs/kafka-clients';
import type { SourceRecord } from '@libs/connect-spi';
import { rawHeaders, type TaskErrorHandling } from './task-errors';
import {
  addOffsets,
  postgresOffsetReader,
  topicMessagesOf,
  type DeliveryHost,
  type PendingOffsets,
  type PolledRecord,
  type Sent,
  type SourceDelivery,
  withoutPayload,
} from './source-delivery';

export interface AtLeastOnceOptions {
  producer: RecordProducer;
  compression: CompressionTypes;
  eh: TaskErrorHandling;
  flushIntervalMs: number;
  /** Before the task starts (exactly.once.source.support=preparing fences the task's transactional id). */
  beforeStart?: () => Promise<void>;
  /** Batches sent and not yet acknowledged before deliver() waits (default 4). */
  maxInFlight?: number;
  /**
   * Keep each record's key and value until its acknowledgement: only when something after the send
   * reads them (errors.log.include.messages logs a failed send's record). commitRecord() gets the
   * record's partition, offset, topic, timestamp and headers either way.
   */
  keepPayloads: boolean;
}

/** A batch on the wire: settles once it and every batch before it are handled. */
type InFlight = Promise<void>;

export class AtLeastOnceDelivery implements SourceDelivery {
  readonly reader;
  readonly transactionContext = null;
  private readonly pending: PendingOffsets = new Map();
  private lastCommit = Date.now();
  /** Oldest first: each batch is handled after the one before it (poll order). */
  private readonly inFlight: InFlight[] = [];
  /** The first batch whose handling failed (the task fails with it). */
  private failure: unknown = null;
  /**
   * The offset commit under way, beside the poll loop as Kafka Connect's SourceTaskOffsetCommitter
   * runs it: awaited in the loop, a slow Postgres write held every change polled behind it (the
   * CDC COMMIT → readable tail). One at a time, so offsets are stored in order.
   */
  private committing: Promise<void> | null = null;

  constructor(
    private readonly host: DeliveryHost,
    private readonly o: AtLeastOnceOptions,
  ) {
    this.reader = postgresOffsetReader(host.repo, host.connectorId);
  }

  async open(): Promise<void> {
    await this.o.beforeStart?.();
  }

  async deliver(batch: PolledRecord[]): Promise<void> {
    this.throwFailure();
    if (batch.length === 0) return;
    const dropped: SourceRecord[] = [];
    const sent: Sent[] = [];
    const records: SourceRecord[] = [];
    const keep = this.o.keepPayloads;
    for (const p of batch) {
      const record = keep ? p.record : withoutPayload(p.record);
      records.push(record);
      if (!p.converted) dropped.push(record);
      else {
        const { out, msg } = p.converted;
        sent.push({ record, out: out === p.record ? record : keep ? out : withoutPayload(out), msg });
      }
    }
    let sending: Promise<unknown> | null = null;
    if (sent.length > 0) {
      await this.host.ensureCurrent('source produce');
      sending = this.o.producer.sendBatch({
        acks: -1,
        compression: this.o.compression,
        topicMessages: topicMessagesOf(sent),
      });
      sending.catch(() => undefined); // handled in order below
    }
    const previous = this.inFlight.at(-1); // none: every earlier batch is handled (a failure is thrown above)
    const handled = (async () => {
      await previous;
      await this.acknowledge(sending, sent, dropped, records);
    })();
    handled.catch((e: unknown) => (this.failure ??= e)); // thrown by the next deliver/tick/flush
    this.inFlight.push(handled);
    while (this.inFlight.length >= (this.o.maxInFlight ?? 4)) await this.inFlight.shift();
  }

  /** One batch's outcome, after every earlier batch's: metrics, pending offsets, commitRecord. */
  private async acknowledge(
    sending: Promise<unknown> | null,
    sent: Sent[],
    dropped: SourceRecord[],
    records: SourceRecord[],
  ): Promise<void> {
    let acked = sent;
    if (sending) {
      try {
        await sending;
      } catch (batchError) {
        if (this.host.aborted) throw batchError;
        acked = await this.produceOneByOne(sent, dropped);
      }
      this.host.acknowledged(acked);
    }
    // acknowledged (or dropped by a transform): their offsets may be committed now
    addOffsets(this.pending, records);
    await this.host.recordsCommitted(acked, dropped);
  }

  /** Waits for every batch on the wire (and throws what failed one). */
  private async drain(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift();
  }

  private throwFailure(): void {
    if (this.failure !== null) throw this.failure;
  }

  async tick(): Promise<void> {
    this.throwFailure();
    if (this.committing || Date.now() - this.lastCommit < this.o.flushIntervalMs) return;
    const c = this.commitPending().finally(() => (this.committing = null));
    c.catch((e: unknown) => (this.failure ??= e)); // thrown by the next deliver/tick/flush
    this.committing = c;
  }

  async flush(): Promise<void> {
    await this.drain();
    await this.committing;
    await this.commitPending();
  }

  /** Commits the offsets of what has been acknowledged so far (batches still in flight wait). */
  private async commitPending(): Promise<void> {
    this.lastCommit = Date.now();
    if (this.pending.size === 0 || this.host.aborted) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    const t0 = performance.now();
    this.host.log('debug', `Committing offsets for ${batch.length} source partitions`);
    const ok = await this.host.repo.commitSourceOffsets(
      this.host.connectorId,
      this.host.taskId,
      this.host.epoch,
      batch,
    );
    if (!ok) {
      this.host.fence('source offset commit');
      return;
    }
    this.host.log('debug', `Finished commitOffsets successfully in ${Math.round(performance.now() - t0)} ms`);
    await this.host.offsetsCommitted();
  }

  async close(): Promise<void> {
    await this.committing?.catch(() => undefined);
    await this.drain().catch(() => undefined); // nothing left on the wire; offsets stay uncommitted
  }

  /**
   * KAFKA_PRODUCE: after a failed batch, each record alone; one that still fails is reported
   * (log, DLQ with its converted bytes) and skipped with errors.tolerance=all (KIP-779), or fails
   * the task with none.
   */
  private async produceOneByOne(sent: Sent[], dropped: SourceRecord[]): Promise<Sent[]> {
    const ok: Sent[] = [];
    for (const s of sent) {
      await this.host.ensureCurrent('source produce');
      try {
        await this.o.producer.send({
          topic: s.out.topic,
          acks: -1,
          compression: this.o.compression,
          messages: [s.msg],
        });
        ok.push(s);
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        const hdrs = rawHeaders(s.msg.headers as Record<string, Buffer | string | undefined>);
        const asBuf = (b: Message['key']): Buffer | null =>
          b === null || b === undefined ? null : Buffer.isBuffer(b) ? b : Buffer.from(b);
        await this.o.eh.operator.reportErrant({
          connectorName: this.host.connectorId,
          taskId: this.host.taskId,
          stage: 'KAFKA_PRODUCE',
          executingClass: 'org.apache.kafka.clients.producer.KafkaProducer',
          error,
          sourceRecord: s.out,
          converted: { key: asBuf(s.msg.key), value: asBuf(s.msg.value), headers: hdrs },
        });
        dropped.push(s.record);
      }
    }
    return ok;
  }
}
