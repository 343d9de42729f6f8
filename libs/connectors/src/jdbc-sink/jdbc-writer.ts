// The JDBC sink's write path, dialect-neutral: records → checks (Confluent's record-shape errors) →
// per-table runs (same schemas, same operation, in order) → table created/evolved as needed (DDL
// before the transaction) → one transaction with multi-row INSERT / upsert statements (split below
// the dialect's placeholder limit and statement budget), batched DELETEs and per-row UPDATEs →
// COMMIT. Transient failures (connection lost/killed, deadlock, lock wait, server gone) roll back,
// reconnect and retry the whole put() batch after retry.backoff.ms, up to max.retries times.
import { ConnectException, DataException, Struct, type SinkRecord } from '@libs/connect-spi';
import { egressPolicy, type EgressPolicy } from '../egress/egress-policy';
import {
  JdbcConnectionException,
  type JdbcDialect,
  type JdbcSession,
  type TableColumns,
  type TableId,
} from './dialect';
import { FieldsMetadataCache, type Column, type FieldsMetadata } from './fields-metadata';
import type { JdbcSinkConfig } from './jdbc-sink-config';
import { TableStructure } from './table-structure';

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

export class JdbcWriter {
  private session: JdbcSession | null = null;
  private connecting: Promise<JdbcSession> | null = null;
  private readonly tables: TableStructure;
  private readonly metadata: FieldsMetadataCache;
  private closed = false;
  private statements = 0;

  constructor(
    protected readonly config: JdbcSinkConfig,
    protected readonly dialect: JdbcDialect,
    private readonly hooks: WriterHooks = {},
  ) {
    this.tables = new TableStructure(config, dialect);
    this.metadata = new FieldsMetadataCache(config);
  }

  /** Server-side id of the current connection (tests kill it). */
  get connectionId(): number | null {
    return this.session?.id ?? null;
  }

  // ───────────── connection ─────────────

  private async connect(): Promise<JdbcSession> {
    if (this.session && !this.session.broken) return this.session;
    if (this.session) this.dropConnection();
    if (this.connecting) return this.connecting;
    this.connecting = this.dialect.connect(this.hooks.policy ?? egressPolicy());
    try {
      this.session = await this.connecting;
      return this.session;
    } finally {
      this.connecting = null;
    }
  }

