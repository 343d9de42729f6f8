// What the JDBC source core asks of a database: one connection that lists the tables, reads the
// database's clock, describes a query's columns, and runs a query as a cursor read a fetch size
// at a time (so a million-row table never sits in memory), plus quoting, placeholders and the
// text form of bound timestamps.
import type { ColumnMeta } from './column-types';
import type { JdbcSourceConfig } from './jdbc-source-config';

/** A table: its schema (MySQL: the database) and name; `fq` is the unquoted `schema.name`. */
export interface TableRef {
  schema: string;
  name: string;
  fq: string;
}

export interface ResultCursor {
  readonly columns: ColumnMeta[];
  /** Up to `n` rows (raw driver values, in column order); fewer only at the end. */
  next(n: number): Promise<unknown[][]>;
  close(): Promise<void>;
}

export interface SourceDialect {
  /** The database's name in messages. */
  readonly name: string;
  quote(identifier: string): string;
  /** `FROM` text of a table (quoted per quote.sql.identifiers). */
  tableSql(t: TableRef): string;
  /** The i-th (1-based) bind placeholder. */
  placeholder(i: number): string;
  listTables(c: JdbcSourceConfig): Promise<TableRef[]>;
  /** The database's current time (CURRENT_TIMESTAMP) in epoch microseconds. */
  nowMicros(): Promise<bigint>;
  /** The columns `sql` would return (run so that it returns no row). */
  describe(sql: string, params: unknown[]): Promise<ColumnMeta[]>;
  /** Runs `sql`, read `fetchSize` rows at a time; only one cursor is open per connection. */
  open(sql: string, params: unknown[], fetchSize: number): Promise<ResultCursor>;
  /** A bound timestamp (epoch µs) for a column compared with it (zoned: MySQL TIMESTAMP, timestamptz). */
  bindTimestamp(micros: bigint, zoned: boolean): unknown;
  close(): Promise<void>;
  /** Drops the connection at once (stop, or a query in flight that must not finish). */
  destroy(): void;
}

/** The isolation level's SQL words, or null for the server's default. */
export function isolationSql(mode: JdbcSourceConfig['isolation']): string | null {
  return mode === 'DEFAULT' ? null : mode.replace('_', ' ');
}

/** Whether a table passes the include/exclude or whitelist/blacklist filters. */
export function tableSelected(t: TableRef, c: JdbcSourceConfig): boolean {
  const named = (list: string[]) => list.includes(t.name) || list.includes(t.fq);
  if (c.tableInclude.length > 0 && !c.tableInclude.some((r) => r.test(t.fq))) return false;
  if (c.tableExclude.some((r) => r.test(t.fq))) return false;
  if (c.tableWhitelist.length > 0 && !named(c.tableWhitelist)) return false;
  return !named(c.tableBlacklist);
}
