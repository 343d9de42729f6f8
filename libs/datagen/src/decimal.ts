import type { Rng } from './prng';

/**
 * Avro `decimal` values as their big-endian two's-complement unscaled bytes.
 * Deviation from the reference generator, on purpose: a `range` is honoured (the reference ignores it and
 * draws over the whole precision with a random sign, which gives PURCHASES negative prices).
 */
export interface DecimalSpec {
  precision: number;
  scale: number;
  /** fixed size in bytes; undefined for `bytes` */
  size?: number;
  range?: { min?: number; max?: number };
}

export function decimalGenerator(spec: DecimalSpec): (rng: Rng) => Buffer {
  const { precision, scale } = spec;
  if (!Number.isInteger(precision) || precision < 1) throw new Error('decimal precision must be a positive integer');
  if (!Number.isInteger(scale) || scale < 0 || scale > precision)
    throw new Error('decimal scale must be in [0, precision]');
  const limit = 10n ** BigInt(precision); // |unscaled| < limit
  let lo = -limit + 1n;
  let hi = limit; // exclusive
  if (spec.range) {
    const factor = 10 ** scale;
    if (spec.range.min !== undefined) lo = maxBig(lo, BigInt(Math.ceil(spec.range.min * factor)));
    if (spec.range.max !== undefined) hi = minBig(hi, BigInt(Math.ceil(spec.range.max * factor)));
    if (lo >= hi) throw new Error('decimal range is empty at this precision and scale');
  }
  const span = hi - lo;
  const small = span <= BigInt(Number.MAX_SAFE_INTEGER);
  return (rng) => {
    const unscaled = small ? lo + BigInt(rng.below(Number(span))) : lo + randomBigBelow(rng, span);
    return toTwosComplement(unscaled, spec.size);
  };
}

function randomBigBelow(rng: Rng, n: bigint): bigint {
  const bits = n.toString(2).length + 64; // extra bits keep the modulo bias negligible
  let r = 0n;
  for (let b = 0; b < bits; b += 32) r = (r << 32n) | BigInt(rng.nextU32());
  return r % n;
}

/** Minimal big-endian two's complement (Java BigInteger.toByteArray), sign-extended to `size` when given. */
export function toTwosComplement(v: bigint, size?: number): Buffer {
  let len = 1;
  while (v < -(1n << BigInt(8 * len - 1)) || v >= 1n << BigInt(8 * len - 1)) len++;
  const n = size ?? len;
  if (n < len) throw new Error(`decimal value does not fit in ${n} bytes`);
  const out = Buffer.alloc(n);
  let u = BigInt.asUintN(8 * n, v);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(u & 0xffn);
    u >>= 8n;
  }
  return out;
}

export function fromTwosComplement(buf: Buffer): bigint {
  let u = 0n;
  for (const b of buf) u = (u << 8n) | BigInt(b);
  return BigInt.asIntN(8 * buf.length, u);
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
