// The consistent initial snapshot (CDC.md §6.1, BinlogSnapshotChangeEventSource): REPEATABLE READ,
// FLUSH TABLES WITH READ LOCK (minimal: only while the position and structures are read;
// extended: until the end), START TRANSACTION WITH CONSISTENT SNAPSHOT, the binlog position and
// GTID position, the captured tables' structures, then every row as op=r stamped with that
// position, streamed table by table in batches (a 1M-row table never sits in memory).
import type { Connection } from 'mysql2/promise';
import { ConnectException, type SourceRecord } from '@libs/connect-spi';
import { changeRecords, snapshotMarker, snapshotSourceBlocks } from '../debezium';
import { readTableDefs, type CaptureScope } from './catalog';
import { offsetMap, sourcePartition, type BinlogPosition } from './binlog-offset';
import type { MySqlCdcConfig } from './mysql-cdc-config';
import { RowPump } from './row-pump';
import { SchemaHistory, rowStruct, type CompiledTable } from './schema-history';
import { binlogSourceValue } from './source-block';

export interface SnapshotStart {
  position: BinlogPosition;
  history: SchemaHistory;
  serverId: number;
}

/** Reads the current binlog coordinates (file/pos and the MariaDB/MySQL GTID position). */
export async function currentPosition(conn: Connection, flavor: 'mysql' | 'mariadb'): Promise<BinlogPosition> {
  const [rows] = await conn.query('SHOW MASTER STATUS');
  const r = (rows as Record<string, unknown>[])[0];
  if (!r) throw new ConnectException('The database server has no binary log (log_bin is OFF): enable it for CDC');
  let gtids: string | null;
  if (flavor === 'mariadb' || r['Executed_Gtid_Set'] === undefined) {
    const [g] = await conn.query('SELECT @@GLOBAL.gtid_binlog_pos AS g');
    gtids = String((g as { g: string }[])[0]?.g ?? '') || null;
  } else gtids = String(r['Executed_Gtid_Set'] ?? '').replace(/\s+/g, '') || null;
  return { file: String(r['File']), pos: Number(r['Position']), gtids };
}

/**
 * Takes the snapshot's locks and transaction on `conn` and returns where streaming continues; the
 * rows are then read by `snapshotBatches` inside the same transaction.
 */
export async function beginSnapshot(conn: Connection, c: MySqlCdcConfig, scope: CaptureScope): Promise<SnapshotStart> {
  await conn.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await conn.query(`SET SESSION lock_wait_timeout = ${Math.max(1, Math.ceil(c.snapshotLockTimeoutMs / 1000))}`);
  let locked = false;
  if (c.snapshotLockingMode !== 'none') {
    try {
      await conn.query('FLUSH TABLES WITH READ LOCK');
      locked = true;
    } catch (e) {
      throw new ConnectException(
        `The snapshot could not take the global read lock (FLUSH TABLES WITH READ LOCK needs the RELOAD grant): ${(e as Error).message}. ` +
          'Grant RELOAD to database.user, or set snapshot.locking.mode=none if no DDL runs during the snapshot.',
      );
    }
  }
  await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
  const position = await currentPosition(conn, c.flavor);
  const [sid] = await conn.query('SELECT @@GLOBAL.server_id AS s');
  const tables = await readTableDefs(conn, scope);
  if (locked && c.snapshotLockingMode === 'minimal') await conn.query('UNLOCK TABLES');
  return {
    position,
    history: new SchemaHistory(c, scope, tables),
    serverId: Number((sid as { s: number }[])[0]?.s ?? 0),
  };
}

const q = (id: string) => '`' + id.replace(/`/g, '``') + '`';

const isGeometry = (col: { dataType: string }): boolean =>
  /geometry|point|linestring|polygon|geomcollection/.test(col.dataType);

/** SELECT list: geometry columns as their WKB + SRID (Debezium's Geometry struct). */
function selectList(t: CompiledTable): string {
  return t.def.columns
    .map((col) =>
      isGeometry(col)
        ? `ST_AsWKB(${q(col.name)}) AS ${q(col.name)}, ST_SRID(${q(col.name)}) AS ${q('__srid_' + col.name)}`
        : q(col.name),
    )
    .join(', ');
}

/**
 * The snapshot's records in batches of at most `batchSize`: for each captured table `SELECT` in the
 * snapshot transaction; `snapshot` marks first / first_in_data_collection / true /
 * last_in_data_collection / last as Debezium does (one row of look-ahead). The last record's offset
 * no longer says `snapshot`, so a restart after it streams instead of snapshotting again.
 */
export async function* snapshotBatches(
  conn: Connection,
  c: MySqlCdcConfig,
  start: SnapshotStart,
  batchSize: number,
): AsyncGenerator<SourceRecord[]> {
  const partition = sourcePartition(c.topicPrefix);
  const base = { ...start.position, event: 0, row: 0, server_id: 0, history: start.history.offset };
  const inProgress = offsetMap({ ...base, ts_sec: Math.floor(Date.now() / 1000), snapshot: true });
  const keys = [...start.history.offset.tables].map((t) => [t.db, t.table] as const);
  let batch: SourceRecord[] = [];
  let pending: { t: CompiledTable; row: Record<string, unknown>; firstInTable: boolean } | null = null;
  let first = true;
  const sourceBlock = snapshotSourceBlocks();
  const emit = (p: NonNullable<typeof pending>, lastInTable: boolean, last: boolean) => {
    const marker = snapshotMarker({ first, last, firstInTable: p.firstInTable, lastInTable });
    first = false;
    const now = Date.now();
    const after = rowStruct(p.t, p.row);
    const source = sourceBlock(p.t, marker, now, () =>
      binlogSourceValue({
        flavor: c.flavor,
        name: c.topicPrefix,
        tsMs: now,
        snapshot: marker,
        db: p.t.def.db,
        table: p.t.def.table,
        serverId: 0,
        gtid: null,
        file: start.position.file,
        pos: start.position.pos,
        row: 0,
        thread: null,
      }),
    );
    const offset = last ? offsetMap({ ...base, ts_sec: Math.floor(now / 1000) }) : inProgress;
    batch.push(
      ...changeRecords(
        p.t.schemas,
        { op: 'r', before: null, after, source },
        {
          partition,
          offset,
          tombstonesOnDelete: false,
          now,
        },
      ),
    );
  };
  for (let i = 0; i < keys.length; i++) {
    const [db, table] = keys[i]!;
    const t = start.history.table(db, table);
    if (!t) continue;
    const pump = new RowPump(conn, `SELECT ${selectList(t)} FROM ${q(db)}.${q(table)}`, 2 * batchSize);
    let firstInTable = true;
    const geometry = t.def.columns.filter(isGeometry).map((col) => col.name);
    for (let rows = await pump.take(); rows !== null; rows = await pump.take()) {
      for (const raw of rows) {
        const row = geometry.length > 0 ? withGeometry(geometry, raw) : raw;
        if (pending) emit(pending, pending.t !== t, false);
        pending = { t, row, firstInTable };
        firstInTable = false;
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (pending) emit(pending, true, true);
  await conn.query('COMMIT');
  await conn.query('UNLOCK TABLES').catch(() => undefined);
  if (batch.length > 0) yield batch;
}

/** The geometry columns' WKB and SRID as one value (Debezium's Geometry struct). */
function withGeometry(columns: readonly string[], row: Record<string, unknown>): Record<string, unknown> {
  for (const name of columns) {
    const wkb = row[name];
    const srid = row['__srid_' + name];
    row[name] = wkb === null ? null : { wkb, srid: srid === null || srid === undefined ? null : Number(srid) };
  }
  return row;
}
