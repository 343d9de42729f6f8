// MySQL dialect of the JDBC sink: identifiers, the Connect → column type mapping of
// kafka-connect-jdbc's MySqlDatabaseDialect (github.com/confluentinc/kafka-connect-jdbc), with VARCHAR(256) for string key columns instead of TEXT,
// which MySQL cannot index without a prefix length), column specs, and value binding.
import { ConnectDate, ConnectException, Decimal, Time, Timestamp, type Schema } from '@libs/connect-spi';
import type { TimestampPrecisionMode } from '../jdbc-sink/jdbc-sink-config';
import { commonBindValue, DIALECT_BINDS } from '../jdbc-sink/bind-values';

export { JdbcConnectionException, TableAlterOrCreateException } from '../jdbc-sink/dialect';
export { formatDateTime } from '../jdbc-sink/time-values';

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

/** A Connect value → what mysql2 escapes (numbers, strings, Buffers, null). */
/** `tz` binds timestamps (db.timezone); `dateTz` binds DATE values (date.timezone); `timestampUnit` marks a timestamp.fields.list field. */
export function bindValue(
  schema: Schema,
  v: unknown,
  timestampUnit: TimestampPrecisionMode | null,
  tz: string,
  dateTz = tz,
): unknown {
  const common = commonBindValue(schema, v, timestampUnit, tz, dateTz);
  if (common !== DIALECT_BINDS) return common;
  switch (schema.type) {
    case 'BOOLEAN':
      return v ? 1 : 0;
    case 'FLOAT32':
    case 'FLOAT64':
      return typeof v === 'number' && !Number.isFinite(v) ? null : v;
    default:
      return v;
  }
}
