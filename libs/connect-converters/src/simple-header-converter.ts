// org.apache.kafka.connect.storage.SimpleHeaderConverter, Kafka Connect's default
// header.converter: values are written as their string form (Values.convertToString) and read
// back with type inference (Values.parseString).
import {
  BigDecimal,
  ConfigDef,
  ConnectDate,
  Decimal,
  type HeaderConverter,
  isPlainObject,
  parseString,
  type Schema,
  type SchemaAndValue,
  Struct,
  Time,
  Timestamp,
} from '@libs/connect-spi';

const MILLIS_PER_DAY = 86_400_000;

function formatDate(d: Date): string {
  const iso = d.toISOString();
  const ms = d.getTime();
  if (ms % MILLIS_PER_DAY === 0) return iso.slice(0, 10);
  if (ms >= 0 && ms < MILLIS_PER_DAY) return iso.slice(11);
  return iso;
}

function append(value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return embedded ? JSON.stringify(value) : value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value instanceof Date) return formatDate(value);
  if (Array.isArray(value)) return '[' + value.map((v) => append(v, true)).join(',') + ']';
  if (value instanceof Map)
    return '{' + [...value].map(([k, v]) => append(k, true) + ':' + append(v, true)).join(',') + '}';
  if (value instanceof Struct)
    return (
      '{' + value.schema.fields.map((f) => append(f.name, true) + ':' + append(value.get(f), true)).join(',') + '}'
    );
  if (isPlainObject(value))
    return (
      '{' +
      Object.entries(value)
        .map(([k, v]) => append(k, true) + ':' + append(v, true))
        .join(',') +
      '}'
    );
  return String(value);
}

/** Values.convertToString: logical types by schema name, then by runtime type. */
export function convertToString(schema: Schema | null, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (schema?.name && value instanceof Date) {
    const iso = value.toISOString();
    if (schema.name === ConnectDate.LOGICAL_NAME) return iso.slice(0, 10);
    if (schema.name === Time.LOGICAL_NAME) return iso.slice(11);
    if (schema.name === Timestamp.LOGICAL_NAME) return iso;
  }
  if (schema?.name === Decimal.LOGICAL_NAME && value instanceof BigDecimal) return value.toString();
  return append(value, false);
}

export class SimpleHeaderConverter implements HeaderConverter {
  config(): ConfigDef {
    return new ConfigDef();
  }

  configure(_configs: Readonly<Record<string, unknown>>): void {}

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    const s = convertToString(schema, value);
    return s === null ? null : Buffer.from(s, 'utf8');
  }

  toConnectHeader(_topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return { schema: null, value: null };
    const text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
    try {
      return parseString(text);
    } catch {
      return { schema: null, value: text };
    }
  }
}
