// MySQL dialect of the JDBC sink: identifiers, the Connect → column type mapping of
// kafka-connect-jdbc's MySqlDatabaseDialect (github.com/confluentinc/kafka-connect-jdbc), with VARCHAR(256) for string key columns instead of TEXT,
// which MySQL cannot index without a prefix length), column specs, and value binding.
import { BigDecimal, ConnectDate, ConnectException, Decimal, Time, Timestamp, type Schema } from '@libs/connect-spi';
import type { TimestampPrecisionMode } from './mysql-sink-config';

/** Thrown for missing tables/columns that may not be created; never retried (Confluent's name). */
export class TableAlterOrCreateException extends ConnectException {
  override readonly javaClassName: string = 'io.confluent.connect.jdbc.sink.TableAlterOrCreateException';
}

export const KEY_VARCHAR = 'VARCHAR(256)';

export function quoteIdent(name: string, quote: boolean): string {
  return quote ? '`' + name.replace(/`/g, '``') + '`' : name;
}

/** `db`.`table` for an unqualified name, or the qualified name as given. */
export function qualifiedTable(
  table: string,
  database: string,
  quote: boolean,
): { db: string; name: string; sql: string } {
  const dot = table.indexOf('.');
  const db = dot > 0 ? table.slice(0, dot) : database;
  const name = dot > 0 ? table.slice(dot + 1) : table;
  return { db, name, sql: `${quoteIdent(db, quote)}.${quoteIdent(name, quote)}` };
}

export function sqlType(
  schema: Schema,
  opts: { isKey: boolean; isTimestampField: boolean; fieldName: string },
): string {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      return `DECIMAL(65,${Number(schema.parameters?.scale ?? 0)})`;
    case ConnectDate.LOGICAL_NAME:
      return 'DATE';
    case Time.LOGICAL_NAME:
      return 'TIME(3)';
    case Timestamp.LOGICAL_NAME:
      return 'DATETIME(3)';
  }
  switch (schema.type) {
    case 'INT8':
      return 'TINYINT';
    case 'INT16':
      return 'SMALLINT';
    case 'INT32':
      return 'INT';
    case 'INT64':
      return opts.isTimestampField ? 'DATETIME(6)' : 'BIGINT';
    case 'FLOAT32':
      return 'FLOAT';
    case 'FLOAT64':
      return 'DOUBLE';
    case 'BOOLEAN':
      return 'TINYINT';
    case 'STRING':
      if (opts.isTimestampField) return 'DATETIME(6)';
      return opts.isKey ? KEY_VARCHAR : 'TEXT';
    case 'BYTES':
      return 'VARBINARY(1024)';
    default:
      throw new ConnectException(
        `${opts.fieldName} (${schema.type}) type doesn't have a mapping to the SQL database column type`,
      );
  }
}

/** `<name> <type> [DEFAULT x] NULL|NOT NULL` (PK columns always NOT NULL). */
export function columnSpec(
  name: string,
  schema: Schema,
  opts: {
    isKey: boolean;
    isTimestampField: boolean;
    timestampUnit: TimestampPrecisionMode;
    quote: boolean;
    timeZone: string;
  },
): string {
  const type = sqlType(schema, { ...opts, fieldName: name });
  let spec = `${quoteIdent(name, opts.quote)} ${type}`;
  const d = schema.defaultValue;
  if (d !== null && d !== undefined && !/TEXT|BLOB/.test(type))
    spec += ` DEFAULT ${literal(bindValue(schema, d, opts.isTimestampField ? opts.timestampUnit : null, opts.timeZone))}`;
  if (opts.isKey) spec += ' NOT NULL';
  else spec += schema.optional ? ' NULL' : ' NOT NULL';
  return spec;
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (Buffer.isBuffer(v)) return `X'${v.toString('hex')}'`;
  return `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function offsetMinutes(tz: string, ms: number): number {
  if (tz === 'UTC' || tz === 'Z' || tz === 'Etc/UTC') return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(tz);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const parts = tzFormatter(tz).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function tzFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** 'YYYY-MM-DD HH:MM:SS.fff' of an instant, in `tz` (UTC, ±HH:MM or an IANA zone). */
export function formatDateTime(ms: number, tz: string, fractionDigits = 3): string {
  const local = new Date(ms + offsetMinutes(tz, ms) * 60000);
  const frac = fractionDigits > 0 ? '.' + pad(local.getUTCMilliseconds(), 3).padEnd(fractionDigits, '0') : '';
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${frac}`;
}

