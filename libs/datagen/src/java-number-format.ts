/**
 * Java's Double.toString / Float.toString, which StringConverter uses for number keys:
 * "1.0" rather than "1", and "1.0E7" / "1.234E-4" outside [1e-3, 1e7).
 */
export function formatJavaDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  return formatShortest(v, String(Math.abs(v)).includes('e') ? Math.abs(v).toExponential() : String(Math.abs(v)));
}

export function formatJavaFloat(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatJavaDouble(v);
  const f = Math.fround(v);
  // Shortest decimal that reads back as the same float32.
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(f).toPrecision(p);
    if (Math.fround(Number(s)) === Math.abs(f)) return formatShortest(f, String(Number(s)));
  }
  return formatJavaDouble(f);
}

function formatShortest(v: number, absText: string): string {
  const sign = v < 0 ? '-' : '';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = absText.includes('e') ? toPlain(absText) : absText;
    return sign + (plain.includes('.') ? plain : plain + '.0');
  }
  const exp = Number(absText).toExponential(); // shortest digits, e.g. "1.234e-4"
  const [mantissa, e] = exp.split('e');
  return `${sign}${mantissa.includes('.') ? mantissa : mantissa + '.0'}E${Number(e)}`;
}

function toPlain(expText: string): string {
  const n = Number(expText);
  // Within [1e-3, 1e7) JS only uses exponents for tiny values that do not occur there; fall back safely.
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
