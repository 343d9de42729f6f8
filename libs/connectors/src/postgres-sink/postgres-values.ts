// Connect values → what the `pg` driver binds (as text parameters typed by the target column):
// time values as text in db.timezone (DATEs per date.timezone), as Confluent's sink binds them
// with a db.timezone calendar; int64 as decimal text (no precision loss); arrays of primitives as
// Postgres arrays.
import type { Schema } from '@libs/connect-spi';
import type { TimestampPrecisionMode } from '../jdbc-sink/jdbc-sink-config';
import { commonBindValue, DIALECT_BINDS } from '../jdbc-sink/bind-values';

export function postgresBindValue(
  schema: Schema,
  v: unknown,
  timestampUnit: TimestampPrecisionMode | null,
  tz: string,
  dateTz = tz,
): unknown {
  const common = commonBindValue(schema, v, timestampUnit, tz, dateTz);
  if (common !== DIALECT_BINDS) return common;
  if (schema.type === 'ARRAY') {
    const el = schema.valueSchema;
    if (!Array.isArray(v) || !el) return v;
    return v.map((x) => postgresBindValue(el, x, null, tz, dateTz));
  }
  return v;
}
