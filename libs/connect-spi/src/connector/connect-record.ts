// The record every stage exchanges: topic, partition, key/value with their schemas, timestamp
// and headers. Records are treated as immutable; transforms derive new ones with newRecord().
import type { Schema } from '../data/schema';
import { ConnectHeaders, type Header } from '../header/headers';

export abstract class ConnectRecord<R extends ConnectRecord<R>> {
  readonly headers: ConnectHeaders;

  constructor(
    readonly topic: string,
    readonly kafkaPartition: number | null,
    readonly keySchema: Schema | null,
    readonly key: unknown,
    readonly valueSchema: Schema | null,
    readonly value: unknown,
    /** Epoch milliseconds, or null when the record has none. */
    readonly timestamp: number | null = null,
    headers?: Iterable<Header> | null,
  ) {
    this.headers = headers instanceof ConnectHeaders ? headers : new ConnectHeaders(headers);
  }

  /**
   * A copy with the given fields replaced. Without `headers`, the headers are duplicated so
   * the new record can be changed without touching this one.
   */
  abstract newRecord(
    topic: string,
    kafkaPartition: number | null,
    keySchema: Schema | null,
    key: unknown,
    valueSchema: Schema | null,
    value: unknown,
    timestamp: number | null,
    headers?: Iterable<Header> | null,
  ): R;

  protected headersFor(headers: Iterable<Header> | null | undefined): ConnectHeaders {
    return headers === undefined || headers === null ? this.headers.duplicate() : new ConnectHeaders(headers);
  }

  toString(): string {
    return (
      `topic='${this.topic}', kafkaPartition=${this.kafkaPartition}, key=${String(this.key)}, ` +
      `keySchema=${String(this.keySchema)}, value=${String(this.value)}, valueSchema=${String(this.valueSchema)}, ` +
      `timestamp=${this.timestamp}, headers=[${this.headers
        .toArray()
        .map((h) => `${h.key}=${String(h.value)}`)
        .join(', ')}]`
    );
  }
}
