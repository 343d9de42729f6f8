// Converters whose work may need I/O (the Schema Registry converters register and fetch schemas):
// async twins of the Converter SPI's methods, and what a runtime calls for any converter.
import type { ConnectHeaders, Converter, Schema, SchemaAndValue } from '@libs/connect-spi';

type MaybePromise<T> = T | Promise<T>;

/**
 * A converter whose registry I/O can be awaited. Its twins return the result itself when no I/O
 * was needed (the schema is cached): a runtime converting millions of records pays no promise then.
 */
export interface AsyncConverter extends Converter {
  fromConnectDataAsync(
    topic: string,
    headers: ConnectHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): MaybePromise<Buffer | null>;
  toConnectDataAsync(
    topic: string,
    headers: ConnectHeaders | null,
    value: Uint8Array | null,
  ): MaybePromise<SchemaAndValue>;
}

export function isAsyncConverter(c: Converter): c is AsyncConverter {
  return typeof (c as Partial<AsyncConverter>).fromConnectDataAsync === 'function';
}

/**
 * What the runtime should call instead of `fromConnectData` (works for every converter): the bytes,
 * or a promise of them when the converter had I/O to do. A failure is always a rejected promise.
 */
export function serializeWith(
  c: Converter,
  topic: string,
  headers: ConnectHeaders | null,
  schema: Schema | null,
  value: unknown,
): MaybePromise<Buffer | null> {
  try {
    return isAsyncConverter(c)
      ? c.fromConnectDataAsync(topic, headers, schema, value)
      : c.fromConnectData(topic, headers, schema, value);
  } catch (e) {
    return Promise.reject(e as Error);
  }
}

/** What the runtime should call instead of `toConnectData` (works for every converter); as serializeWith. */
export function deserializeWith(
  c: Converter,
  topic: string,
  headers: ConnectHeaders | null,
  value: Uint8Array | null,
): MaybePromise<SchemaAndValue> {
  try {
    return isAsyncConverter(c) ? c.toConnectDataAsync(topic, headers, value) : c.toConnectData(topic, headers, value);
  } catch (e) {
    return Promise.reject(e as Error);
  }
}