const EPOCH_NUMBER = /^-?\d+$/;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/;

/**
 * A timestamp.fields.list value as DATETIME(6) text in `tz`: a long or numeric string is epoch
 * microseconds or nanoseconds (timestamp.precision.mode; nanoseconds are truncated to the column's
 * microseconds), any other string a local yyyy-MM-ddTHH:mm:ss[.fraction] in `tz` (as Confluent's sink).
 */
function timestampFieldValue(v: unknown, unit: TimestampPrecisionMode, tz: string): string {
  const text = typeof v === 'string' ? v.trim() : null;
  if (text !== null && !EPOCH_NUMBER.test(text)) {
    const m = ISO_LOCAL.exec(text);
    if (!m) throw new ConnectException(`Cannot convert ${text} to a timestamp: expected yyyy-MM-ddTHH:mm:ss.SSSSSSSSS`);
    return `${m[1]} ${m[2]}.${(m[3] ?? '').slice(0, 6).padEnd(6, '0')}`;
  }
  let n: bigint;
  try {
    n = typeof v === 'bigint' ? v : BigInt(text ?? Math.trunc(Number(v)));
  } catch {
    throw new ConnectException(`Cannot convert ${String(v)} to a timestamp`);
  }
  const micros = unit === 'nanoseconds' ? n / 1000n : n;
  const ms = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n); // floor
  const extra = Number(micros - ms * 1000n); // 0..999 µs past the millisecond
  return formatDateTime(Number(ms), tz, 3) + String(extra).padStart(3, '0');
}

/** A Connect value → what mysql2 escapes (numbers, strings, Buffers, null). */
/** `tz` binds timestamps (db.timezone); `dateTz` binds DATE values (date.timezone); `timestampUnit` marks a timestamp.fields.list field. */
export function bindValue(
  schema: Schema,
  v: unknown,
  timestampUnit: TimestampPrecisionMode | null,
  tz: string,
  dateTz = tz,
): unknown {
  if (v === null || v === undefined) return null;
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      return v instanceof BigDecimal
        ? v.toString()
        : Buffer.isBuffer(v)
          ? Decimal.toLogical(schema, v).toString()
          : String(v);
    case ConnectDate.LOGICAL_NAME: {
      const ms = v instanceof Date ? v.getTime() : Number(v) * 86_400_000;
      return formatDateTime(ms, dateTz, 0).slice(0, 10);
    }
    case Time.LOGICAL_NAME: {
      const ms = v instanceof Date ? v.getTime() : Number(v);
      return formatDateTime(ms, 'UTC', 3).slice(11);
    }
    case Timestamp.LOGICAL_NAME:
      return formatDateTime(v instanceof Date ? v.getTime() : Number(v), tz, 3);
  }
  if (timestampUnit && (schema.type === 'INT64' || schema.type === 'STRING'))
    return timestampFieldValue(v, timestampUnit, tz);
  switch (schema.type) {
    case 'BOOLEAN':
      return v ? 1 : 0;
    case 'INT64':
      return typeof v === 'bigint' ? v.toString() : v;
    case 'BYTES':
      return Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array);
    case 'FLOAT32':
    case 'FLOAT64':
      return typeof v === 'number' && !Number.isFinite(v) ? null : v;
    default:
      return v;
  }
}
