// Binlog streaming with @vlasky/zongji (a replica connection): row events of captured tables
// become Debezium change records (c/u/d + tombstones) stamped with the transaction's restart
// position; DDL refreshes the schema history; commits advance the offset and the GTID position.
// Rows are decoded with the history's columns (not today's INFORMATION_SCHEMA), so rows written
// before an ALTER decode right after a restart. Records queue here until poll() takes them; the
// replica connection pauses while the queue is full.
import ZongJi, {
  GtidSet,
  MariadbGtidPosition,
  type AnyBinlogEvent,
  type ColumnSchema,
  type TableMapEntry,
} from '@vlasky/zongji';
import { ConnectException, type SourceMap, type SourceRecord } from '@libs/connect-spi';
import { changeRecords, type RowChange } from '../debezium';
import { readTableDefs, type CaptureScope } from './catalog';
import { offsetMap, sourcePartition, type BinlogPosition } from './binlog-offset';
import { connectionOptions, openConnection, type ResolvedEndpoint } from './connection';
import type { MySqlCdcConfig } from './mysql-cdc-config';
import { rowStruct, type SchemaHistory } from './schema-history';
import { binlogSourceValue } from './source-block';

const DDL = /^\s*(?:\/\*.*?\*\/\s*)*(ALTER|CREATE|DROP|RENAME|TRUNCATE)\s/is;

interface Internals {
  _skipSchema(db: string, table: string): boolean;
  _fetchTableInfo(
    ev: { tableId: number; schemaName: string; tableName: string; columnCount: number },
    next: () => void,
  ): void;
  tableMap: Record<number, TableMapEntry>;
  connection: { pause(): void; resume(): void } | null;
}

export interface StreamStart {
  file: string;
  pos: number;
  gtids: string | null;
  /** Row events / rows of the first transaction already emitted before a restart. */
  skipEvents: number;
  skipRows: number;
}

export class BinlogStream {
  private zj: ZongJi | null = null;
  private queue: SourceRecord[] = [];
  private error: Error | null = null;
  private paused = false;
  private waiter: (() => void) | null = null;
  private readonly partition: SourceMap;
  // position bookkeeping
  private file: string;
  private lastPos: number;
  private tx: { file: string; pos: number; gtidsBefore: string | null; rowEvents: number } | null = null;
  private gtid: string | null = null;
  private eventServerId = 0;
  private gtidPos: MariadbGtidPosition | null;
  private gtidText: string | null;
  private skip: { events: number; rows: number } | null;
  /** The position after the last whole transaction; its offset map is built when asked for. */
  private committed: BinlogPosition;
  private committedOffset: SourceMap | null = null;

  constructor(
    private readonly c: MySqlCdcConfig,
    private readonly ep: ResolvedEndpoint,
    private readonly scope: CaptureScope,
    private readonly history: SchemaHistory,
    start: StreamStart,
    private readonly maxQueued: number,
  ) {
    this.partition = sourcePartition(c.topicPrefix);
    this.file = start.file;
    this.lastPos = start.pos;
    this.gtidText = start.gtids;
    this.gtidPos =
      c.flavor === 'mariadb' || /^\d+-\d+-\d+/.test(start.gtids ?? '')
        ? MariadbGtidPosition.parse(start.gtids ?? '')
        : null;
    this.skip = start.skipEvents > 0 || start.skipRows > 0 ? { events: start.skipEvents, rows: start.skipRows } : null;
    this.committed = { file: start.file, pos: start.pos, gtids: start.gtids };
  }

  /** The offset of the last committed position (heartbeats carry it). */
  get currentOffset(): SourceMap {
    const c = this.committed;
    return (this.committedOffset ??= this.offset(c.file, c.pos, 0, 0, c.gtids));
  }

