// A result column as the dialects describe it (the JDBC type it would have), its Connect schema as
// Confluent's GenericDatabaseDialect.addFieldToSchema builds it (numeric.mapping for NUMERIC,
// timestamp.granularity for TIMESTAMP, one size up for unsigned integers), and the conversion of the
// driver's raw value (number, string or Buffer) to the Connect value.
import {
  BigDecimal,
  ConnectDate,
  DataException,
  Decimal,
  int64Of,
  SchemaBuilder,
  Time,
  Timestamp,
  type Schema,
} from '@libs/connect-spi';
import type { NumericMapping, TimestampGranularity } from './jdbc-source-config';
import {
  daysFromCivil,
  microsToMillis,
  parseDateDays,
  parseDateTimeMicros,
  parseTimeMillis,
  wallClockText,
} from './time-text';

/** The JDBC-level type of a column. */
export type ColumnKind =
  | { k: 'boolean' }
  | { k: 'int'; bits: 8 | 16 | 32 | 64 }
  | { k: 'float32' }
  | { k: 'float64' }
  /** JDBC NUMERIC (Postgres numeric): numeric.mapping applies; precision 0 = unbounded. */
  | { k: 'numeric'; precision: number; scale: number }
  /** JDBC DECIMAL (MySQL DECIMAL/NUMERIC): always a Connect Decimal. */
  | { k: 'decimal'; precision: number; scale: number }
  | { k: 'string' }
  | { k: 'bytes' }
  /** Bit strings: a Buffer (MySQL) or '0101' text (Postgres), as boolean, int8 or bytes. */
  | { k: 'bits'; as: 'boolean' | 'int8' | 'bytes' }
  | { k: 'date' }
  | { k: 'year' }
  | { k: 'time' }
  /** zoned: the text is UTC or carries its offset (MySQL TIMESTAMP, timestamptz); else db.timezone. */
  | { k: 'timestamp'; zoned: boolean }
  | { k: 'unsupported'; type: string };

export interface ColumnMeta {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
  autoIncrement: boolean;
}

export interface MappingOptions {
  numericMapping: NumericMapping;
  granularity: TimestampGranularity;
  dbTimezone: string;
}

type Convert = (raw: unknown) => unknown;

export interface MappedColumn {
  schema: Schema;
  convert: Convert;
}

const text = (raw: unknown): string => (Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw));

function integer(bits: 8 | 16 | 32 | 64): Convert {
  const max = bits === 64 ? 2n ** 63n - 1n : 2n ** BigInt(bits - 1) - 1n;
  return (raw) => {
    if (typeof raw === 'number' && Number.isSafeInteger(raw) && Math.abs(raw) <= Number(max)) return raw;
    const s = text(raw);
    const n = BigInt(s.includes('.') ? s.slice(0, s.indexOf('.')) : s);
    if (n > max || n < -max - 1n) throw new DataException(`Value ${s} does not fit a ${bits}-bit integer`);
    return bits === 64 ? int64Of(n) : Number(n);
  };
}

function bitBytes(raw: unknown): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  const bits = text(raw);
  const padded = bits.padStart(Math.ceil(bits.length / 8) * 8, '0');
  const out = Buffer.alloc(padded.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(padded.slice(i * 8, i * 8 + 8), 2);
  return out;
}

function pgBytea(raw: unknown): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  const s = text(raw);
  if (s.startsWith('\\x')) return Buffer.from(s.slice(2), 'hex');
  return Buffer.from(s, 'binary'); // escape format is not produced with bytea_output=hex (the default)
}

function decimalSchema(precision: number, scale: number): SchemaBuilder {
  return Decimal.builder(scale).parameter('connect.decimal.precision', String(precision));
}

/** Integer width for a NUMERIC precision (Confluent: >9 int64, >4 int32, >2 int16, else int8). */
const bitsFor = (precision: number): 8 | 16 | 32 | 64 =>
  precision > 9 ? 64 : precision > 4 ? 32 : precision > 2 ? 16 : 8;

function numericColumn(
  precision: number,
  scale: number,
  mapping: NumericMapping,
): { builder: SchemaBuilder; convert: Convert } {
  const asInt = (bits: 8 | 16 | 32 | 64) => ({ builder: SchemaBuilder.type(intType(bits)), convert: integer(bits) });
  const asDouble = { builder: SchemaBuilder.float64(), convert: (raw: unknown) => Number(text(raw)) };
  if (precision === 0) {
    // unbounded numeric: no scale a Decimal could carry; doubles for best_fit*, exact text otherwise
    if (mapping === 'best_fit' || mapping === 'best_fit_eager_double') return asDouble;
    return { builder: SchemaBuilder.string(), convert: text };
  }
  if (mapping === 'precision_only' && scale === 0 && precision <= 18) return asInt(bitsFor(precision));
  if (mapping === 'best_fit' && precision <= 18) return scale <= 0 ? asInt(bitsFor(precision)) : asDouble;
  if (mapping === 'best_fit_eager_double') {
    if (scale > 0) return asDouble;
    if (precision <= 18) return asInt(bitsFor(precision));
  }
  return { builder: decimalSchema(precision, scale), convert: decimalValue(scale) };
}

