// The PostgreSQL dialect of the JDBC sink core (kafka-connect-jdbc's PostgreSqlDatabaseDialect):
// double-quoted identifiers (NEVER: the table name folded to lower case, as Postgres folds
// unquoted names), table ids completed with current_schema(), names cut to 63 bytes, the type
// mapping of postgres-types.ts, INSERT … ON CONFLICT (keys) DO UPDATE SET c = EXCLUDED.c upserts
// (DO NOTHING without value columns), and `$n` placeholders cast to ::json / ::jsonb / ::uuid when
// the existing column has that type.
import type { EgressPolicy } from '../egress/egress-policy';
import type { JdbcDialect, JdbcSession, TableColumns, TableId } from '../jdbc-sink/dialect';
import type { Column, FieldsMetadata } from '../jdbc-sink/fields-metadata';
import type { JdbcSinkConfig } from '../jdbc-sink/jdbc-sink-config';
import { isTransientPostgresError } from './postgres-errors';
import { openPostgresSession } from './postgres-session';
import { postgresLiteral, postgresType } from './postgres-types';
import { postgresBindValue } from './postgres-values';

/** NAMEDATALEN - 1: the server's identifier limit in a default build. */
export const MAX_IDENTIFIER_BYTES = 63;
const CASTS = new Set(['json', 'jsonb', 'uuid']);

function truncateIdentifier(name: string): string {
  const b = Buffer.from(name, 'utf8');
  if (b.length <= MAX_IDENTIFIER_BYTES) return name;
  // cut on a character boundary, as the server does
  let end = MAX_IDENTIFIER_BYTES;
  while (end > 0 && (b[end] & 0xc0) === 0x80) end--;
  return b.subarray(0, end).toString('utf8');
}

export class PostgresDialect implements JdbcDialect {
  readonly name = 'PostgreSQL';
  readonly maxPlaceholders = 65_535;
  readonly uniqueKeysPerUpsert = true;

  constructor(private readonly c: JdbcSinkConfig) {}

  connect(policy: EgressPolicy): Promise<JdbcSession> {
    return openPostgresSession(this.c, policy);
  }

