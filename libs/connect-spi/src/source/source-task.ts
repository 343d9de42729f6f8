// The SourceTask SPI: poll() returns batches of SourceRecords; the runtime commits their
// source offsets once the broker acknowledged them and calls commitRecord per acked record.
import type { MaybePromise, Props, Task } from '../connector/connector';
import type { SourceMap, SourceRecord } from './source-record';
import type { TransactionContext } from './transaction-context';

export interface OffsetStorageReader {
  offset(partition: SourceMap): Promise<SourceMap | null>;
  offsets(partitions: SourceMap[]): Promise<Map<SourceMap, SourceMap | null>>;
}

export interface SourceTaskContext {
  readonly configs: Readonly<Props>;
  readonly offsetStorageReader: OffsetStorageReader;
  /** Set only with exactly-once delivery and `transaction.boundary=connector` (KIP-618). */
  readonly transactionContext?: TransactionContext | null;
}

/** What the producer reported for an acknowledged record. */
export interface RecordMetadata {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number | null;
}

export abstract class SourceTask implements Task {
  protected context: SourceTaskContext | null = null;

  initialize(context: SourceTaskContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Props): MaybePromise<void>;
  /** A batch of records, or null when there is nothing right now (the runtime polls again). */
  abstract poll(): Promise<SourceRecord[] | null>;
  abstract stop(): MaybePromise<void>;

  /** Offsets up to the last acked records were committed. */
  commit(): MaybePromise<void> {}

  /** One record was acked (metadata) or dropped by a transform / tolerated error (null). */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): MaybePromise<void> {}
}
