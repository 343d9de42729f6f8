// The connector's source partition and offset (CDC.md §6.2, BinlogOffsetContext): file/pos of the
// transaction to restart from, `event`/`row` to skip inside it, the GTID set of completed
// transactions, `snapshot` while the initial snapshot runs, plus our `history` (the table
// structures as of this position, see schema-history.ts).
import type { SourceMap } from '@libs/connect-spi';
import type { HistoryOffset } from './schema-history';

export interface BinlogPosition {
  file: string;
  pos: number;
  gtids: string | null;
}

export interface BinlogOffset extends BinlogPosition {
  event: number;
  row: number;
  ts_sec: number;
  server_id: number;
  snapshot?: boolean;
  history: HistoryOffset;
}

export function sourcePartition(topicPrefix: string): SourceMap {
  return { server: topicPrefix };
}

export function offsetMap(o: BinlogOffset): SourceMap {
  // built field by field: one per change event, and conditional spreads are slow
  const m: Record<string, unknown> = { file: o.file, pos: o.pos };
  if (o.gtids) m.gtids = o.gtids;
  m.event = o.event;
  m.row = o.row;
  m.ts_sec = o.ts_sec;
  m.server_id = o.server_id;
  if (o.snapshot) m.snapshot = true;
  m.history = o.history;
  return m;
}

/** A stored offset, or null when absent or not ours. */
export function parseOffset(raw: SourceMap | null): (BinlogOffset & { historyRaw: unknown }) | null {
  if (!raw || typeof raw.file !== 'string' || raw.pos === undefined) return null;
  return {
    file: raw.file,
    pos: Number(raw.pos),
    gtids: typeof raw.gtids === 'string' ? raw.gtids : null,
    event: Number(raw.event ?? 0),
    row: Number(raw.row ?? 0),
    ts_sec: Number(raw.ts_sec ?? 0),
    server_id: Number(raw.server_id ?? 0),
    snapshot: raw.snapshot === true || raw.snapshot === 'true' || raw.snapshot === 'INITIAL',
    history: raw.history as HistoryOffset,
    historyRaw: raw.history,
  };
}
