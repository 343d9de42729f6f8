import { randomBytes } from 'node:crypto';

/**
 * Seeded PRNG (sfc32: small, fast, passes PractRand) re-seeded for every record from
 * (base seed, task id, iteration). A record is therefore a pure function of those three values:
 * a task restarted from its stored iteration count N produces exactly the records it would have
 * produced had it never stopped, and two tasks of one connector never share a stream.
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /** seedLo/seedHi: the 64-bit base seed split in two unsigned 32-bit halves. */
  reseed(seedLo: number, seedHi: number, taskId: number, iteration: number): void {
    const itLo = iteration >>> 0;
    const itHi = Math.floor(iteration / 0x100000000) >>> 0;
    // Hash each input into a different lane, then let the generator stir them together.
    this.a = fmix32(seedLo ^ 0x9e3779b9);
    this.b = fmix32((seedHi + Math.imul(taskId | 0, 0x85ebca6b)) | 0);
    this.c = fmix32(itLo ^ 0xc2b2ae35 ^ Math.imul(itHi, 0x27d4eb2f));
    this.d = fmix32((this.a ^ this.b ^ this.c) + 0x165667b1);
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** Uniform unsigned 32-bit integer. */
  nextU32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = ((c << 21) | (c >>> 11)) + t;
    this.c |= 0;
    return t >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform float32 in [0, 1) (24 bits, exactly representable). */
  nextFloat32(): number {
    return (this.nextU32() >>> 8) / 16777216;
  }

  /** Uniform integer in [0, n) for 0 < n <= 2^53. */
  below(n: number): number {
    if (n <= 0x100000000) return Math.floor((this.nextU32() / 0x100000000) * n);
    return Math.floor(this.nextDouble() * n);
  }

  nextBoolean(): boolean {
    return (this.nextU32() & 0x80000000) !== 0;
  }
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A Java-long seed as two unsigned 32-bit halves. */
export interface SeedParts {
  lo: number;
  hi: number;
  /** The seed as a decimal string (what the runtime stores in the source offset). */
  text: string;
}

const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;

/**
 * Parses `random.seed` as Java's Long does (decimal, optional sign). Returns undefined when it is not a
 * valid long, so the caller can report it.
 */
export function parseSeed(value: string | number | bigint): SeedParts | undefined {
  let n: bigint;
  try {
    if (typeof value === 'string') {
      if (!/^\s*[+-]?\d+\s*$/.test(value)) return undefined;
      n = BigInt(value.trim());
    } else if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) return undefined;
      n = BigInt(value);
    } else {
      n = value;
    }
  } catch {
    return undefined;
  }
  if (n < LONG_MIN || n > LONG_MAX) return undefined;
  const u = BigInt.asUintN(64, n);
  return { lo: Number(u & 0xffffffffn), hi: Number(u >> 32n), text: n.toString() };
}

/**
 * A fresh random seed for a task started without `random.seed`. The runtime must store it in the
 * task's source offset (as Confluent's task does) so a restart continues the same stream.
 */
export function randomSeed(): SeedParts {
  return parseSeed(randomBytes(8).readBigInt64BE(0)) as SeedParts;
}
