// The consistent initial snapshot (CDC.md §6.3): a REPEATABLE READ transaction importing the slot's
// exported snapshot, the captured tables locked IN ACCESS SHARE MODE (no DDL meanwhile), then every
// row as op=r read through a cursor in batches; `snapshot` marks first / first_in_data_collection /
// true / last_in_data_collection / last as Debezium does. The last record's offset says
// snapshot_completed, so a restart after it streams instead of snapshotting again.
import type { Client, QueryResult } from 'pg';
import type { SourceRecord } from '@libs/connect-spi';
import { changeRecords, snapshotBatchSize, snapshotMarker, snapshotSourceBlocks } from '../debezium';
import { compilePgTable, pgRowStruct, readPgTables, type PgCaptureScope, type PgCompiledTable } from './catalog';
import { lsnToNumber } from './lsn';
import { quoteIdent } from './pg-connection';
import { pgOffsetMap, pgSourcePartition } from './pg-offset';
import type { PostgresCdcConfig } from './postgres-cdc-config';
import { pgSourceValue } from './source-block';

export interface PgSnapshotStart {
  tables: PgCompiledTable[];
  lsn: number;
  txId: number | null;
}

/** Opens the snapshot transaction on `client` at the exported snapshot and reads the structures. */
export async function beginPgSnapshot(
  client: Client,
  c: PostgresCdcConfig,
  scope: PgCaptureScope,
  snapshotName: string,
  consistentPoint: string,
): Promise<PgSnapshotStart> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await client.query(`SET TRANSACTION SNAPSHOT '${snapshotName.replace(/'/g, "''")}'`);
  const defs = await readPgTables(client, scope);
  await client.query(`SET LOCAL lock_timeout = '10s'`);
  for (const d of defs)
    await client.query(`LOCK TABLE ${quoteIdent(d.schema)}.${quoteIdent(d.table)} IN ACCESS SHARE MODE`);
  const tx = await client.query<{ x: string }>('SELECT txid_snapshot_xmin(txid_current_snapshot())::text AS x');
  return {
    tables: defs.map((d) => compilePgTable(c, d)),
    lsn: lsnToNumber(consistentPoint),
    txId: tx.rows[0] ? Number(tx.rows[0].x) : null,
  };
}

export async function* pgSnapshotBatches(
  client: Client,
  c: PostgresCdcConfig,
  start: PgSnapshotStart,
): AsyncGenerator<SourceRecord[]> {
  const partition = pgSourcePartition(c.topicPrefix);
  const batchSize = snapshotBatchSize(c.maxBatchSize);
  const offset = (done: boolean) =>
    pgOffsetMap({
      lsn: start.lsn,
      lsnCommit: null,
      txId: start.txId,
      tsUsec: Date.now() * 1000,
      eventsProcessed: 0,
      snapshot: done ? null : 'INITIAL',
      snapshotCompleted: done,
    });
  const inProgress = offset(false); // every record's but the last: one map for the snapshot
  let batch: SourceRecord[] = [];
  let pending: { t: PgCompiledTable; row: Record<string, unknown>; firstInTable: boolean } | null = null;
  let first = true;
  const sourceBlock = snapshotSourceBlocks();
  const emit = (p: NonNullable<typeof pending>, lastInTable: boolean, last: boolean) => {
    const marker = snapshotMarker({ first, last, firstInTable: p.firstInTable, lastInTable });
    first = false;
    const now = Date.now();
    const source = sourceBlock(p.t, marker, now, () =>
      pgSourceValue({
        name: c.topicPrefix,
        tsMs: now,
        snapshot: marker,
        db: c.dbname,
        schema: p.t.def.schema,
        table: p.t.def.table,
        txId: start.txId,
        lsn: start.lsn,
        lastCommitLsn: null,
      }),
    );
    const after = pgRowStruct(p.t, p.row, c.unavailableValuePlaceholder);
    batch.push(
      ...changeRecords(
        p.t.schemas,
        { op: 'r', before: null, after, source },
        { partition, offset: last ? offset(true) : inProgress, tombstonesOnDelete: false, now },
      ),
    );
  };
  for (const t of start.tables) {
    const cols = t.def.columns.map((col) => quoteIdent(col.name)).join(', ');
    if (!cols) continue;
    await client.query(
      `DECLARE cdc_snapshot NO SCROLL CURSOR FOR SELECT ${cols} FROM ${quoteIdent(t.def.schema)}.${quoteIdent(t.def.table)}`,
    );
    let firstInTable = true;
    type Fetched = QueryResult<Record<string, unknown>>;
    // max.batch.size rows per FETCH, the next one asked for before these are emitted: the server
    // reads ahead while the runtime converts (its rejection is read at the await; a closed
    // snapshot's dropped connection must not be an unhandled one)
    const fetch = (): Promise<Fetched> => {
      const q = client.query<Record<string, unknown>>(`FETCH ${c.maxBatchSize} FROM cdc_snapshot`);
      q.catch(() => undefined);
      return q;
    };
    for (let next: Promise<Fetched> | null = fetch(); next !== null;) {
      const r: Fetched = await next;
      next = r.rows.length < c.maxBatchSize ? null : fetch();
      for (const row of r.rows) {
        if (pending) emit(pending, pending.t !== t, false);
        pending = { t, row, firstInTable };
        firstInTable = false;
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    await client.query('CLOSE cdc_snapshot');
  }
  if (pending) emit(pending, true, true);
  await client.query('COMMIT');
  if (batch.length > 0) yield batch;
}
