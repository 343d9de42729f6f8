// Avro `long` as Java reads it: the full 64-bit range. avsc's default long refuses values beyond
// Number.MAX_SAFE_INTEGER ("potential precision loss"), yet Kafka Connect int64 values routinely
// exceed it (Debezium's ts_ns, BIGINT columns). Safe values stay numbers; larger ones are bigints
// (the rule of int64Of in @libs/connect-spi, which this lib does not depend on).
import * as avro from 'avsc';

const toSafe = (n: bigint): number | bigint =>
  n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;

export const AVRO_LONG_64: avro.Type = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => toSafe(buf.readBigInt64LE()),
  toBuffer: (n: number | bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (v: unknown) => (typeof v === 'bigint' ? toSafe(v) : Number(v)),
  toJSON: (n: number | bigint) => (typeof n === 'bigint' ? Number(n) : n),
  isValid: (n: unknown) =>
    (typeof n === 'bigint' && n >= -(2n ** 63n) && n < 2n ** 63n) || (typeof n === 'number' && Number.isSafeInteger(n)),
  compare: (a: number | bigint, b: number | bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** A fresh avsc registry (named types are added per parse) with the 64-bit long. */
export function avroRegistry(): Record<string, avro.Type> {
  return { long: AVRO_LONG_64 };
}
