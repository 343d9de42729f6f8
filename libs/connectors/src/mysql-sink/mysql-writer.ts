// The MySQL sink's write path: records → per-table runs (same schemas, same operation, in order) →
// table created/evolved as needed (DDL before the transaction: MySQL commits DDL implicitly) →
// one transaction with multi-row INSERT / upsert statements (split below 65,535 placeholders and
// max_allowed_packet), batched DELETEs and per-row UPDATEs → COMMIT. Transient failures
// (connection lost/killed, deadlock, lock wait, server gone) roll back, reconnect and retry the
// whole put() batch after retry.backoff.ms, up to max.retries times.
import { isIP } from 'node:net';
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';
import {
  ConnectException,
  DataException,
  RetriableException,
  SchemaBuilder,
  Struct,
  type Schema,
  type SinkRecord,
} from '@libs/connect-spi';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';
import { bindValue, columnSpec, qualifiedTable, quoteIdent, TableAlterOrCreateException } from './mysql-dialect';
import type { MySqlSinkConfig } from './mysql-sink-config';
import { socketNamedFor } from './tls-socket';

export const MAX_PLACEHOLDERS = 65_535;

interface Column {
  name: string;
  schema: Schema;
  isKey: boolean;
  isTimestamp: boolean;
  get(r: SinkRecord): unknown;
}

interface FieldsMetadata {
  keys: Column[];
  values: Column[];
  /** DDL order: kafka columns, value fields in schema order, remaining key-only fields by name. */
  ddl: Column[];
}

interface Run {
  table: string;
  meta: FieldsMetadata;
  isDelete: boolean;
  records: SinkRecord[];
}

const TRANSIENT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_QUERY_INTERRUPTED',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_CANT_LOCK',
]);
const TRANSIENT_ERRNOS = new Set([
  1040, 1053, 1077, 1078, 1079, 1080, 1152, 1153, 1158, 1159, 1160, 1161, 1205, 1213, 1317, 1927, 2002, 2003, 2006,
  2013, 4031,
]);