  private dropConnection(): void {
    const s = this.session;
    this.session = null;
    try {
      s?.destroy();
    } catch {
      // already gone
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = this.session;
    this.session = null;
    if (s) await s.end().catch(() => s.destroy());
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
    return cols.map((col) => this.dialect.bind(col, col.get(r)));
  }

  private async exec(session: JdbcSession, sql: string, params: unknown[]): Promise<void> {
    await session.query(sql, params);
    if (this.hooks.afterStatement) await this.hooks.afterStatement(++this.statements);
  }

  private async writeDeletes(session: JdbcSession, id: TableId, run: Run): Promise<void> {
    const { keys } = run.meta;
    if (keys.length === 0) throw new ConnectException('Deletes need key columns');
    const per = Math.max(1, Math.min(this.config.batchSize, Math.floor(this.dialect.maxPlaceholders / keys.length)));
    for (let i = 0; i < run.records.length; i += per) {
      const chunk = run.records.slice(i, i + per);
      const params = chunk.flatMap((r) => this.rowValues(keys, r));
      await this.exec(session, this.dialect.deleteSql(id, keys, chunk.length), params);
    }
  }

  private async writeUpdates(session: JdbcSession, id: TableId, run: Run, columns: TableColumns): Promise<void> {
    const { keys, values } = run.meta;
    if (values.length === 0) return;
    const sql = this.dialect.updateSql(id, keys, values, columns);
    for (const r of run.records)
      await this.exec(session, sql, [...this.rowValues(values, r), ...this.rowValues(keys, r)]);
  }

  private async writeInserts(session: JdbcSession, id: TableId, run: Run, columns: TableColumns): Promise<void> {
    const c = this.config;
    const { keys, values } = run.meta;
    const cols = [...keys, ...values];
    if (cols.length === 0) return;
    const maxRows = Math.max(1, Math.min(c.batchSize, Math.floor(this.dialect.maxPlaceholders / cols.length)));
    const budget = session.maxStatementBytes - 64 * cols.length - 256;
    const dedupe = c.insertMode === 'UPSERT' && this.dialect.uniqueKeysPerUpsert && keys.length > 0;
    let rows: unknown[][] = [];
    let byKey = new Map<string, number>();
    let bytes = 0;
    const flush = async () => {
      if (rows.length === 0) return;
      const batch = rows;
      rows = [];
      byKey = new Map();
      bytes = 0;
      await this.exec(session, this.dialect.insertSql(id, keys, values, batch.length, columns), batch.flat());
    };
    for (const r of run.records) {
      const vals = this.rowValues(cols, r);
      const size = estimate(vals);
      if (size > budget)
        throw new DataException(
          `Record at (topic='${r.topic}',partition=${r.kafkaPartition},offset=${r.kafkaOffset}) is larger than the statement limit (${session.maxStatementBytes} bytes)`,
        );
      if (dedupe) {
        // a later record for the same key replaces the earlier one in this statement (last wins,
        // as consecutive upserts would leave it)
        const k = keyOf(vals, keys.length);
        const at = byKey.get(k);
        if (at !== undefined) {
          rows[at] = vals;
          continue;
        }
      }
      if (rows.length >= maxRows || (rows.length > 0 && bytes + size > budget)) await flush();
      if (dedupe) byKey.set(keyOf(vals, keys.length), rows.length);
      rows.push(vals);
      bytes += size;
    }
    await flush();
  }

  private async writeRun(session: JdbcSession, run: Run, columns: TableColumns): Promise<void> {
    const id = this.dialect.tableId(run.table, session);
    if (run.isDelete) return this.writeDeletes(session, id, run);
    if (this.config.insertMode === 'UPDATE') return this.writeUpdates(session, id, run, columns);
    return this.writeInserts(session, id, run, columns);
  }

  /** Writes the records durably (one transaction), retrying transient failures. */
  async write(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const runs = this.group(records);
    const c = this.config;
    const d = this.dialect;
    for (let attempt = 0; ; attempt++) {
      let session: JdbcSession | null = null;
      let inTx = false;
      try {
        if (this.closed) throw new ConnectException(`${d.name} writer is closed`);
        session = await this.connect().catch((e: unknown) => {
          throw new ConnectionFailure(e);
        });
        const columns: TableColumns[] = [];
        for (const run of runs)
          columns.push(await this.tables.ensure(session, d.tableId(run.table, session), run.meta, run.isDelete));
        await session.begin();
        inTx = true;
        for (let i = 0; i < runs.length; i++) await this.writeRun(session, runs[i], columns[i]);
        await session.commit();
        return;
      } catch (e) {
        if (session && inTx) await session.rollback().catch(() => undefined);
        const connecting = e instanceof ConnectionFailure;
        const cause = connecting ? e.cause : e;
        const err = cause instanceof Error ? cause : new Error(String(cause));
        const transient = d.isTransientError(err);
        if (!transient || attempt >= c.maxRetries || this.closed) {
          if (transient) this.dropConnection();
          if (connecting)
            throw new JdbcConnectionException(`Could not connect to ${d.name}: ${err.message}`, { cause: err });
          throw err instanceof ConnectException
            ? err
            : new ConnectException(`Failed to write ${records.length} record(s) to ${d.name}: ${err.message}`, {
                cause: err,
              });
        }
        this.dropConnection();
        this.tables.clear();
        this.hooks.onRetry?.(attempt + 1, err);
        await (this.hooks.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(c.retryBackoffMs);
      }
    }
  }
}

/** Marks an error thrown while opening the connection (unwrapped before it leaves write()). */
class ConnectionFailure {
  constructor(readonly cause: unknown) {}
}

function keyOf(vals: unknown[], n: number): string {
  let k = '';
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    k += (Buffer.isBuffer(v) ? 'x' + v.toString('hex') : typeof v + ':' + String(v)) + '\u0000';
  }
  return k;
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
