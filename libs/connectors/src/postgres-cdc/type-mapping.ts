// CDC.md §5.2: PostgreSQL column types → Connect schemas (PostgresValueConverter), and the
// conversion of a column's text-format value (the snapshot reads text, pgoutput sends text) to the
// schema's value. Sessions run with TimeZone=UTC, DateStyle=ISO, IntervalStyle=iso_8601 and
// bytea_output=hex so the texts parsed here are fixed.
import { types } from 'pg';
import {
  BigDecimal,
  ConnectDate,
  Decimal,
  int64FromText,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  type Schema,
} from '@libs/connect-spi';
import { plainDatetimeMicros } from '../common/datetime-text';
import { enumSchema } from '../debezium';
import { fractionalDigits, numericPrecisionScale, type PgColumnDef } from './column-def';
import type { PgBinaryMode, PgDecimalMode, PgTimePrecisionMode } from './postgres-cdc-config';

export interface PgTypeOptions {
  decimal: PgDecimalMode;
  time: PgTimePrecisionMode;
  binary: PgBinaryMode;
  interval: 'numeric' | 'string';
  moneyFractionDigits: number;
}

export interface PgColumnMapping {
  schema: Schema;
  convert(text: string): unknown;
}

const TEXT_TYPES = new Set([
  'text',
  'varchar',
  'bpchar',
  'char',
  'name',
  'citext',
  'inet',
  'cidr',
  'macaddr',
  'macaddr8',
  'int4range',
  'int8range',
  'numrange',
  'tsrange',
  'tstzrange',
  'daterange',
]);

export const VARIABLE_SCALE_DECIMAL_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.data.VariableScaleDecimal')
  .version(1)
  .doc('Variable scaled decimal')
  .field('scale', SchemaBuilder.int32().build())
  .field('value', SchemaBuilder.bytes().build())
  .build();

export function mapPgColumn(c: PgColumnDef, o: PgTypeOptions): PgColumnMapping {
  const m = c.elementType ? arrayMapping(c, o) : baseMapping(c.typeName, c.typeKind, c.typmod, c.enumLabels, o);
  const b = SchemaBuilder.from(m.schema);
  if (c.nullable) b.optional();
  const schema = b.build();
  if (schema.type === 'STRUCT') {
    // a struct value must carry the field's own schema (optional or not)
    const inner = m.convert;
    return { schema, convert: (t) => restruct(schema, inner(t) as Struct) };
  }
  return schema.type === m.schema.type && schema.optional === m.schema.optional ? m : { schema, convert: m.convert };
}

function restruct(schema: Schema, s: Struct): Struct {
  const out = new Struct(schema);
  for (const f of schema.fields) out.put(f.name, s.get(f.name));
  return out;
}

function arrayMapping(c: PgColumnDef, o: PgTypeOptions): PgColumnMapping {
  const el = baseMapping(c.elementType!, c.enumLabels ? 'e' : 'b', c.typmod, c.enumLabels, o);
  const elSchema = SchemaBuilder.from(el.schema).optional().build();
  const elConvert =
    elSchema.type === 'STRUCT' ? (t: string) => restruct(elSchema, el.convert(t) as Struct) : el.convert;
  return {
    schema: SchemaBuilder.array(elSchema).build(),
    convert: (text) => flatten(parseArray(text)).map((x) => (x === null ? null : elConvert(x))),
  };
}

type Nested = string | null | Nested[];
/** pg's text[] parser: the array literal's elements as text (NULL → null), nested for n-dim. */
const parseArray = types.getTypeParser(1009 as Parameters<typeof types.getTypeParser>[0]) as (t: string) => Nested[];
function flatten(a: Nested[]): (string | null)[] {
  return a.flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]));
}