// Fatal connection errors that a retry cannot fix (configuration: TLS, credentials, database).
const PERMANENT_CODES = new Set([
  'HANDSHAKE_NO_SSL_SUPPORT',
  'HANDSHAKE_SSL_ERROR',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_NOT_SUPPORTED_AUTH_MODE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Connection-level or concurrency errors worth retrying; SQL/data/configuration errors are not. */
export function isTransientError(e: unknown): boolean {
  if (e instanceof RetriableException) return true;
  if (e instanceof ConnectException) return false;
  const err = e as { code?: string; errno?: number; fatal?: boolean };
  if (err?.code && PERMANENT_CODES.has(err.code)) return false;
  if (err?.fatal) return true;
  if (err?.code && TRANSIENT_CODES.has(err.code)) return true;
  return typeof err?.errno === 'number' && TRANSIENT_ERRNOS.has(err.errno);
}

export interface WriterHooks {
  /** Called between retries (tests, metrics). */
  onRetry?(attempt: number, error: Error): void;
  sleep?(ms: number): Promise<void>;
  policy?: EgressPolicy;
  /** Called after each DML statement inside the transaction (tests inject failures here). */
  afterStatement?(n: number): Promise<void> | void;
}

export class MySqlWriter {
  private conn: Connection | null = null;
  private connecting: Promise<Connection> | null = null;
  private maxPacket = 4 * 1024 * 1024;
  private readonly tables = new Map<string, Set<string>>();
  private readonly metaCache = new WeakMap<object, WeakMap<object, FieldsMetadata>>();
  private readonly nullKey = {};
  private readonly nullValue = {};
  /** Thread id of the current connection (tests kill it). */
  threadId: number | null = null;
  private closed = false;

  constructor(
    private readonly config: MySqlSinkConfig,
    private readonly hooks: WriterHooks = {},
  ) {}

  // ───────────── connection ─────────────

  private async connect(): Promise<Connection> {
    if (this.conn) return this.conn;
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      const c = this.config;
      const decision = await (this.hooks.policy ?? egressPolicy()).check(c.host, c.port);
      if (!decision.allowed)
        throw new ConnectException(`Invalid value ${c.host} for configuration connection.host: ${decision.reason}`);
      const base: ConnectionOptions = {
        host: decision.addresses[0],
        port: c.port,
        user: c.user,
        password: c.password,
        database: c.database,
        charset: 'utf8mb4',
        connectTimeout: 10_000,
        supportBigNumbers: true,
        dateStrings: true,
      };
      let conn: Connection;
      if (c.sslMode === 'prefer') {
        try {
          conn = await createConnection({ ...base, ssl: { rejectUnauthorized: false } });
        } catch (e) {
          const msg = (e as Error).message ?? '';
          if (!/secure connection|SSL|TLS/i.test(msg)) throw e;
          conn = await createConnection(base);
        }
      } else {
        conn = await createConnection({
          ...base,
          // require: encrypted, nothing checked; verify-ca: the chain; verify-full: the chain and the
          // host name or IP address
          ssl: {
            rejectUnauthorized: c.sslMode !== 'require',
            verifyIdentity: c.sslMode === 'verify-full',
            ...(c.sslCa ? { ca: c.sslCa } : {}),
          },
          ...(c.sslMode === 'verify-full' && isIP(c.host) !== 0
            ? { stream: () => socketNamedFor(c.host, c.port) }
            : {}),
        });
      }
      conn.on('error', () => {
        if (this.conn === conn) this.conn = null;
      });
      const [rows] = await conn.query('SELECT @@max_allowed_packet AS p, CONNECTION_ID() AS id');
      const row = (rows as { p: number | string; id: number }[])[0];
      this.maxPacket = Number(row.p) || this.maxPacket;
      this.threadId = Number(row.id);
      await conn.query("SET SESSION time_zone = '+00:00'");
      this.conn = conn;
      return conn;
    })();
    try {
      return await this.connecting;
    } finally {
      this.connecting = null;
    }
  }

  private async dropConnection(): Promise<void> {
    const c = this.conn;
    this.conn = null;
    this.threadId = null;
    if (c) {
      try {
        c.destroy();
      } catch {
        // already gone
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.conn;
    this.conn = null;
    if (c) await c.end().catch(() => c.destroy());
  }

  // ───────────── fields metadata ─────────────

  private metadata(r: SinkRecord, isDelete: boolean): FieldsMetadata {
    const k = (r.keySchema ?? this.nullKey) as object;
    const v = (isDelete ? this.nullValue : (r.valueSchema ?? this.nullValue)) as object;
    let byValue = this.metaCache.get(k);
    if (!byValue) this.metaCache.set(k, (byValue = new WeakMap()));
    let m = byValue.get(v);
    if (!m) byValue.set(v, (m = this.buildMetadata(r, isDelete)));
    return m;
  }

  private buildMetadata(r: SinkRecord, isDelete: boolean): FieldsMetadata {
    const c = this.config;
    const ts = (name: string) => c.timestampFields.has(name);
    const keys: Column[] = [];
    const keyNames = new Set<string>();
    const valueSchema = isDelete ? null : r.valueSchema;
    switch (c.pkMode) {
      case 'kafka': {
        const [t, p, o] =
          c.pkFields.length === 3 ? c.pkFields : ['__connect_topic', '__connect_partition', '__connect_offset'];
        keys.push(
          { name: t, schema: stringSchema, isKey: true, isTimestamp: false, get: (x) => x.topic },
          { name: p, schema: int32Schema, isKey: true, isTimestamp: false, get: (x) => x.kafkaPartition },
          { name: o, schema: int64Schema, isKey: true, isTimestamp: false, get: (x) => x.kafkaOffset },
        );
        break;
      }
      case 'record_key': {
        const ks = r.keySchema;
        if (!ks)
          throw new ConnectException(
            `Sink connector '${c.connectorName}' is configured with 'pk.mode=record_key' and therefore requires records with a non-null key and key schema`,
          );
        if (ks.type === 'STRUCT') {
          const names = c.pkFields.length > 0 ? c.pkFields : ks.fields.map((f) => f.name);
          for (const n of names) {
            const f = ks.field(n);
            if (!f)
              throw new ConnectException(
                `PK mode for table is RECORD_KEY with configured PK fields [${c.pkFields.join(', ')}], but record key schema does not contain field: ${n}`,
              );
            keys.push({
              name: n,
              schema: f.schema,
              isKey: true,
              isTimestamp: false,
              get: (x) => (x.key as Struct | null)?.get(f) ?? null,
            });
          }
        } else if (ks.type === 'ARRAY' || ks.type === 'MAP') {
          throw new ConnectException(`Key schema must be primitive type or Struct, was ${ks.type}`);
        } else {
          if (c.pkFields.length !== 1)
            throw new ConnectException(
              `Need exactly one PK column defined since the key schema for records is a primitive type, defined columns are: [${c.pkFields.join(', ')}]`,
            );
          keys.push({ name: c.pkFields[0], schema: ks, isKey: true, isTimestamp: false, get: (x) => x.key });
        }
        break;
      }
      case 'record_value': {
        if (!valueSchema || valueSchema.type !== 'STRUCT') break;
        const names = c.pkFields.length > 0 ? c.pkFields : valueSchema.fields.map((f) => f.name);
        for (const n of names) {
          const f = valueSchema.field(n);
          if (!f)
            throw new ConnectException(
              `PK mode for table is RECORD_VALUE with configured PK fields [${c.pkFields.join(', ')}], but record value schema does not contain field: ${n}`,
            );
          keys.push({
            name: n,
            schema: f.schema,
            isKey: true,
            isTimestamp: ts(n),
            get: (x) => (x.value as Struct).get(f),
          });
        }
        break;
      }
      case 'none':
        break;
    }
    for (const k of keys) keyNames.add(k.name);
    const values: Column[] = [];
    const ddl: Column[] = c.pkMode === 'kafka' ? [...keys] : [];
    if (valueSchema) {
      const whitelist = c.fieldsWhitelist.length > 0 ? new Set(c.fieldsWhitelist) : null;
      for (const f of valueSchema.fields) {
        if (keyNames.has(f.name)) {
          const k = keys.find((x) => x.name === f.name)!;
          if (c.pkMode !== 'kafka') ddl.push(k);
          continue;
        }
        if (whitelist && !whitelist.has(f.name)) continue;
        const col: Column = {
          name: f.name,
          schema: f.schema,
          isKey: false,
          isTimestamp: ts(f.name),
          get: (x) => (x.value as Struct).get(f),
        };
        values.push(col);
        ddl.push(col);
      }
    }
    for (const k of [...keys].sort((a, b) => a.name.localeCompare(b.name))) if (!ddl.includes(k)) ddl.push(k);
    return { keys, values, ddl };
  }

  // ───────────── validation and grouping ─────────────

  private validateRecord(r: SinkRecord): boolean {
    const c = this.config;
    const isDelete = r.value === null && c.deleteEnabled;
    if (isDelete) {
      if (r.key === null || r.key === undefined || !r.keySchema)
        throw new ConnectException(
          `Sink connector '${c.connectorName}' is configured with 'delete.enabled=true' and 'pk.mode=record_key' and therefore requires records with a non-null key and non-null Struct or primitive key schema, but found record at (topic='${r.topic}',partition=${r.kafkaPartition},offset=${r.kafkaOffset},timestamp=${r.timestamp}) with a null key and ${r.keySchema ? 'non-null' : 'null'} key schema.`,
        );
      return true;
    }
    if (
      r.value === null ||
      r.value === undefined ||
      !r.valueSchema ||
      r.valueSchema.type !== 'STRUCT' ||
      !(r.value instanceof Struct)
    ) {
      const what =
        r.value === null || r.value === undefined
          ? 'a null value'
          : r.value instanceof Struct
            ? 'a Struct value'
            : `a ${typeof r.value} value`;
      throw new ConnectException(
        `Sink connector '${c.connectorName}' is configured with 'delete.enabled=${c.deleteEnabled}' and 'pk.mode=${c.pkMode}' and therefore requires records with a non-null Struct value and non-null Struct schema, but found record at (topic='${r.topic}',partition=${r.kafkaPartition},offset=${r.kafkaOffset},timestamp=${r.timestamp}) with ${what} and ${r.valueSchema ? r.valueSchema.type + ' value schema' : 'null value schema'}.`,
      );
    }
    if (c.pkMode === 'record_key' && (r.key === null || r.key === undefined))
      throw new ConnectException(
        `Sink connector '${c.connectorName}' is configured with 'pk.mode=record_key' and therefore requires records with a non-null key, but found record at (topic='${r.topic}',partition=${r.kafkaPartition},offset=${r.kafkaOffset}) with a null key.`,
      );
    return false;
  }

  tableFor(topic: string): string {
    const t = this.config.tableNameFormat.split('${topic}').join(topic);
    if (!t)
      throw new ConnectException(
        `Destination table name for topic '${topic}' is empty using the format string '${this.config.tableNameFormat}'`,
      );
    return t;
  }

  private group(records: SinkRecord[]): Run[] {
    const runs: Run[] = [];
    const open = new Map<string, Run>();
    for (const r of records) {
      const isDelete = this.validateRecord(r);
      const table = this.tableFor(r.topic);
      const meta = this.metadata(r, isDelete);
      let run = open.get(table);
      if (!run || run.isDelete !== isDelete || run.meta !== meta) {
        run = { table, meta, isDelete, records: [] };
        open.set(table, run);
        runs.push(run);
      }
      run.records.push(r);
    }
    return runs;
  }

  // ───────────── DDL ─────────────

  private async columnsOf(conn: Connection, db: string, name: string): Promise<Set<string> | null> {
    const [rows] = await conn.query(
      'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [db, name],
    );
    const list = rows as { c: string }[];
    return list.length === 0 ? null : new Set(list.map((r) => r.c.toLowerCase()));
  }

  private async ensureTable(conn: Connection, run: Run): Promise<void> {
    const c = this.config;
    const q = qualifiedTable(run.table, c.database, c.quoteIdentifiers);
    let cols = this.tables.get(q.sql);
    const needed = run.isDelete ? run.meta.keys : run.meta.ddl;
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
        run.meta.keys.length > 0
          ? `, PRIMARY KEY(${run.meta.keys.map((k) => quoteIdent(k.name, c.quoteIdentifiers)).join(',')})`
          : '';
      const sql = `CREATE TABLE ${q.sql} (\n${run.meta.ddl.map(spec).join(',\n')}${pk})`;
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

  // ───────────── DML ─────────────

  private rowValues(cols: Column[], r: SinkRecord): unknown[] {
    const { dbTimezone, dateTimezone, timestampPrecision } = this.config;
    return cols.map((col) =>
      bindValue(col.schema, col.get(r), col.isTimestamp ? timestampPrecision : null, dbTimezone, dateTimezone),
    );
  }

  private statements = 0;

  private async exec(conn: Connection, sql: string, params: unknown[]): Promise<void> {
    await conn.query(sql, params);
    if (this.hooks.afterStatement) await this.hooks.afterStatement(++this.statements);
  }

  private async writeRun(conn: Connection, run: Run): Promise<void> {
    const c = this.config;
    const quote = c.quoteIdentifiers;
    const q = qualifiedTable(run.table, c.database, quote).sql;
    const { keys, values } = run.meta;
    if (run.isDelete) {
      if (keys.length === 0) throw new ConnectException('Deletes need key columns');
      const per = Math.max(1, Math.min(c.batchSize, Math.floor(MAX_PLACEHOLDERS / keys.length)));
      const where =
        keys.length === 1
          ? `${quoteIdent(keys[0].name, quote)} IN `
          : `(${keys.map((k) => quoteIdent(k.name, quote)).join(',')}) IN `;
      for (let i = 0; i < run.records.length; i += per) {
        const chunk = run.records.slice(i, i + per);
        const tuples = chunk.map((r) => this.rowValues(keys, r));
        const ph =
          keys.length === 1
            ? chunk.map(() => '?').join(',')
            : chunk.map(() => `(${keys.map(() => '?').join(',')})`).join(',');
        await this.exec(conn, `DELETE FROM ${q} WHERE ${where}(${ph})`, tuples.flat());
      }
      return;
    }
    if (c.insertMode === 'UPDATE') {
      if (values.length === 0) return;
      const set = values.map((v) => `${quoteIdent(v.name, quote)} = ?`).join(', ');
      const where =
        keys.length > 0 ? ` WHERE ${keys.map((k) => `${quoteIdent(k.name, quote)} = ?`).join(' AND ')}` : '';
      const sql = `UPDATE ${q} SET ${set}${where}`;
      for (const r of run.records)
        await this.exec(conn, sql, [...this.rowValues(values, r), ...this.rowValues(keys, r)]);
      return;
    }
    const cols = [...keys, ...values];
    if (cols.length === 0) return;
    const colList = cols.map((x) => quoteIdent(x.name, quote)).join(',');
    let suffix = '';
    if (c.insertMode === 'UPSERT') {
      const upd = (values.length > 0 ? values : keys)
        .map((x) => `${quoteIdent(x.name, quote)}=values(${quoteIdent(x.name, quote)})`)
        .join(',');
      suffix = ` on duplicate key update ${upd}`;
    }
    const head =
      c.insertMode === 'UPSERT' ? `insert into ${q}(${colList}) values` : `INSERT INTO ${q}(${colList}) VALUES`;
    const tuple = `(${cols.map(() => '?').join(',')})`;
    const maxRows = Math.max(1, Math.min(c.batchSize, Math.floor(MAX_PLACEHOLDERS / cols.length)));
    const budget = Math.floor(this.maxPacket * 0.8) - head.length - suffix.length - 64;
    let rows: unknown[][] = [];
    let bytes = 0;
    const flush = async () => {
      if (rows.length === 0) return;
      const sql = head + rows.map(() => tuple).join(',') + suffix;
      const params = rows.flat();
      rows = [];
      bytes = 0;
      await this.exec(conn, sql, params);
    };
    for (const r of run.records) {
      const vals = this.rowValues(cols, r);
      const size = estimate(vals);
      if (size > budget)
        throw new DataException(
          `Record at (topic='${r.topic}',partition=${r.kafkaPartition},offset=${r.kafkaOffset}) is larger than max_allowed_packet (${this.maxPacket} bytes)`,
        );
      if (rows.length >= maxRows || (rows.length > 0 && bytes + size > budget)) await flush();
      rows.push(vals);
      bytes += size;
    }
    await flush();
  }

  /** Writes the records durably (one transaction), retrying transient failures. */
  async write(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const runs = this.group(records);
    const c = this.config;
    for (let attempt = 0; ; attempt++) {
      let conn: Connection | null = null;
      try {
        if (this.closed) throw new ConnectException('MySQL writer is closed');
        conn = await this.connect();
        for (const run of runs) await this.ensureTable(conn, run);
        await conn.beginTransaction();
        for (const run of runs) await this.writeRun(conn, run);
        await conn.commit();
        return;
      } catch (e) {
        if (conn) await conn.rollback().catch(() => undefined);
        const err = e instanceof Error ? e : new Error(String(e));
        if (!isTransientError(err) || attempt >= c.maxRetries || this.closed) {
          if (isTransientError(err)) await this.dropConnection();
          throw err instanceof ConnectException
            ? err
            : new ConnectException(`Failed to write ${records.length} record(s) to MySQL: ${err.message}`, {
                cause: err,
              });
        }
        await this.dropConnection();
        this.tables.clear();
        this.hooks.onRetry?.(attempt + 1, err);
        await (this.hooks.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(c.retryBackoffMs);
      }
    }
  }
}

function estimate(vals: unknown[]): number {
  let n = 3;
  for (const v of vals) {
    if (v === null || v === undefined) n += 5;
    else if (typeof v === 'string') n += v.length * 3 + 3;
    else if (Buffer.isBuffer(v)) n += v.length * 2 + 4;
    else n += 24;
  }
  return n;
}

const stringSchema = SchemaBuilder.string().build();
const int32Schema = SchemaBuilder.int32().build();
const int64Schema = SchemaBuilder.int64().build();
