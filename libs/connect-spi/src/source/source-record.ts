// What SourceTask.poll() returns: a ConnectRecord plus the source partition/offset the runtime
// commits once the broker has acknowledged the record.
import type { Schema } from '../data/schema';
import { ConnectRecord } from '../connector/connect-record';
import type { Header } from '../header/headers';

export type SourceMap = Readonly<Record<string, unknown>>;

export class SourceRecord extends ConnectRecord<SourceRecord> {
  constructor(
    readonly sourcePartition: SourceMap | null,
    readonly sourceOffset: SourceMap | null,
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null = null,
    headers?: Iterable<Header> | null,
  ) {
    super(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
  }

  /** Kafka's short constructor: no key, no partition. */
  static of(
    sourcePartition: SourceMap | null,
    sourceOffset: SourceMap | null,
    topic: string,
    valueSchema: Schema | null,
    value: unknown,
  ): SourceRecord {
    return new SourceRecord(sourcePartition, sourceOffset, topic, null, null, null, valueSchema, value);
  }

  newRecord(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers?: Iterable<Header> | null,
  ): SourceRecord {
    return new SourceRecord(
      this.sourcePartition,
      this.sourceOffset,
      topic,
      kafkaPartition,
      keySchema,
      key,
      valueSchema,
      value,
      timestamp,
      this.headersFor(headers),
    );
  }

  override toString(): string {
    return `SourceRecord{sourcePartition=${JSON.stringify(this.sourcePartition)}, sourceOffset=${JSON.stringify(
      this.sourceOffset,
    )}} ConnectRecord{${super.toString()}}`;
  }
}