function baseMapping(
  type: string,
  kind: string,
  typmod: number,
  enumLabels: string[] | null,
  o: PgTypeOptions,
): PgColumnMapping {
  if (kind === 'e') return { schema: enumSchema(enumLabels ?? [], false).build(), convert: (t) => t };
  switch (type) {
    case 'bool':
      return { schema: SchemaBuilder.bool().build(), convert: (t) => t === 't' || t === 'true' };
    case 'int2':
      return { schema: SchemaBuilder.int16().build(), convert: Number };
    case 'int4':
      return { schema: SchemaBuilder.int32().build(), convert: Number };
    case 'int8':
    case 'oid':
      return { schema: SchemaBuilder.int64().build(), convert: int64FromText };
    case 'float4':
      return { schema: SchemaBuilder.float32().build(), convert: Number };
    case 'float8':
      return { schema: SchemaBuilder.float64().build(), convert: Number };
    case 'numeric':
      return numericMapping(numericPrecisionScale(typmod), o.decimal);
    case 'money':
      return numericMapping({ precision: 19, scale: o.moneyFractionDigits }, o.decimal, (t) =>
        t.replace(/[^0-9.-]/g, ''),
      );
    case 'json':
    case 'jsonb':
      return named('io.debezium.data.Json');
    case 'uuid':
      return named('io.debezium.data.Uuid');
    case 'xml':
      return named('io.debezium.data.Xml');
    case 'ltree':
      return named('io.debezium.data.Ltree');
    case 'bytea':
      return binaryMapping(o.binary);
    case 'bit':
    case 'varbit':
      return bitsMapping(type, typmod);
    case 'date':
      return dateMapping(o);
    case 'time':
      return timeMapping(fractionalDigits(typmod), o);
    case 'timestamp':
      return timestampMapping(fractionalDigits(typmod), o);
    case 'timestamptz':
      return named('io.debezium.time.ZonedTimestamp', zonedTimestamp);
    case 'timetz':
      return named('io.debezium.time.ZonedTime', zonedTime);
    case 'interval':
      return o.interval === 'string'
        ? named('io.debezium.time.Interval')
        : {
            schema: SchemaBuilder.int64().name('io.debezium.time.MicroDuration').version(1).build(),
            convert: intervalMicros,
          };
  }
  // text-like types, ranges, network types and anything not in the mapping table: the text form
  return { schema: SchemaBuilder.string().build(), convert: (t) => t };
}

function named(name: string, convert: (t: string) => unknown = (t) => t): PgColumnMapping {
  return { schema: SchemaBuilder.string().name(name).version(1).build(), convert };
}

export function isTextType(type: string): boolean {
  return TEXT_TYPES.has(type);
}

function numericMapping(
  ps: { precision: number; scale: number } | null,
  mode: PgDecimalMode,
  clean: (t: string) => string = (t) => t,
): PgColumnMapping {
  if (mode === 'double')
    return { schema: SchemaBuilder.float64().build(), convert: (t) => (t === 'NaN' ? NaN : Number(clean(t))) };
  if (mode === 'string')
    return { schema: SchemaBuilder.string().build(), convert: (t) => (t === 'NaN' ? 'NAN' : clean(t)) };
  if (!ps)
    return {
      schema: VARIABLE_SCALE_DECIMAL_SCHEMA,
      convert: (t) => {
        const d = BigDecimal.fromString(clean(t));
        return new Struct(VARIABLE_SCALE_DECIMAL_SCHEMA)
          .put('scale', d.scale)
          .put('value', Decimal.fromLogical(Decimal.schema(d.scale), d));
      },
    };
  return {
    schema: Decimal.builder(ps.scale).parameter('connect.decimal.precision', String(ps.precision)).build(),
    convert: (t) => BigDecimal.fromString(clean(t)).setScale(ps.scale),
  };
}

function binaryMapping(mode: PgBinaryMode): PgColumnMapping {
  const bytes = (t: string) => (t.startsWith('\\x') ? Buffer.from(t.slice(2), 'hex') : Buffer.from(t, 'binary'));
  if (mode === 'bytes') return { schema: SchemaBuilder.bytes().build(), convert: bytes };
  const enc = mode === 'hex' ? 'hex' : mode === 'base64' ? 'base64' : 'base64url';
  return { schema: SchemaBuilder.string().build(), convert: (t) => bytes(t).toString(enc) };
}

function bitsMapping(type: string, typmod: number): PgColumnMapping {
  if (type === 'bit' && typmod <= 1) return { schema: SchemaBuilder.bool().build(), convert: (t) => t === '1' };
  const length = typmod > 0 ? typmod : 0;
  return {
    schema: SchemaBuilder.bytes().name('io.debezium.data.Bits').version(1).parameter('length', String(length)).build(),
    // Debezium: the bit string as a little-endian byte array
    convert: (t) => {
      let n = t.length > 0 ? BigInt('0b' + t) : 0n;
      const out = Buffer.alloc(Math.max(1, Math.ceil(t.length / 8)));
      for (let i = 0; i < out.length; i++) {
        out[i] = Number(n & 0xffn);
        n >>= 8n;
      }
      return out;
    },
  };
}

const MS_PER_DAY = 86_400_000;

function dateMapping(o: PgTypeOptions): PgColumnMapping {
  const days = (t: string) => Math.floor(Date.parse(`${t}T00:00:00Z`) / MS_PER_DAY);
  if (o.time === 'connect')
    return { schema: ConnectDate.builder().build(), convert: (t) => new Date(days(t) * MS_PER_DAY) };
  return { schema: SchemaBuilder.int32().name('io.debezium.time.Date').version(1).build(), convert: days };
}

