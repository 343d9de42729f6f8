// The MySQL dialect of the JDBC sink core: backtick identifiers, `db`.`table` ids, the
// information_schema column look-up, DDL with the MySqlDatabaseDialect type mapping, and the
// statements Confluent's sink generates for MySQL (multi-row here), with `?` placeholders.
import type { Column, FieldsMetadata } from '../jdbc-sink/fields-metadata';
import type { JdbcDialect, JdbcSession, TableColumns, TableId } from '../jdbc-sink/dialect';
import type { JdbcSinkConfig } from '../jdbc-sink/jdbc-sink-config';
import type { EgressPolicy } from '../egress/egress-policy';
import { bindValue, columnSpec, qualifiedTable, quoteIdent } from './mysql-dialect';
import { isTransientError } from './mysql-errors';
import { openMySqlSession } from './mysql-session';

export const MAX_PLACEHOLDERS = 65_535;

export class MySqlDialect implements JdbcDialect {
  readonly name = 'MySQL';
  readonly maxPlaceholders = MAX_PLACEHOLDERS;
  // ON DUPLICATE KEY UPDATE takes the same key twice in one statement (the last row wins)
  readonly uniqueKeysPerUpsert = false;

  constructor(private readonly c: JdbcSinkConfig) {}

  connect(policy: EgressPolicy): Promise<JdbcSession> {
    return openMySqlSession(this.c, policy);
  }

  quote(name: string): string {
    return quoteIdent(name, this.c.quoteIdentifiers);
  }

  tableId(table: string): TableId {
    const q = qualifiedTable(table, this.c.database, this.c.quoteIdentifiers);
    return { schema: q.db, name: q.name, sql: q.sql };
  }

  async columnsOf(session: JdbcSession, t: TableId): Promise<TableColumns | null> {
    const rows = (await session.query(
      'SELECT COLUMN_NAME AS c, DATA_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [t.schema, t.name],
    )) as { c: string; t: string }[];
    return rows.length === 0 ? null : new Map(rows.map((r) => [r.c.toLowerCase(), String(r.t).toLowerCase()]));
  }

  private spec(col: Column, isKey = col.isKey): string {
    return columnSpec(col.name, col.schema, {
      isKey,
      isTimestampField: col.isTimestamp,
      timestampUnit: this.c.timestampPrecision,
      quote: this.c.quoteIdentifiers,
      timeZone: this.c.dbTimezone,
    });
  }

  createTableSql(t: TableId, meta: FieldsMetadata): string {
    const pk = meta.keys.length > 0 ? `, PRIMARY KEY(${meta.keys.map((k) => this.quote(k.name)).join(',')})` : '';
    return `CREATE TABLE ${t.sql} (\n${meta.ddl.map((col) => this.spec(col)).join(',\n')}${pk})`;
  }

  alterTableSql(t: TableId, missing: Column[]): string {
    return `ALTER TABLE ${t.sql} ${missing.map((m) => `ADD ${this.spec(m, false)}`).join(', ')}`;
  }

  isTableExistsError(e: unknown): boolean {
    return (e as { code?: string }).code === 'ER_TABLE_EXISTS_ERROR';
  }

  isDuplicateColumnError(e: unknown): boolean {
    return (e as { code?: string }).code === 'ER_DUP_FIELDNAME';
  }

  insertSql(t: TableId, keys: Column[], values: Column[], rows: number): string {
    const cols = [...keys, ...values];
    const colList = cols.map((x) => this.quote(x.name)).join(',');
    const tuple = `(${cols.map(() => '?').join(',')})`;
    const tuples = Array.from({ length: rows }, () => tuple).join(',');
    if (this.c.insertMode !== 'UPSERT') return `INSERT INTO ${t.sql}(${colList}) VALUES${tuples}`;
    // Confluent's MySQL upsert, lower case as it builds it; with no value columns the keys are set
    // to themselves (a no-op update)
    const upd = (values.length > 0 ? values : keys)
      .map((x) => `${this.quote(x.name)}=values(${this.quote(x.name)})`)
      .join(',');
    return `insert into ${t.sql}(${colList}) values${tuples} on duplicate key update ${upd}`;
  }

  updateSql(t: TableId, keys: Column[], values: Column[]): string {
    const set = values.map((v) => `${this.quote(v.name)} = ?`).join(', ');
    const where = keys.length > 0 ? ` WHERE ${keys.map((k) => `${this.quote(k.name)} = ?`).join(' AND ')}` : '';
    return `UPDATE ${t.sql} SET ${set}${where}`;
  }

  deleteSql(t: TableId, keys: Column[], rows: number): string {
    const where =
      keys.length === 1 ? `${this.quote(keys[0].name)} IN ` : `(${keys.map((k) => this.quote(k.name)).join(',')}) IN `;
    const ph =
      keys.length === 1
        ? Array.from({ length: rows }, () => '?').join(',')
        : Array.from({ length: rows }, () => `(${keys.map(() => '?').join(',')})`).join(',');
    return `DELETE FROM ${t.sql} WHERE ${where}(${ph})`;
  }

  bind(col: Column, v: unknown): unknown {
    const c = this.c;
    return bindValue(col.schema, v, col.isTimestamp ? c.timestampPrecision : null, c.dbTimezone, c.dateTimezone);
  }

  isTransientError(e: unknown): boolean {
    return isTransientError(e);
  }
}
