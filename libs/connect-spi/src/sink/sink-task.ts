// The SinkTask SPI: put() receives batches; flush()/preCommit() decide which offsets the
// runtime may commit; open()/close() follow partition assignment.
import type { MaybePromise, Props, Task } from '../connector/connector';
import type { SinkRecord } from './sink-record';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export type OffsetMap = Map<string, { topicPartition: TopicPartition; offset: number }>;

export function topicPartitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** A record a sink task writes back to Kafka (reporting topics: the HTTP sink's success/error). */
export interface OutgoingRecord {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string>;
}

/**
 * Writes to topics of the connector's own Kafka cluster with the task's Kafka identity, fenced by
 * the task's epoch like the runtime's own writes; a missing topic is created with one partition.
 * Ours: Kafka Connect gives sink tasks no producer, so its sinks each open one.
 */
export interface SinkRecordWriter {
  send(topic: string, records: readonly OutgoingRecord[]): Promise<void>;
}

/** KIP-610: report one bad record to the DLQ / error log and carry on. */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}

export interface SinkTaskContext {
  readonly configs: Readonly<Props>;
  /** Rewind/seek consumption for partitions. */
  offset(offsets: Map<TopicPartition, number>): void;
  /** Back off before the next put() after a RetriableException. */
  timeout(ms: number): void;
  assignment(): TopicPartition[];
  pause(...partitions: TopicPartition[]): void;
  resume(...partitions: TopicPartition[]): void;
  requestCommit(): void;
  /** Null when neither a DLQ nor errors.log.enable is configured, as in Kafka. */
  errantRecordReporter(): ErrantRecordReporter | null;
  /** The connector's id (Confluent Cloud's `lcc-…`); absent outside a worker (unit tests). */
  readonly connectorId?: string;
  /** Absent outside a worker (unit tests). */
  recordWriter?(): SinkRecordWriter;
}

export abstract class SinkTask implements Task {
  static readonly TOPICS_CONFIG = 'topics';
  static readonly TOPICS_REGEX_CONFIG = 'topics.regex';

  protected context: SinkTaskContext | null = null;

  initialize(context: SinkTaskContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Props): MaybePromise<void>;
  /** Write (or buffer) the batch. Throw RetriableException to be handed the same batch again. */
  abstract put(records: SinkRecord[]): MaybePromise<void>;
  abstract stop(): MaybePromise<void>;

  /** Make everything put() so far durable up to `currentOffsets`. */
  flush(_currentOffsets: OffsetMap): MaybePromise<void> {}

  /** Offsets safe to commit; default flushes and returns the current offsets. */
  async preCommit(currentOffsets: OffsetMap): Promise<OffsetMap> {
    await this.flush(currentOffsets);
    return currentOffsets;
  }

  open(_partitions: TopicPartition[]): MaybePromise<void> {}
  close(_partitions: TopicPartition[]): MaybePromise<void> {}
}
