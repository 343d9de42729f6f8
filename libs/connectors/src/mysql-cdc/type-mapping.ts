// CDC.md §5.1: MySQL/MariaDB column types → Connect schemas (BinlogValueConverters), and the
// conversion of a column value — as mysql2 returns it in the snapshot or zongji decodes it from the
// binlog, both with dateStrings and a UTC session — to that schema's value.
import {
  BigDecimal,
  ConnectDate,
  Decimal,
  int64Wrapped,
  SchemaBuilder,
  Time,
  Timestamp,
  type Schema,
} from '@libs/connect-spi';
import { plainDatetimeMicros } from '../common/datetime-text';
import { enumSchema, structOf } from '../debezium';
import { isWkb, wkbOf } from './geometry';
import { bitLength, enumMembers, isUnsigned, type ColumnDef } from './column-def';
import type { BinaryHandlingMode, DecimalHandlingMode, TimePrecisionMode } from './mysql-cdc-config';

export interface TypeOptions {
  decimal: DecimalHandlingMode;
  time: TimePrecisionMode;
  binary: BinaryHandlingMode;
  bigintUnsigned: 'long' | 'precise';
}

export interface ColumnMapping {
  schema: Schema;
  convert(raw: unknown): unknown;
}

const TEXT_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'uuid', 'inet4', 'inet6']);
const BINARY_TYPES = new Set(['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob']);
const GEOMETRY_TYPES = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
  'geomcollection',
]);

export const GEOMETRY_SCHEMA_NAME = 'io.debezium.data.geometry.Geometry';

export function mapColumn(c: ColumnDef, o: TypeOptions): ColumnMapping {
  const m = baseMapping(c, o);
  const b = SchemaBuilder.from(m.schema);
  if (c.nullable) b.optional();
  const schema = b.build();
  // a struct value (Geometry) must carry the field's own schema (optional or not)
  const convert =
    schema.type === 'STRUCT'
      ? (raw: unknown) => structOf(schema, m.convert(raw) as Record<string, unknown>)
      : m.convert;
  return { schema, convert: (raw) => (raw === null || raw === undefined ? null : convert(raw)) };
}

function baseMapping(c: ColumnDef, o: TypeOptions): ColumnMapping {
  const t = c.dataType;
  const unsigned = isUnsigned(c);
  switch (t) {
    case 'bit': {
      const n = bitLength(c);
      if (n === 1) return { schema: SchemaBuilder.bool().build(), convert: (v) => toBitBuffer(v).some((x) => x !== 0) };
      return {
        schema: SchemaBuilder.bytes().name('io.debezium.data.Bits').version(1).parameter('length', String(n)).build(),
        // Debezium: little-endian, ceil(n/8) bytes
        convert: (v) => Buffer.from(toBitBuffer(v, Math.ceil(n / 8))).reverse(),
      };
    }
    case 'tinyint':
      return unsigned ? int('int16') : int('int8');
    case 'smallint':
      return unsigned ? int('int32') : int('int16');
    case 'mediumint':
      return int('int32');
    case 'int':
    case 'integer':
      return unsigned ? int('int64') : int('int32');
    case 'bigint':
      if (unsigned && o.bigintUnsigned === 'precise') return decimalMapping(20, 0, o.decimal);
      return {
        schema: SchemaBuilder.int64().build(),
        // zongji and mysql2 (bigNumberStrings) give exact text beyond 2^53; an unsigned value
        // beyond 2^63 − 1 overflows as Debezium's long does (2^64 − 1 → −1)
        convert: (v) => int64Wrapped(BigInt(String(v))),
      };
    case 'float':
      // FLOAT(M,D) is a double in Debezium; plain FLOAT / FLOAT(p<=24) a float
      // the binlog stores FLOAT(M,D) single precision: 7 significant digits, as the server prints it
      return /^float\(\d+,\d+\)/.test(c.columnType)
        ? { schema: SchemaBuilder.float64().build(), convert: (v) => Number(Number(v).toPrecision(7)) }
        : float('float32');
    case 'double':
    case 'real':
      return float('float64');
    case 'decimal':
    case 'numeric':
      return decimalMapping(c.precision ?? 10, c.scale ?? 0, o.decimal);
    case 'json':
      return { schema: SchemaBuilder.string().name('io.debezium.data.Json').version(1).build(), convert: toText };
    case 'enum':
      return { schema: enumSchema(enumMembers(c.columnType), false).build(), convert: toText };
    case 'set':
      return {
        schema: SchemaBuilder.string()
          .name('io.debezium.data.EnumSet')
          .version(1)
          .parameter('allowed', enumMembers(c.columnType).join(','))
          .build(),
        convert: toText,
      };
    case 'year':
      return {
        schema: SchemaBuilder.int32().name('io.debezium.time.Year').version(1).build(),
        convert: (v) => Number(v),
      };
    case 'date':
      return dateMapping(c, o);
    case 'time':
      return timeMapping(o);
    case 'datetime':
      return datetimeMapping(c, o);
    case 'timestamp':
      return {
        schema: SchemaBuilder.string().name('io.debezium.time.ZonedTimestamp').version(1).build(),
        convert: (v) => zonedTimestamp(String(v), c.fsp ?? 0),
      };
  }
  if (TEXT_TYPES.has(t)) return { schema: SchemaBuilder.string().build(), convert: toText };
  if (BINARY_TYPES.has(t)) return binaryMapping(o.binary);
  if (GEOMETRY_TYPES.has(t)) return geometryMapping();
  // unknown to the mapping table: its text form
  return { schema: SchemaBuilder.string().build(), convert: toText };
}

