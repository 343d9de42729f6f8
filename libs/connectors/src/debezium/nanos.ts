// ts_ns (an int64 beyond 2^53, so a bigint) from ts_ms. Consecutive events mostly share their
// millisecond: the last one's bigint is reused, not two bigint allocations per ts_ns field.
let lastMs = Number.NaN;
let lastNs = 0n;

export function nanosOfMillis(ms: number): bigint {
  if (ms !== lastMs) {
    lastNs = BigInt(ms) * 1_000_000n;
    lastMs = ms;
  }
  return lastNs;
}
