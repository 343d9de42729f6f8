// The connector's source partition and offset (CDC.md §6.3, PostgresOffsetContext). While
// streaming each record carries `lsn` (its event), `lsn_commit` (its transaction's commit LSN),
// `txId`, `ts_usec` and `lsn_events_processed` (events of that transaction already emitted), so a
// restart replaying the slot skips exactly what was already delivered. During the snapshot
// `snapshot: "INITIAL"`; the snapshot's last record says `snapshot_completed: true`.
import type { SourceMap } from '@libs/connect-spi';

export interface PgOffset {
  lsn: number;
  lsnCommit: number | null;
  txId: number | null;
  tsUsec: number;
  eventsProcessed: number;
  snapshot: 'INITIAL' | null;
  snapshotCompleted: boolean;
}

export function pgSourcePartition(topicPrefix: string): SourceMap {
  return { server: topicPrefix };
}

export function pgOffsetMap(o: PgOffset): SourceMap {
  return {
    lsn: o.lsn,
    ...(o.lsnCommit !== null ? { lsn_commit: o.lsnCommit, lsn_proc: o.lsn } : {}),
    ...(o.txId !== null ? { txId: o.txId } : {}),
    ts_usec: o.tsUsec,
    lsn_events_processed: o.eventsProcessed,
    ...(o.snapshot ? { snapshot: o.snapshot } : {}),
    ...(o.snapshotCompleted ? { snapshot_completed: true } : {}),
  };
}

export function parsePgOffset(raw: SourceMap | null): PgOffset | null {
  if (!raw || raw.lsn === undefined) return null;
  return {
    lsn: Number(raw.lsn),
    lsnCommit: raw.lsn_commit === undefined ? null : Number(raw.lsn_commit),
    txId: raw.txId === undefined ? null : Number(raw.txId),
    tsUsec: Number(raw.ts_usec ?? 0),
    eventsProcessed: Number(raw.lsn_events_processed ?? 0),
    snapshot: raw.snapshot === 'INITIAL' || raw.snapshot === true ? 'INITIAL' : null,
    snapshotCompleted: raw.snapshot_completed === true,
  };
}
