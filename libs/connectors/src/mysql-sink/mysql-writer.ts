// The MySQL sink's write path: records → per-table runs (same schemas, same operation, in order) →
// table created/evolved as needed (DDL before the transaction: MySQL commits DDL implicitly) →
// one transaction with multi-row INSERT / upsert statements (split below 65,535 placeholders and
// max_allowed_packet), batched DELETEs and per-row UPDATEs → COMMIT. Transient failures
// (connection lost/killed, deadlock, lock wait, server gone) roll back, reconnect and retry the
// whole put() batch after retry.backoff.ms, up to max.retries times.
import { isIP } from 'node:net';
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';
import { ConnectException, DataException, Struct, type SinkRecord } from '@libs/connect-spi';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';
import { FieldsMetadataCache, type Column, type FieldsMetadata } from './fields-metadata';
import { bindValue, qualifiedTable, quoteIdent } from './mysql-dialect';
import { isTransientError } from './mysql-errors';
import type { MySqlSinkConfig } from './mysql-sink-config';
import { TableStructure } from './table-structure';
import { socketNamedFor } from './tls-socket';

export const MAX_PLACEHOLDERS = 65_535;

interface Run {
  table: string;
  meta: FieldsMetadata;
  isDelete: boolean;
  records: SinkRecord[];
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
  private readonly tables: TableStructure;
  private readonly metadata: FieldsMetadataCache;
  /** Thread id of the current connection (tests kill it). */
  threadId: number | null = null;
  private closed = false;

  constructor(
    private readonly config: MySqlSinkConfig,
    private readonly hooks: WriterHooks = {},
  ) {
    this.tables = new TableStructure(config);
    this.metadata = new FieldsMetadataCache(config);
  }

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
      const meta = this.metadata.of(r, isDelete);
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
        for (const run of runs) await this.tables.ensure(conn, run.table, run.meta, run.isDelete);
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
