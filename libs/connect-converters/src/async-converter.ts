// Converters whose work may need I/O (the Schema Registry converters register and fetch schemas):
// async twins of the Converter SPI's methods, and what a runtime calls for any converter.
import type { ConnectHeaders, Converter, Schema, SchemaAndValue } from '@libs/connect-spi';

/** A converter whose registry I/O can be awaited. */
export interface AsyncConverter extends Converter {
  fromConnectDataAsync(
    topic: string,
    headers: ConnectHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Promise<Buffer | null>;
  toConnectDataAsync(topic: string, headers: ConnectHeaders | null, value: Uint8Array | null): Promise<SchemaAndValue>;
}

export function isAsyncConverter(c: Converter): c is AsyncConverter {
  return typeof (c as Partial<AsyncConverter>).fromConnectDataAsync === 'function';
}

/** What the runtime should call instead of `fromConnectData` (works for every converter). */
export async function serializeWith(
  c: Converter,
  topic: string,
  headers: ConnectHeaders | null,
  schema: Schema | null,
  value: unknown,
): Promise<Buffer | null> {
  return isAsyncConverter(c)
    ? c.fromConnectDataAsync(topic, headers, schema, value)
    : c.fromConnectData(topic, headers, schema, value);
}

/** What the runtime should call instead of `toConnectData` (works for every converter). */
export async function deserializeWith(
  c: Converter,
  topic: string,
  headers: ConnectHeaders | null,
  value: Uint8Array | null,
): Promise<SchemaAndValue> {
  return isAsyncConverter(c) ? c.toConnectDataAsync(topic, headers, value) : c.toConnectData(topic, headers, value);
}
