// Source partitions and offsets as Confluent's JDBC source writes them (JDBC-SOURCE.md §5):
// partition {"protocol":"1","table":"<schema>.<table>"} (legacy {"table":"<table>"} read as a
// fallback) or {"query":"query"}; offset {"incrementing": <long>, "timestamp": <epoch ms>,
// "timestamp_nanos": <nanos of the second>} with only the keys the mode uses.
import { ConnectException, type SourceMap } from '@libs/connect-spi';
import type { Mode } from './jdbc-source-config';

/** Where a querier is: the last incrementing value and the last timestamp (epoch nanoseconds). */
export interface QuerierOffset {
  inc: bigint | null;
  tsNanos: bigint | null;
}

export const tablePartition = (fq: string): SourceMap => ({ protocol: '1', table: fq });
export const legacyTablePartition = (name: string): SourceMap => ({ table: name });
export const QUERY_PARTITION: SourceMap = { query: 'query' };

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

export function offsetFromMap(m: SourceMap | null): QuerierOffset {
  if (!m) return { inc: null, tsNanos: null };
  const inc = m.incrementing === undefined || m.incrementing === null ? null : BigInt(String(m.incrementing));
  let tsNanos: bigint | null = null;
  if (m.timestamp !== undefined && m.timestamp !== null) {
    const ms = BigInt(String(m.timestamp));
    tsNanos =
      m.timestamp_nanos === undefined || m.timestamp_nanos === null
        ? ms * 1_000_000n
        : floorDiv(ms, 1000n) * 1_000_000_000n + BigInt(String(m.timestamp_nanos));
  }
  return { inc, tsNanos };
}

function long(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    throw new ConnectException(`${what} ${v} is beyond 2^53, which the offset store cannot keep exactly`);
  return Number(v);
}

export function offsetToMap(o: QuerierOffset, mode: Mode): SourceMap | null {
  if (mode === 'bulk') return null;
  const out: Record<string, number> = {};
  if (mode !== 'timestamp') out.incrementing = long(o.inc ?? -1n, 'Incrementing value');
  if (mode !== 'incrementing') {
    const n = o.tsNanos ?? 0n;
    out.timestamp = long(floorDiv(n, 1_000_000n), 'Timestamp');
    out.timestamp_nanos = Number(n - floorDiv(n, 1_000_000_000n) * 1_000_000_000n);
  }
  return out;
}
