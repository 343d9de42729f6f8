// What the JDBC sink core asks of a database dialect: a session (one connection, its transaction
// and its limits), identifier quoting and table ids, the column type mapping and DDL, the
// INSERT / upsert / UPDATE / DELETE statements, value binding, and which errors are transient.
// The core (jdbc-writer.ts) owns everything else: record checks, runs, batching, retries.
import { ConnectException } from '@libs/connect-spi';
import type { EgressPolicy } from '../egress/egress-policy';
import type { Column, FieldsMetadata } from './fields-metadata';

/** Thrown for missing tables/columns that may not be created; never retried (Confluent's name). */
export class TableAlterOrCreateException extends ConnectException {
  override readonly javaClassName: string = 'io.confluent.connect.jdbc.sink.TableAlterOrCreateException';
}

/**
 * The database could not be reached or refused the login (credentials, unknown database, TLS,
 * egress): no record is at fault, so the task fails rather than sending its batch to the DLQ, as
 * Confluent's CachedConnectionProvider throws a ConnectException that JdbcSinkTask.put does not catch.
 */
export class JdbcConnectionException extends ConnectException {}

/** A destination table: the schema (MySQL: database) and name it lives under, and its SQL text. */
export interface TableId {
  schema: string;
  name: string;
  sql: string;
}

/** A table's columns: lower-case name → the database's type name (lower case). */
export type TableColumns = Map<string, string>;

/** One open connection. Statements use the dialect's placeholders. */
export interface JdbcSession {
  query(sql: string, params?: unknown[]): Promise<unknown[]>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Graceful close. */
  end(): Promise<void>;
  /** Drop the connection at once (after a connection-level failure). */
  destroy(): void;
  /** Whether the connection reported an error since it was opened (it must not be reused). */
  readonly broken: boolean;
  /** Server-side id of the connection (MySQL thread id, Postgres backend pid): tests kill it. */
  readonly id: number | null;
  /** Default schema for unqualified table names (MySQL: db.name; Postgres: current_schema()). */
  readonly defaultSchema: string;
  /** Budget for one statement's text and values, in bytes (MySQL: 80 % of max_allowed_packet). */
  readonly maxStatementBytes: number;
}

/** A dialect bound to one connector config (quoting, insert mode, time zones come from it). */
export interface JdbcDialect {
  /** The database's name in messages ("Failed to write 3 record(s) to MySQL"). */
  readonly name: string;
  /** Most bind parameters one statement may carry. */
  readonly maxPlaceholders: number;
  /**
   * Whether a multi-row upsert must not name one key twice (Postgres: "ON CONFLICT DO UPDATE
   * command cannot affect row a second time"); the core then keeps each key's last row.
   */
  readonly uniqueKeysPerUpsert: boolean;
  connect(policy: EgressPolicy): Promise<JdbcSession>;
  quote(name: string): string;
  tableId(table: string, session: JdbcSession): TableId;
  columnsOf(session: JdbcSession, table: TableId): Promise<TableColumns | null>;
  createTableSql(table: TableId, meta: FieldsMetadata): string;
  alterTableSql(table: TableId, missing: Column[]): string;
  isTableExistsError(e: unknown): boolean;
  isDuplicateColumnError(e: unknown): boolean;
  /** INSERT or upsert of `rows` rows of `keys` then `values` (config.insertMode decides). */
  insertSql(table: TableId, keys: Column[], values: Column[], rows: number, columns: TableColumns): string;
  /** UPDATE … SET values WHERE keys, values bound first. */
  updateSql(table: TableId, keys: Column[], values: Column[], columns: TableColumns): string;
  /** DELETE of `rows` key tuples. */
  deleteSql(table: TableId, keys: Column[], rows: number): string;
  /** A column's Connect value → the driver's bind value. */
  bind(col: Column, v: unknown): unknown;
  /** Connection-level or concurrency errors worth a reconnect and retry of the batch. */
  isTransientError(e: unknown): boolean;
}
