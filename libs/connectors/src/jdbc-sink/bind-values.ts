// Connect values that every dialect binds the same way: decimals as exact text, DATE / TIME /
// TIMESTAMP as text in the zone (db.timezone; DATEs in date.timezone), as Confluent's sink binds them
// with a db.timezone calendar; timestamp.fields.list values as microsecond text; int64 as decimal
// text (no precision loss); bytes as Buffers. The dialects bind the rest (booleans, floats, arrays).
import { BigDecimal, ConnectDate, Decimal, Time, Timestamp, type Schema } from '@libs/connect-spi';
import type { TimestampPrecisionMode } from './jdbc-sink-config';
import { formatDateTime, timestampFieldValue } from './time-values';

/** What `commonBindValue` returns for a value the dialect binds itself. */
export const DIALECT_BINDS = Symbol('dialect binds');

export function commonBindValue(
  schema: Schema,
  v: unknown,
  timestampUnit: TimestampPrecisionMode | null,
  tz: string,
  dateTz: string,
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
    case 'INT64':
      return typeof v === 'bigint' ? v.toString() : v;
    case 'BYTES':
      return Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array);
    default:
      return DIALECT_BINDS;
  }
}
