// What SinkTask.put() receives: a ConnectRecord plus where it was consumed from. The original
// topic/partition/offset survive transforms that reroute the record (KIP-793), so offsets are
// committed for the right partition.
import type { Schema } from '../data/schema';
import { ConnectRecord } from '../connector/connect-record';
import type { Header } from '../header/headers';

/** Kafka's TimestampType, by its display name. */
export type TimestampType = 'NoTimestampType' | 'CreateTime' | 'LogAppendTime';

export class SinkRecord extends ConnectRecord<SinkRecord> {
  readonly originalTopic: string;
  readonly originalKafkaPartition: number | null;
  readonly originalKafkaOffset: number;

  constructor(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    readonly kafkaOffset: number,
    timestamp: number | null = null,
    readonly timestampType: TimestampType = 'NoTimestampType',
    headers?: Iterable<Header> | null,
    original?: { topic: string; kafkaPartition: number | null; kafkaOffset: number },
  ) {
    super(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
    this.originalTopic = original?.topic ?? topic;
    this.originalKafkaPartition = original ? original.kafkaPartition : kafkaPartition;
    this.originalKafkaOffset = original?.kafkaOffset ?? kafkaOffset;
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
  ): SinkRecord {
    return new SinkRecord(
      topic,
      kafkaPartition,
      keySchema,
      key,
      valueSchema,
      value,
      this.kafkaOffset,
      timestamp,
      this.timestampType,
      this.headersFor(headers),
      { topic: this.originalTopic, kafkaPartition: this.originalKafkaPartition, kafkaOffset: this.originalKafkaOffset },
    );
  }

  override toString(): string {
    return `SinkRecord{kafkaOffset=${this.kafkaOffset}, timestampType=${this.timestampType}, originalTopic=${this.originalTopic}, originalKafkaPartition=${this.originalKafkaPartition}, originalKafkaOffset=${this.originalKafkaOffset}} ConnectRecord{${super.toString()}}`;
  }
}