  start(): void {
    const zj = new ZongJi(connectionOptions(this.c, this.ep));
    this.zj = zj;
    const internals = zj as unknown as Internals;
    // zongji 0.9 internals, overridden so captured tables decode with the schema history and
    // other tables are never looked up
    internals._skipSchema = (db, table) => !this.scope.capturesTable(db, table);
    const fetch = internals._fetchTableInfo.bind(zj);
    internals._fetchTableInfo = (ev, next) => {
      const def = this.history.def(ev.schemaName, ev.tableName);
      if (!def || def.columns.length !== ev.columnCount) return fetch(ev, next);
      internals.tableMap[ev.tableId] = {
        columnSchemas: def.columns.map((col): ColumnSchema => ({
          COLUMN_NAME: col.name,
          COLLATION_NAME: col.collation,
          CHARACTER_SET_NAME: col.charset,
          COLUMN_COMMENT: '',
          COLUMN_TYPE: col.columnType,
        })),
        parentSchema: ev.schemaName,
        tableName: ev.tableName,
      };
      next();
    };
    zj.on('binlog', (e: AnyBinlogEvent) => {
      try {
        this.onEvent(e);
      } catch (err) {
        this.fail(err as Error);
      }
    });
    zj.on('error', (err: Error) => this.fail(err));
    zj.start({
      serverId: this.c.serverId,
      filename: this.file,
      position: this.lastPos,
      includeEvents: [
        'rotate',
        'tablemap',
        'writerows',
        'updaterows',
        'deleterows',
        'xid',
        'query',
        'gtid',
        'mariadbgtid',
        'heartbeat',
      ],
    });
  }

