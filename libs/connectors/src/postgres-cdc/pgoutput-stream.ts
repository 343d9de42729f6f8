// Streaming from the slot with pgoutput (pg-logical-replication): messages are queued as they
// arrive and turned into change records by `take`. Each transaction's commit is remembered with
// the number of records emitted up to it; `flushableLsn(committed)` gives the commit-end LSN of
// the last transaction whose records are all durable, which the task acknowledges to the server
// (never what was merely received: the library's own acknowledgement is off).
import { LogicalReplicationService, PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';
import { ConnectException, type SourceRecord } from '@libs/connect-spi';
import { Fifo } from '../common/fifo';
import { changeRecords, type RowChange } from '../debezium';
import {
  compilePgTable,
  pgRowStruct,
  readPgTables,
  TEXT_PARSER,
  type PgCaptureScope,
  type PgCompiledTable,
} from './catalog';
import { lsnToNumber, numberToLsn } from './lsn';
import { openPgClient, pgClientConfig, type PgEndpoint } from './pg-connection';
import { pgOffsetMap, pgSourcePartition, type PgOffset } from './pg-offset';
import type { PostgresCdcConfig } from './postgres-cdc-config';
import { pgSourceValue } from './source-block';

type Queued = { lsn: string; msg: Pgoutput.Message };

interface OpenTx {
  xid: number;
  commitLsn: number;
  commitTimeUs: number;
  events: number;
}

export class PgoutputStream {
  private service: LogicalReplicationService | null = null;
  private readonly queue = new Fifo<Queued>();
  private paused = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private tx: OpenTx | null = null;
  private lastCommitLsn: number | null = null;
  private readonly tables = new Map<string, PgCompiledTable>();
  /** [records emitted up to the transaction's end, its commit-end LSN], oldest first. */
  private readonly txEnds = new Fifo<[number, number]>();
  private emitted = 0;
  private flushed: number;
  /** What the task last acknowledged (a keepalive's reply repeats it: never more than is stored). */
  private acked: number;

  constructor(
    private readonly c: PostgresCdcConfig,
    private readonly ep: PgEndpoint,
    private readonly scope: PgCaptureScope,
    /** The stored offset: events up to it were delivered before the restart. */
    private readonly resume: PgOffset | null,
    startLsn: number,
    private readonly maxQueued: number,
  ) {
    this.flushed = startLsn;
    this.acked = startLsn;
  }

  async start(tables: PgCompiledTable[]): Promise<void> {
    for (const t of tables) this.tables.set(`${t.def.schema}.${t.def.table}`, t);
    const svc = new LogicalReplicationService(
      { ...pgClientConfig(this.c, this.ep), replication: 'database' } as never,
      { acknowledge: { auto: false, timeoutSeconds: 0 } },
    );
    this.service = svc;
    svc.on('data', (lsn: string, msg: Pgoutput.Message) => {
      if (msg.tag === 'relation') for (const col of msg.columns) col.parser = TEXT_PARSER; // values stay text
      this.queue.push({ lsn, msg });
      if (this.queue.length >= this.maxQueued && !this.paused) this.setPaused(true);
      this.notify();
    });
    svc.on('heartbeat', (_lsn: string, _ts: number, shouldRespond: boolean) => {
      if (shouldRespond) void this.acknowledge(this.acked);
    });
    svc.on('error', (e: Error) => {
      this.failure ??= e;
      this.notify();
    });
    const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [this.c.publicationName] });
    svc.subscribe(plugin, this.c.slotName).catch((e: Error) => {
      this.failure ??= e;
      this.notify();
    });
  }

  /** Backpressure: stops reading the socket while too much is queued (the library has no API for it). */
  private setPaused(p: boolean): void {
    const stream = (this.service as unknown as { _connection?: { stream?: { pause(): void; resume(): void } } })
      ._connection?.stream;
    if (!stream) return;
    if (p) stream.pause();
    else stream.resume();
    this.paused = p;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Up to `max` records (fewer after `waitMs` without events). */
  async take(max: number, waitMs: number): Promise<SourceRecord[]> {
    const out: SourceRecord[] = [];
    const deadline = Date.now() + waitMs;
    while (out.length < max) {
      if (this.failure) throw new ConnectException(`Logical replication stream failed: ${this.failure.message}`);
      const next = this.queue.shift();
      if (!next) {
        if (this.paused) this.setPaused(false);
        if (out.length > 0) break;
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise<void>((res) => {
          this.wake = res;
          setTimeout(res, left);
        });
        continue;
      }
      await this.handle(next, out);
    }
    return out;
  }

  /** The commit-end LSN up to which every record is durable, given how many records the runtime committed. */
  flushableLsn(committedRecords: number): number {
    for (let t = this.txEnds.peek(); t && t[0] <= committedRecords; t = this.txEnds.peek()) {
      this.flushed = t[1];
      this.txEnds.shift();
    }
    return this.flushed;
  }

  /** Counts the records the task handed to the runtime (after its own transforms). */
  noteEmitted(n: number): void {
    this.emitted += n;
  }

  /** The highest LSN acknowledged to the server (the slot's start before any). */
  get acknowledged(): number {
    return this.acked;
  }

  async acknowledge(lsn: number): Promise<void> {
    this.acked = Math.max(this.acked, lsn);
    if (lsn > 0) await this.service?.acknowledge(numberToLsn(lsn)).catch(() => undefined);
  }

  private async handle({ lsn, msg }: Queued, out: SourceRecord[]): Promise<void> {
    switch (msg.tag) {
      case 'begin':
        this.tx = {
          xid: msg.xid,
          commitLsn: lsnToNumber(msg.commitLsn),
          commitTimeUs: Number(msg.commitTime),
          events: 0,
        };
        return;
      case 'commit': {
        const end = lsnToNumber(msg.commitEndLsn);
        this.lastCommitLsn = lsnToNumber(msg.commitLsn);
        // acknowledging L tells the server every transaction committed before L+1 is done
        this.txEnds.push([this.emitted + out.length, end - 1]);
        this.tx = null;
        return;
      }
      case 'relation':
        return this.onRelation(msg);
      case 'insert':
      case 'update':
      case 'delete':
        return this.onRow(lsn, msg, out);
      default:
        return; // truncate (skipped.operations=t by default), origin, type, message
    }
  }

  /** A relation whose columns differ from the compiled table: re-read its structure (schema change). */
  private async onRelation(rel: Pgoutput.MessageRelation): Promise<void> {
    const id = `${rel.schema}.${rel.name}`;
    const known = this.tables.get(id);
    const names = rel.columns.map((x) => x.name).filter((n) => this.scope.columns.matches(`${id}.${n}`));
    if (known && names.join(',') === known.def.columns.map((x) => x.name).join(',')) return;
    if (!this.scope.captures(rel.schema, rel.name)) return;
    const client = await openPgClient(this.c, this.ep);
    try {
      const def = (await readPgTables(client, this.scope)).find((t) => t.schema === rel.schema && t.table === rel.name);
      if (def) this.tables.set(id, compilePgTable(this.c, def));
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private onRow(
    lsn: string,
    msg: Pgoutput.MessageInsert | Pgoutput.MessageUpdate | Pgoutput.MessageDelete,
    out: SourceRecord[],
  ): void {
    const tx = this.tx;
    if (!tx) return;
    tx.events++;
    const r = this.resume;
    if (
      r &&
      r.lsnCommit !== null &&
      (tx.commitLsn < r.lsnCommit || (tx.commitLsn === r.lsnCommit && tx.events <= r.eventsProcessed))
    )
      return; // delivered before the restart
    const t = this.tables.get(`${msg.relation.schema}.${msg.relation.name}`);
    if (!t) return;
    const op = msg.tag === 'insert' ? 'c' : msg.tag === 'update' ? 'u' : 'd';
    if (this.c.skippedOperations.has(op)) return;
    const ph = this.c.unavailableValuePlaceholder;
    const oldRow = msg.tag === 'insert' ? null : (msg.old ?? msg.key);
    // REPLICA IDENTITY DEFAULT: deletes carry the key only (other fields null), updates no before
    const before = oldRow ? pgRowStruct(t, nullsFor(t, oldRow), ph) : null;
    const after = msg.tag === 'delete' ? null : pgRowStruct(t, msg.new, ph);
    const eventLsn = lsnToNumber(lsn);
    const source = pgSourceValue({
      name: this.c.topicPrefix,
      tsMs: Math.floor(tx.commitTimeUs / 1000),
      snapshot: null,
      db: this.c.dbname,
      schema: t.def.schema,
      table: t.def.table,
      txId: tx.xid,
      lsn: eventLsn,
      lastCommitLsn: this.lastCommitLsn,
    });
    const change: RowChange = { op, before, after, source };
    const offset = pgOffsetMap({
      lsn: eventLsn,
      lsnCommit: tx.commitLsn,
      txId: tx.xid,
      tsUsec: tx.commitTimeUs,
      eventsProcessed: tx.events,
      snapshot: null,
      snapshotCompleted: false,
    });
    out.push(
      ...changeRecords(t.schemas, change, {
        partition: pgSourcePartition(this.c.topicPrefix),
        offset,
        tombstonesOnDelete: this.c.tombstonesOnDelete,
        now: Date.now(),
      }),
    );
  }

  async stop(): Promise<void> {
    const s = this.service;
    this.service = null;
    this.notify();
    await s?.destroy().catch(() => undefined);
  }
}

/** A key-only old tuple: the columns pgoutput did not send are null, not "unavailable". */
function nullsFor(t: PgCompiledTable, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name } of t.columns) out[name] = row[name] === undefined ? null : row[name];
  return out;
}
