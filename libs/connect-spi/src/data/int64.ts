// Connect's INT64 (a Java long) in JS: a `number` while it is exact (|v| ≤ 2^53 − 1), a `bigint`
// beyond. Every path that reads an int64 from text, bytes or a bigint goes through `int64Of`, so
// values like a BIGINT key 2^53 + 1 or Long.MIN_VALUE are never rounded through a double.

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer as Connect carries an int64: a number when exact, otherwise the bigint itself. */
export function int64Of(n: bigint): number | bigint {
  return n >= SAFE_MIN && n <= SAFE_MAX ? Number(n) : n;
}

/** Integer text (a JSON number, a driver's BIGINT string) as an int64 value; no range check. */
export function int64FromText(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** Java's (long) on a 64-bit two's-complement pattern: BIGINT UNSIGNED 2^64 − 1 is −1. */
export function int64Wrapped(n: bigint): number | bigint {
  return int64Of(BigInt.asIntN(64, n));
}

/** Whether a value is a Java long: an integral number within ±2^63, or a bigint within the range. */
export function isInt64(v: unknown): v is number | bigint {
  if (typeof v === 'bigint') return v >= INT64_MIN && v <= INT64_MAX;
  return typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63;
}
