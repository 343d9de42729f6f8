// The incremental clause of each mode and its parameters, as Confluent's
// TimestampIncrementingCriteria writes them (JDBC-SOURCE.md §3), appended to `SELECT * FROM <table>`
// or to the user's query.
import type { SourceDialect } from './dialect';
import type { Mode } from './jdbc-source-config';
import type { QuerierOffset } from './offsets';

export interface CriteriaColumns {
  timestamp: string[];
  incrementing: string | null;
  /** The first timestamp column is zoned (MySQL TIMESTAMP, timestamptz): bound as UTC. */
  timestampZoned: boolean;
}

/** The WHERE … ORDER BY text for `mode` ('' for bulk). */
export function clauseFor(mode: Mode, d: SourceDialect, cols: CriteriaColumns): string {
  const ts =
    cols.timestamp.length === 1
      ? d.quote(cols.timestamp[0]!)
      : `COALESCE(${cols.timestamp.map((c) => d.quote(c)).join(',')})`;
  const inc = cols.incrementing ? d.quote(cols.incrementing) : '';
  const p = (i: number) => d.placeholder(i);
  switch (mode) {
    case 'bulk':
      return '';
    case 'incrementing':
      return ` WHERE ${inc} > ${p(1)} ORDER BY ${inc} ASC`;
    case 'timestamp':
      return ` WHERE ${ts} > ${p(1)} AND ${ts} < ${p(2)} ORDER BY ${ts} ASC`;
    case 'timestamp+incrementing':
      return ` WHERE ${ts} < ${p(1)} AND ((${ts} = ${p(2)} AND ${inc} > ${p(3)}) OR ${ts} > ${p(4)}) ORDER BY ${ts},${inc} ASC`;
  }
}

/** The clause's parameters: the offset's values and the upper bound (DB now − delay, epoch µs). */
export function paramsFor(
  mode: Mode,
  d: SourceDialect,
  cols: CriteriaColumns,
  offset: QuerierOffset,
  upperMicros: bigint,
): unknown[] {
  const inc = String(offset.inc ?? -1n);
  const ts = () => d.bindTimestamp((offset.tsNanos ?? 0n) / 1000n, cols.timestampZoned);
  const upper = () => d.bindTimestamp(upperMicros, cols.timestampZoned);
  switch (mode) {
    case 'bulk':
      return [];
    case 'incrementing':
      return [inc];
    case 'timestamp':
      return [ts(), upper()];
    case 'timestamp+incrementing':
      return [upper(), ts(), inc, ts()];
  }
}