function int(type: 'int8' | 'int16' | 'int32' | 'int64'): ColumnMapping {
  return { schema: SchemaBuilder[type]().build(), convert: (v) => Number(v) };
}

function float(type: 'float32' | 'float64'): ColumnMapping {
  return { schema: SchemaBuilder[type]().build(), convert: (v) => Number(v) };
}

function decimalMapping(precision: number, scale: number, mode: DecimalHandlingMode): ColumnMapping {
  if (mode === 'double') return float('float64');
  if (mode === 'string') return { schema: SchemaBuilder.string().build(), convert: (v) => String(v) };
  return {
    schema: Decimal.builder(scale).parameter('connect.decimal.precision', String(precision)).build(),
    convert: (v) => BigDecimal.fromString(String(v)).setScale(scale),
  };
}

function binaryMapping(mode: BinaryHandlingMode): ColumnMapping {
  if (mode === 'bytes') return { schema: SchemaBuilder.bytes().build(), convert: toBuffer };
  const enc = mode === 'hex' ? 'hex' : mode === 'base64' ? 'base64' : 'base64url';
  return { schema: SchemaBuilder.string().build(), convert: (v) => toBuffer(v).toString(enc) };
}

const MS_PER_DAY = 86_400_000;

/** 'YYYY-MM-DD' → days since epoch; zero dates → null (the caller's nullability decides). */
function epochDays(text: string): number | null {
  if (text.startsWith('0000-00-00')) return null;
  const ms = Date.parse(`${text.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(ms) ? Math.floor(ms / MS_PER_DAY) : null;
}

function dateMapping(c: ColumnDef, o: TypeOptions): ColumnMapping {
  const zero = (): unknown => (c.nullable ? null : 0);
  if (o.time === 'connect')
    return {
      schema: ConnectDate.builder().build(),
      convert: (v) => {
        const d = epochDays(String(v));
        return d === null ? (c.nullable ? null : new Date(0)) : new Date(d * MS_PER_DAY);
      },
    };
  return {
    schema: SchemaBuilder.int32().name('io.debezium.time.Date').version(1).build(),
    convert: (v) => epochDays(String(v)) ?? zero(),
  };
}

/** '[-]HHH:MM:SS[.ffffff]' → microseconds. */
export function timeMicros(text: string): number {
  const neg = text.startsWith('-');
  const [hms, frac = ''] = (neg ? text.slice(1) : text).split('.');
  const [h, m, s] = hms!.split(':').map(Number);
  const us = ((h! * 60 + m!) * 60 + s!) * 1_000_000 + Number((frac + '000000').slice(0, 6));
  return neg ? -us : us;
}

function timeMapping(o: TypeOptions): ColumnMapping {
  if (o.time === 'connect')
    return { schema: Time.builder().build(), convert: (v) => new Date(Math.floor(timeMicros(String(v)) / 1000)) };
  return {
    schema: SchemaBuilder.int64().name('io.debezium.time.MicroTime').version(1).build(),
    convert: (v) => timeMicros(String(v)),
  };
}

/** 'YYYY-MM-DD HH:MM:SS[.ffffff]' read as UTC → microseconds since epoch, null for zero dates. */
export function datetimeMicros(text: string): number | null {
  const fast = plainDatetimeMicros(text);
  if (fast !== null) return fast;
  if (text.startsWith('0000-00-00')) return null;
  const [date, time = '00:00:00'] = text.split(' ');
  const [hms, frac = ''] = time.split('.');
  const ms = Date.parse(`${date}T${hms}Z`);
  if (!Number.isFinite(ms)) return null;
  return ms * 1000 + Number((frac + '000000').slice(0, 6));
}

function datetimeMapping(c: ColumnDef, o: TypeOptions): ColumnMapping {
  const fsp = c.fsp ?? 0;
  const us = (v: unknown) => datetimeMicros(String(v)) ?? (c.nullable ? null : 0);
  if (o.time === 'connect')
    return {
      schema: Timestamp.builder().build(),
      convert: (v) => {
        const x = us(v);
        return x === null ? null : new Date(Math.floor(x / 1000));
      },
    };
  if (fsp <= 3)
    return {
      schema: SchemaBuilder.int64().name('io.debezium.time.Timestamp').version(1).build(),
      convert: (v) => {
        const x = us(v);
        return x === null ? null : Math.floor(x / 1000);
      },
    };
  return { schema: SchemaBuilder.int64().name('io.debezium.time.MicroTimestamp').version(1).build(), convert: us };
}

/** A UTC 'YYYY-MM-DD HH:MM:SS[.f]' → ISO-8601 with Z, with the column's fractional digits. */
export function zonedTimestamp(text: string, fsp: number): string | null {
  if (text.startsWith('0000-00-00')) return null;
  const [date, time = '00:00:00'] = text.split(' ');
  const [hms, frac = ''] = time.split('.');
  const digits = fsp > 0 ? '.' + (frac + '000000').slice(0, fsp) : '';
  return `${date}T${hms}${digits}Z`;
}

function geometryMapping(): ColumnMapping {
  return {
    schema: SchemaBuilder.struct()
      .name(GEOMETRY_SCHEMA_NAME)
      .version(1)
      .doc('Geometry')
      .field('wkb', SchemaBuilder.bytes().build())
      .field('srid', SchemaBuilder.int32().optional().build())
      .build(),
    // the snapshot selects { wkb, srid }; the binlog reader gives zongji's parsed shape
    convert: (v) => (isWkb(v) ? v : { wkb: wkbOf(v), srid: null }),
  };
}

function toText(v: unknown): string {
  return Buffer.isBuffer(v) ? v.toString('utf8') : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function toBuffer(v: unknown): Buffer {
  return Buffer.isBuffer(v) ? v : v instanceof Uint8Array ? Buffer.from(v) : Buffer.from(String(v), 'utf8');
}

/** A BIT value (Buffer big-endian as MySQL stores it, or a number) as `size` big-endian bytes. */
function toBitBuffer(v: unknown, size = 8): Buffer {
  if (Buffer.isBuffer(v)) {
    if (v.length === size) return v;
    const out = Buffer.alloc(size);
    v.copy(out, Math.max(0, size - v.length), Math.max(0, v.length - size));
    return out;
  }
  const out = Buffer.alloc(size);
  let n = BigInt(Number(v));
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}
