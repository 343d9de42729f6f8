// Connect schema → PostgreSQL column type for auto.create / auto.evolve, as kafka-connect-jdbc's
// PostgreSqlDatabaseDialect maps them (TEXT keys are fine in Postgres, unlike MySQL), and the
// column spec `"col" TYPE [DEFAULT x] NULL|NOT NULL`.
import { ConnectDate, ConnectException, Decimal, Time, Timestamp, type Schema } from '@libs/connect-spi';

export function postgresType(schema: Schema, opts: { isTimestampField: boolean; fieldName: string }): string {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      return 'DECIMAL';
    case ConnectDate.LOGICAL_NAME:
      return 'DATE';
    case Time.LOGICAL_NAME:
      return 'TIME';
    case Timestamp.LOGICAL_NAME:
      return 'TIMESTAMP';
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
      return 'SMALLINT';
    case 'INT32':
      return 'INT';
    case 'INT64':
      return opts.isTimestampField ? 'TIMESTAMP' : 'BIGINT';
    case 'FLOAT32':
      return 'REAL';
    case 'FLOAT64':
      return 'DOUBLE PRECISION';
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'STRING':
      return opts.isTimestampField ? 'TIMESTAMP' : 'TEXT';
    case 'BYTES':
      return 'BYTEA';
    case 'ARRAY': {
      const el = schema.valueSchema;
      if (
        el &&
        ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING'].includes(el.type) &&
        !el.name
      )
        return `${postgresType(el, { isTimestampField: false, fieldName: opts.fieldName })}[]`;
      break;
    }
  }
  throw new ConnectException(
    `${opts.fieldName} (${schema.type}) type doesn't have a mapping to the SQL database column type`,
  );
}

/** A SQL literal of a bound default value (standard_conforming_strings: only quotes are doubled). */
export function postgresLiteral(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : `'${String(v)}'`;
  if (Buffer.isBuffer(v)) return `'\\x${v.toString('hex')}'`;
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return null; // arrays and the like: no DEFAULT
}
