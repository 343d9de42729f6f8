import type { SourceRecord } from '@libs/connect-spi';
import type { Stage } from './stage';

export interface RawHeader {
  key: string;
  value: Buffer | null;
}

/** A record as it came off the consumer: what a sink DLQ writes back, byte for byte. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RawHeader[];
  timestamp?: number;
}

/** Everything a reporter needs to describe one failure. */
export interface ErrorContext {
  connectorName: string;
  taskId: number;
  stage: Stage;
  /** Fully-qualified class that was executing (converter / SMT class, or the task). */
  executingClass: string;
  error: Error;
  /** Sink side: the original consumer record. */
  consumed?: ConsumedRecord;
  /** Source side: the record as polled / transformed so far. */
  sourceRecord?: SourceRecord;
  /** Source side: serialized bytes when conversion got that far. */
  converted?: { key: Buffer | null; value: Buffer | null; headers: RawHeader[] };
}

export interface ErrorReporter {
  report(ctx: ErrorContext): Promise<void>;
}
