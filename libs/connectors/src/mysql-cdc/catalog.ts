// The captured tables and their structure, read from INFORMATION_SCHEMA: which databases/tables
// the include/exclude lists select, each table's columns (minus excluded columns) and primary key.
import type { Connection } from 'mysql2/promise';
import { IdFilter } from '../debezium';
import type { ColumnDef, TableDef } from './column-def';
import type { MySqlCdcConfig } from './mysql-cdc-config';

const BUILTIN = new Set(['mysql', 'sys', 'information_schema', 'performance_schema']);

export class CaptureScope {
  private readonly dbs: IdFilter;
  private readonly tables: IdFilter;
  private readonly columns: IdFilter;

  constructor(private readonly c: MySqlCdcConfig) {
    this.dbs = IdFilter.of(c.databaseInclude, c.databaseExclude);
    this.tables = IdFilter.of(c.tableInclude, c.tableExclude);
    this.columns = IdFilter.of(c.columnInclude, c.columnExclude);
  }

  capturesDb(db: string): boolean {
    if (this.c.tableIgnoreBuiltin && BUILTIN.has(db.toLowerCase())) return false;
    return this.dbs.matches(db);
  }

  capturesTable(db: string, table: string): boolean {
    return this.capturesDb(db) && this.tables.matches(`${db}.${table}`);
  }

  capturesColumn(db: string, table: string, column: string): boolean {
    return this.columns.matches(`${db}.${table}.${column}`);
  }
}

interface ColumnRow {
  TABLE_SCHEMA: string;
  TABLE_NAME: string;
  COLUMN_NAME: string;
  DATA_TYPE: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: string;
  NUMERIC_PRECISION: number | string | null;
  NUMERIC_SCALE: number | string | null;
  DATETIME_PRECISION: number | string | null;
  CHARACTER_SET_NAME: string | null;
  COLLATION_NAME: string | null;
}

const num = (v: number | string | null): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The structures of the captured base tables (all of them, or only those in `only` as db.table).
 * Key: `db.table`.
 */
export async function readTableDefs(
  conn: Connection,
  scope: CaptureScope,
  only?: ReadonlySet<string>,
): Promise<Map<string, TableDef>> {
  const [tables] = await conn.query(
    `SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'`,
  );
  const wanted = (tables as { TABLE_SCHEMA: string; TABLE_NAME: string }[]).filter(
    (t) =>
      scope.capturesTable(t.TABLE_SCHEMA, t.TABLE_NAME) && (!only || only.has(`${t.TABLE_SCHEMA}.${t.TABLE_NAME}`)),
  );
  const out = new Map<string, TableDef>();
  if (wanted.length === 0) return out;
  const dbs = [...new Set(wanted.map((t) => t.TABLE_SCHEMA))];
  for (const t of wanted)
    out.set(`${t.TABLE_SCHEMA}.${t.TABLE_NAME}`, {
      db: t.TABLE_SCHEMA,
      table: t.TABLE_NAME,
      columns: [],
      primaryKey: [],
    });
  const [cols] = await conn.query(
    `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, NUMERIC_PRECISION,
            NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME, COLLATION_NAME
       FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    [dbs],
  );
  for (const r of cols as ColumnRow[]) {
    const t = out.get(`${r.TABLE_SCHEMA}.${r.TABLE_NAME}`);
    if (!t) continue;
    const def: ColumnDef = {
      name: r.COLUMN_NAME,
      dataType: r.DATA_TYPE.toLowerCase(),
      columnType: r.COLUMN_TYPE.toLowerCase(),
      nullable: r.IS_NULLABLE === 'YES',
      precision: num(r.NUMERIC_PRECISION),
      scale: num(r.NUMERIC_SCALE),
      fsp: num(r.DATETIME_PRECISION),
      charset: r.CHARACTER_SET_NAME,
      collation: r.COLLATION_NAME,
    };
    t.columns.push(def);
  }
  const [keys] = await conn.query(
    `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE
      WHERE CONSTRAINT_NAME = 'PRIMARY' AND TABLE_SCHEMA IN (?) ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    [dbs],
  );
  for (const k of keys as { TABLE_SCHEMA: string; TABLE_NAME: string; COLUMN_NAME: string }[])
    out.get(`${k.TABLE_SCHEMA}.${k.TABLE_NAME}`)?.primaryKey.push(k.COLUMN_NAME);
  return out;
}
