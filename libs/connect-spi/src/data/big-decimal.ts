// JavaScript has no arbitrary-precision decimal; Kafka Connect's Decimal logical type carries a
// java.math.BigDecimal. This is the minimal equivalent: an exact unscaled bigint plus a scale,
// so decimal bytes round-trip without float rounding.

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The usual text of a DECIMAL column ("-1234.56"), read without the regex and its substrings while
 * its digits (at most 15) add up exactly in a double. null: anything else.
 */
function plainDecimal(text: string): BigDecimal | null {
  const n = text.length;
  if (n === 0 || n > 16) return null;
  const neg = text.charCodeAt(0) === 45; // '-'
  let unscaled = 0;
  let digits = 0;
  let scale = -1; // no '.' yet
  for (let i = neg ? 1 : 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      unscaled = unscaled * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else return null;
  }
  if (digits === 0 || digits > 15) return null;
  return new BigDecimal(BigInt(neg ? -unscaled : unscaled), scale < 0 ? 0 : scale);
}

export class BigDecimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    if (!Number.isInteger(scale)) throw new RangeError(`Invalid scale ${scale}`);
  }

  static fromString(text: string): BigDecimal {
    const plain = plainDecimal(text);
    if (plain) return plain;
    const m = DECIMAL_RE.exec(text.trim());
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`Not a decimal number: ${text}`);
    const frac = m[3] ?? '';
    let scale = frac.length - (m[4] ? parseInt(m[4], 10) : 0);
    let unscaled = BigInt((m[2] || '0') + frac);
    if (scale < 0) {
      // Java keeps negative scales; we normalise to scale 0 which represents the same number.
      unscaled *= 10n ** BigInt(-scale);
      scale = 0;
    }
    return new BigDecimal(m[1] === '-' ? -unscaled : unscaled, scale);
  }

  static fromNumber(value: number, scale?: number): BigDecimal {
    if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
    const d = BigDecimal.fromString(Number.isInteger(value) ? value.toFixed(0) : String(value));
    return scale === undefined ? d : d.setScale(scale);
  }

  static fromBigInt(value: bigint): BigDecimal {
    return new BigDecimal(value, 0);
  }

  /** Rescales with HALF_UP rounding when digits are dropped. */
  setScale(scale: number): BigDecimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new BigDecimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const div = 10n ** BigInt(this.scale - scale);
    let q = this.unscaled / div;
    const r = this.unscaled % div;
    const abs = r < 0n ? -r : r;
    if (abs * 2n >= div) q += this.unscaled < 0n ? -1n : 1n;
    return new BigDecimal(q, scale);
  }

  toNumber(): number {
    return Number(this.toString());
  }

  /** Truncates toward zero, like BigDecimal.longValue() for in-range values. */
  toBigInt(): bigint {
    return this.unscaled / 10n ** BigInt(this.scale);
  }

  /** Plain notation (Java's toPlainString), e.g. unscaled 1234 scale 2 → "12.34". */
  toString(): string {
    const neg = this.unscaled < 0n;
    let digits = (neg ? -this.unscaled : this.unscaled).toString();
    if (this.scale === 0) return (neg ? '-' : '') + digits;
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
    const cut = digits.length - this.scale;
    return (neg ? '-' : '') + digits.slice(0, cut) + '.' + digits.slice(cut);
  }

  toJSON(): string {
    return this.toString();
  }

  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.scale === this.scale && other.unscaled === this.unscaled;
  }
}
