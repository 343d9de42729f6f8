// Kafka's transforms.util.Requirements: the type checks every SMT starts with, same messages.
import {
  type ConnectRecord,
  DataException,
  describeValue,
  isPlainObject,
  type Schema,
  SinkRecord,
  Struct,
} from '@libs/connect-spi';

export type AnyRecord = ConnectRecord<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type SchemalessMap = Record<string, unknown>;

function className(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isPlainObject(value) || value instanceof Map) return 'java.util.HashMap';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  switch (typeof value) {
    case 'string':
      return 'java.lang.String';
    case 'number':
      return Number.isInteger(value) ? 'java.lang.Long' : 'java.lang.Double';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'bigint':
      return 'java.lang.Long';
  }
  if (value instanceof Struct) return 'org.apache.kafka.connect.data.Struct';
  if (value instanceof Date) return 'java.util.Date';
  if (value instanceof Uint8Array) return '[B';
  return describeValue(value);
}
export { className as javaClassName };

/** Schemaless data must be a map; a JS Map is accepted and copied to a plain object. */
export function requireMap(value: unknown, purpose: string): SchemalessMap {
  if (isPlainObject(value)) return value;
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), v]));
  throw new DataException(
    `Only Map objects supported in absence of schema for [${purpose}], found: ${className(value)}`,
  );
}

export function requireMapOrNull(value: unknown, purpose: string): SchemalessMap | null {
  return value === null || value === undefined ? null : requireMap(value, purpose);
}

export function requireStruct(value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct))
    throw new DataException(`Only Struct objects supported for [${purpose}], found: ${className(value)}`);
  return value;
}

export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose);
}

export function requireSchema(schema: Schema | null, purpose: string): Schema {
  if (schema === null) throw new DataException(`Schema required for [${purpose}]`);
  return schema;
}

export function requireSinkRecord(record: AnyRecord, purpose: string): SinkRecord {
  if (!(record instanceof SinkRecord))
    throw new DataException(`Only SinkRecord supported for [${purpose}], found: ${record.constructor.name}`);
  return record;
}
