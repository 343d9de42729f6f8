// Kafka Connect JDBC sink's DbStructure: a target table is created (auto.create) or given its
// missing columns (auto.evolve) before the write transaction (MySQL commits DDL implicitly, so it
// cannot run inside one; Postgres could, but one flow keeps the dialects alike). The columns of
// tables seen are cached until a retry, when another writer may have changed them.
import type { FieldsMetadata } from './fields-metadata';
import {
  TableAlterOrCreateException,
  type JdbcDialect,
  type JdbcSession,
  type TableColumns,
  type TableId,
} from './dialect';
import type { JdbcSinkConfig } from './jdbc-sink-config';

export class TableStructure {
  /** Qualified table → its columns. */
  private readonly tables = new Map<string, TableColumns>();

  constructor(
    private readonly config: JdbcSinkConfig,
    private readonly dialect: JdbcDialect,
  ) {}

  /** Forget what is known of the tables (after a failure: another writer may have changed them). */
  clear(): void {
    this.tables.clear();
  }

  /**
   * Makes `table` have the columns `meta` needs (the key columns only, for deletes): CREATE TABLE
   * when missing (auto.create), ALTER TABLE … ADD the missing optional columns (auto.evolve).
   * Returns the table's columns.
   */
  async ensure(session: JdbcSession, id: TableId, meta: FieldsMetadata, isDelete: boolean): Promise<TableColumns> {
    const c = this.config;
    const d = this.dialect;
    let cols = this.tables.get(id.sql);
    const needed = isDelete ? meta.keys : meta.ddl;
    if (cols && needed.every((col) => cols!.has(col.name.toLowerCase()))) return cols;
    cols = (await d.columnsOf(session, id)) ?? undefined;
    if (!cols) {
      if (!c.autoCreate)
        throw new TableAlterOrCreateException(`Table ${id.sql} is missing and auto-creation is disabled`);
      try {
        await session.query(d.createTableSql(id, meta));
      } catch (e) {
        // another task created it meanwhile: read it and go on
        if (!d.isTableExistsError(e)) throw e;
      }
      cols = (await d.columnsOf(session, id)) ?? new Map();
    }
    const missing = needed.filter((col) => !cols!.has(col.name.toLowerCase()));
    if (missing.length > 0) {
      if (!c.autoEvolve)
        throw new TableAlterOrCreateException(
          `Table ${id.sql} is missing fields ([${missing.map((m) => m.name).join(', ')}]) and auto-evolution is disabled`,
        );
      for (const m of missing)
        if (!m.schema.optional && m.schema.defaultValue === null)
          throw new TableAlterOrCreateException(
            `Cannot ALTER TABLE ${id.sql} to add missing field ${m.name}, as the field is not optional and does not have a default value`,
          );
      try {
        await session.query(d.alterTableSql(id, missing));
      } catch (e) {
        if (!d.isDuplicateColumnError(e)) throw e;
      }
      cols = (await d.columnsOf(session, id)) ?? new Map();
    }
    this.tables.set(id.sql, cols);
    return cols;
  }
}