function decimalValue(scale: number): Convert {
  return (raw) => {
    const s = text(raw);
    if (s === 'NaN') throw new DataException('NaN cannot be represented as a Connect Decimal');
    return BigDecimal.fromString(s).setScale(scale);
  };
}

const intType = (bits: 8 | 16 | 32 | 64) =>
  bits === 8 ? 'INT8' : bits === 16 ? 'INT16' : bits === 32 ? 'INT32' : ('INT64' as const);

function timestampColumn(zoned: boolean, o: MappingOptions): { builder: SchemaBuilder; convert: Convert } {
  const zone = zoned ? 'UTC' : o.dbTimezone;
  const micros = (raw: unknown) => parseDateTimeMicros(text(raw), zone);
  switch (o.granularity) {
    case 'CONNECT_LOGICAL':
      return { builder: Timestamp.builder(), convert: (raw) => new Date(microsToMillis(micros(raw))) };
    case 'MICROS_LONG':
      return { builder: SchemaBuilder.int64(), convert: (raw) => int64Of(micros(raw)) };
    case 'NANOS_LONG':
      return { builder: SchemaBuilder.int64(), convert: (raw) => int64Of(micros(raw) * 1000n) };
    case 'MICROS_STRING':
      return { builder: SchemaBuilder.string(), convert: (raw) => String(micros(raw)) };
    case 'NANOS_STRING':
      return { builder: SchemaBuilder.string(), convert: (raw) => String(micros(raw) * 1000n) };
    case 'MICROS_ISO_DATETIME_STRING':
      return { builder: SchemaBuilder.string(), convert: (raw) => isoText(micros(raw), o.dbTimezone, 6) };
    case 'NANOS_ISO_DATETIME_STRING':
      return { builder: SchemaBuilder.string(), convert: (raw) => isoText(micros(raw), o.dbTimezone, 9) };
  }
}

const isoText = (micros: bigint, zone: string, digits: 6 | 9): string =>
  wallClockText(micros, zone).replace(' ', 'T') + (digits === 9 ? '000' : '');

/** The Connect schema and value conversion of a column; null = not supported (left out, as Confluent). */
export function mapColumn(col: ColumnMeta, o: MappingOptions): MappedColumn | null {
  const kind = col.kind;
  let m: { builder: SchemaBuilder; convert: Convert };
  switch (kind.k) {
    case 'boolean':
      m = {
        builder: SchemaBuilder.bool(),
        convert: (raw) => (typeof raw === 'boolean' ? raw : ['t', 'true', '1'].includes(text(raw))),
      };
      break;
    case 'int':
      m = { builder: SchemaBuilder.type(intType(kind.bits)), convert: integer(kind.bits) };
      break;
    case 'float32':
    case 'float64':
      m = {
        builder: kind.k === 'float32' ? SchemaBuilder.float32() : SchemaBuilder.float64(),
        convert: (raw) => (typeof raw === 'number' ? raw : Number(text(raw).replace(/[^0-9eE.+-]|^\+/g, '') || 'NaN')),
      };
      break;
    case 'numeric':
      m = numericColumn(kind.precision, kind.scale, o.numericMapping);
      break;
    case 'decimal':
      m = { builder: decimalSchema(kind.precision, kind.scale), convert: decimalValue(kind.scale) };
      break;
    case 'string':
      m = {
        builder: SchemaBuilder.string(),
        convert: (raw) =>
          raw !== null && typeof raw === 'object' && !Buffer.isBuffer(raw) ? JSON.stringify(raw) : text(raw),
      };
      break;
    case 'bytes':
      m = { builder: SchemaBuilder.bytes(), convert: pgBytea };
      break;
    case 'bits':
      m =
        kind.as === 'boolean'
          ? { builder: SchemaBuilder.bool(), convert: (raw) => bitBytes(raw).some((b) => b !== 0) }
          : kind.as === 'int8'
            ? { builder: SchemaBuilder.int8(), convert: (raw) => (bitBytes(raw).at(-1)! << 24) >> 24 }
            : { builder: SchemaBuilder.bytes(), convert: bitBytes };
      break;
    case 'date':
      m = {
        builder: ConnectDate.builder(),
        convert: (raw) => {
          const days = parseDateDays(text(raw));
          return days === null ? null : new Date(days * 86_400_000);
        },
      };
      break;
    case 'year':
      // MySQL YEAR is a DATE to Connector/J (yearIsDateType): January 1st of that year
      m = { builder: ConnectDate.builder(), convert: (raw) => new Date(daysFromCivil(Number(raw), 1, 1) * 86_400_000) };
      break;
    case 'time':
      m = { builder: Time.builder(), convert: (raw) => new Date(parseTimeMillis(text(raw))) };
      break;
    case 'timestamp':
      m = timestampColumn(kind.zoned, o);
      break;
    case 'unsupported':
      return null;
  }
  if (col.nullable) m.builder.optional();
  return { schema: m.builder.build(), convert: m.convert };
}