  quote(name: string): string {
    return this.c.quoteIdentifiers ? '"' + name.replace(/"/g, '""') + '"' : name;
  }

  tableId(table: string, session: JdbcSession): TableId {
    let parts = table.split('.');
    if (!this.c.quoteIdentifiers) parts = parts.map((p) => p.toLowerCase());
    const name = truncateIdentifier(parts[parts.length - 1]);
    const schema = parts.length >= 2 ? parts[parts.length - 2] : session.defaultSchema;
    // a catalog (database) part is kept, so the server refuses a cross-database name itself
    const catalog = parts.length >= 3 ? parts.slice(0, parts.length - 2).join('.') : null;
    const sql = [catalog, schema, name]
      .filter((p): p is string => p !== null)
      .map((p) => this.quote(p))
      .join('.');
    return { schema, name, sql };
  }

  async columnsOf(session: JdbcSession, t: TableId): Promise<TableColumns | null> {
    const rows = (await session.query(
      'SELECT column_name AS c, udt_name AS t FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      [t.schema, t.name],
    )) as { c: string; t: string }[];
    return rows.length === 0 ? null : new Map(rows.map((r) => [r.c.toLowerCase(), r.t.toLowerCase()]));
  }

  private spec(col: Column, isKey: boolean): string {
    const type = postgresType(col.schema, { isTimestampField: col.isTimestamp, fieldName: col.name });
    let spec = `${this.quote(col.name)} ${type}`;
    const d = col.schema.defaultValue;
    if (d !== null && d !== undefined) {
      const lit = postgresLiteral(this.bind(col, d));
      if (lit !== null) spec += ` DEFAULT ${lit}`;
    }
    return spec + (isKey || !col.schema.optional ? ' NOT NULL' : ' NULL');
  }

  createTableSql(t: TableId, meta: FieldsMetadata): string {
    const pk = meta.keys.length > 0 ? `,\nPRIMARY KEY(${meta.keys.map((k) => this.quote(k.name)).join(',')})` : '';
    return `CREATE TABLE ${t.sql} (\n${meta.ddl.map((col) => this.spec(col, col.isKey)).join(',\n')}${pk})`;
  }

  alterTableSql(t: TableId, missing: Column[]): string {
    return `ALTER TABLE ${t.sql} ${missing.map((m) => `ADD ${this.spec(m, false)}`).join(', ')}`;
  }

  isTableExistsError(e: unknown): boolean {
    const code = (e as { code?: string }).code;
    // 23505: two sessions creating the same table race on pg_type's unique index
    return code === '42P07' || code === '23505';
  }

  isDuplicateColumnError(e: unknown): boolean {
    return (e as { code?: string }).code === '42701';
  }

  private placeholder(n: number, col: Column, columns: TableColumns): string {
    const type = columns.get(col.name.toLowerCase());
    return type && CASTS.has(type) ? `$${n}::${type}` : `$${n}`;
  }

  /** Statement texts by table columns, key columns and row count: rebuilding 30k placeholders per batch costs. */
  private readonly inserts = new WeakMap<TableColumns, WeakMap<Column[], Map<number, string>>>();

  insertSql(t: TableId, keys: Column[], values: Column[], rows: number, columns: TableColumns): string {
    let byKeys = this.inserts.get(columns);
    if (!byKeys) this.inserts.set(columns, (byKeys = new WeakMap()));
    let byRows = byKeys.get(values);
    if (!byRows) byKeys.set(values, (byRows = new Map()));
    let sql = byRows.get(rows);
    if (sql === undefined) {
      if (byRows.size >= 64) byRows.clear(); // odd batch sizes: keep the cache small
      sql = this.buildInsert(t, keys, values, rows, columns);
      byRows.set(rows, sql);
    }
    return sql;
  }

  private buildInsert(t: TableId, keys: Column[], values: Column[], rows: number, columns: TableColumns): string {
    const cols = [...keys, ...values];
    const casts = cols.map((col) => {
      const type = columns.get(col.name.toLowerCase());
      return type && CASTS.has(type) ? `::${type}` : '';
    });
    const tuples: string[] = [];
    let n = 0;
    for (let r = 0; r < rows; r++) tuples.push(`(${casts.map((cast) => `$${++n}${cast}`).join(',')})`);
    const sql = `INSERT INTO ${t.sql} (${cols.map((x) => this.quote(x.name)).join(',')}) VALUES ${tuples.join(',')}`;
    if (this.c.insertMode !== 'UPSERT') return sql;
    const conflict = `ON CONFLICT (${keys.map((k) => this.quote(k.name)).join(',')})`;
    if (values.length === 0) return `${sql} ${conflict} DO NOTHING`;
    const set = values.map((v) => `${this.quote(v.name)}=EXCLUDED.${this.quote(v.name)}`).join(',');
    return `${sql} ${conflict} DO UPDATE SET ${set}`;
  }

  updateSql(t: TableId, keys: Column[], values: Column[], columns: TableColumns): string {
    let n = 0;
    const set = values.map((v) => `${this.quote(v.name)} = ${this.placeholder(++n, v, columns)}`).join(', ');
    const where =
      keys.length > 0
        ? ` WHERE ${keys.map((k) => `${this.quote(k.name)} = ${this.placeholder(++n, k, columns)}`).join(' AND ')}`
        : '';
    return `UPDATE ${t.sql} SET ${set}${where}`;
  }

  deleteSql(t: TableId, keys: Column[], rows: number): string {
    let n = 0;
    const tuple = () => (keys.length === 1 ? `$${++n}` : `(${keys.map(() => `$${++n}`).join(',')})`);
    const target = keys.length === 1 ? this.quote(keys[0].name) : `(${keys.map((k) => this.quote(k.name)).join(',')})`;
    return `DELETE FROM ${t.sql} WHERE ${target} IN (${Array.from({ length: rows }, tuple).join(',')})`;
  }

  bind(col: Column, v: unknown): unknown {
    const c = this.c;
    return postgresBindValue(
      col.schema,
      v,
      col.isTimestamp ? c.timestampPrecision : null,
      c.dbTimezone,
      c.dateTimezone,
    );
  }

  isTransientError(e: unknown): boolean {
    return isTransientPostgresError(e);
  }
}
