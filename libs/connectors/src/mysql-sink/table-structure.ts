// Kafka Connect JDBC sink's DbStructure for MySQL: a target table is created (auto.create) or
// given its missing columns (auto.evolve) before the write transaction — MySQL commits DDL
// implicitly, so it cannot run inside it. The columns of tables seen are cached until a retry.
import type { Connection } from 'mysql2/promise';
import type { Column, FieldsMetadata } from './fields-metadata';
import { columnSpec, qualifiedTable, quoteIdent, TableAlterOrCreateException } from './mysql-dialect';
import type { MySqlSinkConfig } from './mysql-sink-config';

export class TableStructure {
  /** Qualified table → its column names (lower case). */
  private readonly tables = new Map<string, Set<string>>();

  constructor(private readonly config: MySqlSinkConfig) {}

  /** Forget what is known of the tables (after a failure: another writer may have changed them). */
  clear(): void {
    this.tables.clear();
  }

  private async columnsOf(conn: Connection, db: string, name: string): Promise<Set<string> | null> {
    const [rows] = await conn.query(
      'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [db, name],
    );
    const list = rows as { c: string }[];
    return list.length === 0 ? null : new Set(list.map((r) => r.c.toLowerCase()));
  }

  /**
   * Makes `table` have the columns `meta` needs (the key columns only, for deletes): CREATE TABLE
   * when missing (auto.create), ALTER TABLE … ADD the missing optional columns (auto.evolve).
   */
  async ensure(conn: Connection, table: string, meta: FieldsMetadata, isDelete: boolean): Promise<void> {
    const c = this.config;
    const q = qualifiedTable(table, c.database, c.quoteIdentifiers);
    let cols = this.tables.get(q.sql);
    const needed = isDelete ? meta.keys : meta.ddl;
    if (cols && needed.every((col) => cols!.has(col.name.toLowerCase()))) return;
    cols = (await this.columnsOf(conn, q.db, q.name)) ?? undefined;
    const spec = (col: Column) =>
      columnSpec(col.name, col.schema, {
        isKey: col.isKey,
        isTimestampField: col.isTimestamp,
        timestampUnit: c.timestampPrecision,
        quote: c.quoteIdentifiers,
        timeZone: c.dbTimezone,
      });
    if (!cols) {
      if (!c.autoCreate)
        throw new TableAlterOrCreateException(`Table ${q.sql} is missing and auto-creation is disabled`);
      const pk =
        meta.keys.length > 0
          ? `, PRIMARY KEY(${meta.keys.map((k) => quoteIdent(k.name, c.quoteIdentifiers)).join(',')})`
          : '';
      const sql = `CREATE TABLE ${q.sql} (\n${meta.ddl.map(spec).join(',\n')}${pk})`;
      try {
        await conn.query(sql);
      } catch (e) {
        if ((e as { code?: string }).code !== 'ER_TABLE_EXISTS_ERROR') throw e;
      }
      cols = (await this.columnsOf(conn, q.db, q.name)) ?? new Set();
    }
    const missing = needed.filter((col) => !cols!.has(col.name.toLowerCase()));
    if (missing.length > 0) {
      if (!c.autoEvolve)
        throw new TableAlterOrCreateException(
          `Table ${q.sql} is missing fields ([${missing.map((m) => m.name).join(', ')}]) and auto-evolution is disabled`,
        );
      for (const m of missing)
        if (!m.schema.optional && m.schema.defaultValue === null)
          throw new TableAlterOrCreateException(
            `Cannot ALTER TABLE ${q.sql} to add missing field ${m.name}, as the field is not optional and does not have a default value`,
          );
      try {
        await conn.query(
          `ALTER TABLE ${q.sql} ${missing.map((m) => `ADD ${spec({ ...m, isKey: false })}`).join(', ')}`,
        );
      } catch (e) {
        if ((e as { code?: string }).code !== 'ER_DUP_FIELDNAME') throw e;
      }
      cols = (await this.columnsOf(conn, q.db, q.name)) ?? new Set();
    }
    this.tables.set(q.sql, cols);
  }
}
