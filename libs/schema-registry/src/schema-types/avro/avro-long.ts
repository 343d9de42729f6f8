// Avro `long` as Java reads it: the full 64-bit range. avsc's default long refuses values beyond
// Number.MAX_SAFE_INTEGER ("potential precision loss"), yet Kafka Connect int64 values routinely
// exceed it (Debezium's ts_ns, BIGINT columns). Safe values stay numbers; larger ones are bigints
// (the rule of int64Of in @libs/connect-spi, which this lib does not depend on).
import * as avro from 'avsc';

const toSafe = (n: bigint): number | bigint =>
  n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;

const STOCK_LONG_64: avro.Type = avro.types.LongType.__with({
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

/** avsc's Tap, as far as the fast paths below use it. */
interface Tap {
  buf: Buffer;
  pos: number;
  writeLong(n: number): void;
  readLong(): number;
}

const MIN_64 = -(2n ** 63n);
const MAX_64 = 2n ** 63n - 1n;

/** writeBigLong's last value and its varint bytes. */
let lastBig: bigint | null = null;
const lastBytes = new Uint8Array(10);
let lastLength = 0;

/**
 * A bigint as Avro's zig-zag varint, written as avsc's Tap writes: a byte past the buffer's end is
 * dropped but `pos` still moves, and avsc then encodes again into a larger buffer.
 */
function writeBigLong(tap: Tap, n: bigint): void {
  // the last value's bytes are kept: a CDC event's two ts_ns mostly repeat the previous event's
  if (n !== lastBig) {
    const zz = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
    let lo = Number(zz & 0xffffffffn);
    let hi = Number(zz >> 32n);
    lastLength = 0;
    while (hi !== 0 || lo > 0x7f) {
      lastBytes[lastLength++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | ((hi & 0x7f) << 25)) >>> 0;
      hi >>>= 7;
    }
    lastBytes[lastLength++] = lo;
    lastBig = n;
  }
  for (let i = 0; i < lastLength; i++) tap.buf[tap.pos++] = lastBytes[i]!;
}

/** A varint of more than 7 bytes (beyond 2^48 after zig-zag) read as a bigint. */
function readBigLong(tap: Tap): number | bigint {
  let zz = 0n;
  let shift = 0n;
  for (;;) {
    const b = tap.buf[tap.pos++]!;
    zz |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0 || shift >= 70n) break;
  }
  return toSafe(BigInt.asIntN(64, (zz >> 1n) ^ -(zz & 1n)));
}

// avsc's long types encode through an 8-byte buffer per value (toBuffer, then packLongBytes): a
// Buffer allocation for every long of every record, the larger part of a CDC event's Avro cost
// (ts_ms/us/ns twice per event). Numbers go straight through the Tap's own varint instead; only
// values that are bigints (beyond 2^53) take the bigint path. Same bytes on the wire.
// avsc freezes its types: the fast paths live on an object that inherits everything else.
const slowWrite = (STOCK_LONG_64 as unknown as { _write(tap: Tap, v: unknown): void })._write.bind(STOCK_LONG_64);
export const AVRO_LONG_64: avro.Type = Object.create(STOCK_LONG_64, {
  _write: {
    value: (tap: Tap, v: unknown): void => {
      // the Tap's float arithmetic is exact up to 2^52 (beyond, 2n+1 is not a double)
      if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 52) && v <= 2 ** 52) tap.writeLong(v);
      else if (typeof v === 'number' && Number.isSafeInteger(v)) writeBigLong(tap, BigInt(v));
      else if (typeof v === 'bigint' && v >= MIN_64 && v <= MAX_64) writeBigLong(tap, v);
      else slowWrite(tap, v); // avsc's own error for an invalid value
    },
  },
  _read: {
    value: (tap: Tap): number | bigint => {
      // up to 7 varint bytes hold 49 bits: the zig-zag of a safe integer, which avsc reads exactly
      const buf = tap.buf;
      let end = tap.pos;
      while (end - tap.pos < 7 && (buf[end]! & 0x80) !== 0) end++;
      return end - tap.pos < 7 ? tap.readLong() : readBigLong(tap);
    },
  },
}) as avro.Type;