/** 'HH:MM:SS[.ffffff]' → microseconds. */
export function pgTimeMicros(t: string): number {
  const [hms, frac = ''] = t.split('.');
  const [h, m, s] = hms!.split(':').map(Number);
  return ((h! * 60 + m!) * 60 + s!) * 1_000_000 + Number((frac + '000000').slice(0, 6));
}

function timeMapping(digits: number, o: PgTypeOptions): PgColumnMapping {
  if (o.time === 'connect')
    return { schema: Time.builder().build(), convert: (t) => new Date(Math.floor(pgTimeMicros(t) / 1000)) };
  if (o.time === 'adaptive' && digits <= 3)
    return {
      schema: SchemaBuilder.int32().name('io.debezium.time.Time').version(1).build(),
      convert: (t) => Math.floor(pgTimeMicros(t) / 1000),
    };
  return {
    schema: SchemaBuilder.int64().name('io.debezium.time.MicroTime').version(1).build(),
    convert: pgTimeMicros,
  };
}

/** 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC, or without zone) → microseconds since epoch. */
export function pgTimestampMicros(t: string): number {
  const fast = plainDatetimeMicros(t);
  if (fast !== null) return fast;
  const bc = t.endsWith(' BC');
  const [date, time = '00:00:00'] = (bc ? t.slice(0, -3) : t).split(' ');
  const [hms, frac = ''] = time.replace(/[+-]\d\d(:\d\d)?$/, '').split('.');
  return Date.parse(`${date}T${hms}Z`) * 1000 + Number((frac + '000000').slice(0, 6));
}

function timestampMapping(digits: number, o: PgTypeOptions): PgColumnMapping {
  if (o.time === 'connect')
    return { schema: Timestamp.builder().build(), convert: (t) => new Date(Math.floor(pgTimestampMicros(t) / 1000)) };
  if (digits <= 3)
    return {
      schema: SchemaBuilder.int64().name('io.debezium.time.Timestamp').version(1).build(),
      convert: (t) => Math.floor(pgTimestampMicros(t) / 1000),
    };
  return {
    schema: SchemaBuilder.int64().name('io.debezium.time.MicroTimestamp').version(1).build(),
    convert: pgTimestampMicros,
  };
}

/** A UTC timestamptz text ('2024-01-02 03:04:05.5+00') → '2024-01-02T03:04:05.5Z'. */
export function zonedTimestamp(t: string): string {
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d(?::?\d\d)?)?$/.exec(t);
  if (!m) return t;
  const off = m[3] ?? '+00';
  if (/^[+-]00(:?00)?$/.test(off)) return `${m[1]}T${m[2]}Z`;
  const us = pgTimestampMicros(`${m[1]} ${m[2]}`) - offsetMinutes(off) * 60_000_000;
  const iso = new Date(Math.floor(us / 1000)).toISOString().slice(0, 19);
  const frac = m[2]!.includes('.') ? '.' + m[2]!.split('.')[1] : '';
  return `${iso}${frac}Z`;
}

function offsetMinutes(off: string): number {
  const sign = off.startsWith('-') ? -1 : 1;
  const digits = off.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** timetz '03:04:05.5+02' → '01:04:05.5Z' (UTC). */
export function zonedTime(t: string): string {
  const m = /^(\d\d):(\d\d):(\d\d)(\.\d+)?([+-]\d\d(?::?\d\d)?)?$/.exec(t);
  if (!m) return t;
  let minutes = Number(m[1]) * 60 + Number(m[2]) - offsetMinutes(m[5] ?? '+00');
  minutes = ((minutes % 1440) + 1440) % 1440;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${hh}:${mm}:${m[3]}${m[4] ?? ''}Z`;
}

const MICROS_PER_DAY = 86_400_000_000;

/** ISO-8601 interval ('P1Y2M3DT4H5M6.5S', IntervalStyle=iso_8601) → µs, month = 365.25/12 days. */
export function intervalMicros(t: string): number {
  const m = /^P(?:(-?\d+)Y)?(?:(-?\d+)M)?(?:(-?\d+)D)?(?:T(?:(-?\d+)H)?(?:(-?\d+)M)?(?:(-?[\d.]+)S)?)?$/.exec(t);
  if (!m) return 0;
  const n = (i: number) => Number(m[i] ?? 0);
  const months = n(1) * 12 + n(2);
  return Math.round(
    months * (365.25 / 12) * MICROS_PER_DAY +
      n(3) * MICROS_PER_DAY +
      (n(4) * 3600 + n(5) * 60) * 1_000_000 +
      Math.round(n(6) * 1_000_000),
  );
}