  /** Up to `max` queued records, waiting at most `waitMs` for the first; throws a stream failure. */
  async take(max: number, waitMs: number): Promise<SourceRecord[]> {
    if (this.error) throw this.error;
    if (this.queue.length === 0 && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.waiter = null;
          resolve();
        }, waitMs);
        this.waiter = () => {
          clearTimeout(t);
          this.waiter = null;
          resolve();
        };
      });
      if (this.error) throw this.error;
    }
    const out = this.queue.length <= max ? this.queue : this.queue.slice(0, max);
    this.queue = this.queue.length <= max ? [] : this.queue.slice(max);
    if (this.paused && this.queue.length < this.maxQueued / 2) {
      this.paused = false;
      (this.zj as unknown as Internals | null)?.connection?.resume();
    }
    return out;
  }

  stop(): void {
    const zj = this.zj;
    this.zj = null;
    try {
      zj?.stop();
    } catch {
      // already closed
    }
    this.waiter?.();
  }

  private fail(err: Error): void {
    this.error ??= new ConnectException(`Binlog streaming failed: ${err.message}`, { cause: err });
    this.waiter?.();
  }

  private push(records: SourceRecord[]): void {
    if (records.length === 0) return;
    for (const r of records) this.queue.push(r);
    this.waiter?.();
    if (!this.paused && this.queue.length >= this.maxQueued) {
      this.paused = true;
      (this.zj as unknown as Internals | null)?.connection?.pause();
    }
  }

  private offset(file: string, pos: number, event: number, row: number, gtids: string | null): SourceMap {
    return offsetMap({
      file,
      pos,
      gtids,
      event,
      row,
      ts_sec: Math.floor(Date.now() / 1000),
      server_id: this.eventServerId,
      history: this.history.offset,
    });
  }

  private advance(e: AnyBinlogEvent): void {
    if (e.nextPosition > 0) this.lastPos = e.nextPosition;
  }

  private beginTx(gtid: string | null): void {
    this.tx = { file: this.file, pos: this.lastPos, gtidsBefore: this.gtidText, rowEvents: 0 };
    this.gtid = gtid;
  }

  private commitTx(e: AnyBinlogEvent): void {
    this.advance(e);
    if (this.gtid) {
      // the server decides the GTID form (MySqlCdcSourceV2 may read a MariaDB server)
      if (!this.gtidPos && /^\d+-\d+-\d+$/.test(this.gtid)) this.gtidPos = MariadbGtidPosition.parse('');
      if (this.gtidPos) {
        const [d, s, n] = this.gtid.split('-');
        this.gtidPos.add({ domainId: Number(d), serverId: Number(s), seqNo: n! });
        this.gtidText = this.gtidPos.toString();
      } else {
        const set = GtidSet.parse(this.gtidText ?? '');
        set.add(this.gtid);
        this.gtidText = set.toString();
      }
    }
    this.tx = null;
    this.gtid = null;
    this.skip = null;
    // one per transaction, captured or not: the map waits until a heartbeat asks for it
    this.committed = { file: this.file, pos: this.lastPos, gtids: this.gtidText };
    this.committedOffset = null;
  }

  private onEvent(e: AnyBinlogEvent): void {
    switch (e.getEventName()) {
      case 'rotate': {
        const r = e as Extract<AnyBinlogEvent, { getEventName(): 'rotate' }>;
        this.file = r.binlogName;
        this.lastPos = r.position;
        return;
      }
      case 'mariadbgtid': {
        const g = e as Extract<AnyBinlogEvent, { getEventName(): 'mariadbgtid' }>;
        this.eventServerId = g.serverId;
        this.beginTx(g.gtid);
        this.advance(e);
        return;
      }
      case 'gtid': {
        const g = e as Extract<AnyBinlogEvent, { getEventName(): 'gtid' }>;
        this.beginTx(g.gtid);
        this.advance(e);
        return;
      }
      case 'query': {
        const q = e as Extract<AnyBinlogEvent, { getEventName(): 'query' }>;
        const sql = q.query.trim();
        if (/^BEGIN$/i.test(sql)) {
          if (!this.tx) this.beginTx(null);
          this.advance(e);
          return;
        }
        if (/^COMMIT$/i.test(sql)) return this.commitTx(e);
        if (DDL.test(sql)) {
          // the replica connection waits (nothing after the DDL is decoded) until the structures are read
          (this.zj as unknown as Internals | null)?.connection?.pause();
          void this.refreshHistory(e);
          return;
        }
        // other statements: a standalone one moves the position; inside a transaction, nothing
        if (!this.tx) this.advance(e);
        return;
      }
      case 'xid':
        return this.commitTx(e);
      case 'writerows':
      case 'updaterows':
      case 'deleterows':
        return this.onRows(e as Extract<AnyBinlogEvent, { getEventName(): 'writerows' | 'updaterows' | 'deleterows' }>);
      default:
        this.advance(e);
    }
  }

  /**
   * A DDL statement: the captured tables' structures are read again (the replica connection waits
   * meanwhile so no row of the altered table is decoded with the old columns).
   */
  private async refreshHistory(e: AnyBinlogEvent): Promise<void> {
    const conn = (this.zj as unknown as Internals | null)?.connection;
    try {
      const db = await openConnection(this.c, this.ep);
      try {
        this.history.replace(await readTableDefs(db, this.scope));
      } finally {
        await db.end().catch(() => undefined);
      }
      this.commitTx(e);
    } catch (err) {
      this.fail(err as Error);
    } finally {
      if (!this.paused) conn?.resume();
    }
  }

  private onRows(e: Extract<AnyBinlogEvent, { getEventName(): 'writerows' | 'updaterows' | 'deleterows' }>): void {
    if (!this.tx) this.beginTx(e.gtid ?? null);
    const tx = this.tx!;
    const eventIndex = tx.rowEvents++;
    const entry = e.tableMap[e.tableId];
    if (!entry) return;
    const t = this.history.table(entry.parentSchema, entry.tableName);
    if (!t) return;
    const name = e.getEventName();
    const op: RowChange['op'] = name === 'writerows' ? 'c' : name === 'updaterows' ? 'u' : 'd';
    if (this.c.skippedOperations.has(op)) return;
    let firstRow = 0;
    if (this.skip) {
      if (eventIndex < this.skip.events) return;
      if (eventIndex === this.skip.events) firstRow = this.skip.rows;
    }
    const out: SourceRecord[] = [];
    const now = Date.now();
    for (let i = firstRow; i < e.rows.length; i++) {
      const raw = e.rows[i] as
        Record<string, unknown> | { before: Record<string, unknown>; after: Record<string, unknown> };
      const before =
        op === 'c'
          ? null
          : rowStruct(
              t,
              op === 'u' ? (raw as { before: Record<string, unknown> }).before : (raw as Record<string, unknown>),
            );
      const after =
        op === 'd'
          ? null
          : rowStruct(
              t,
              op === 'u' ? (raw as { after: Record<string, unknown> }).after : (raw as Record<string, unknown>),
            );
      const source = binlogSourceValue({
        flavor: this.c.flavor,
        name: this.c.topicPrefix,
        tsMs: e.timestamp,
        snapshot: null,
        db: t.def.db,
        table: t.def.table,
        serverId: this.eventServerId,
        gtid: this.gtid,
        file: tx.file,
        pos: tx.pos,
        row: i,
        thread: null,
      });
      const offset = this.offset(tx.file, tx.pos, eventIndex, i + 1, tx.gtidsBefore);
      out.push(
        ...changeRecords(
          t.schemas,
          { op, before, after, source },
          {
            partition: this.partition,
            offset,
            tombstonesOnDelete: this.c.tombstonesOnDelete,
            now,
          },
        ),
      );
    }
    this.push(out);
  }
}
