// Datetime text as MySQL/MariaDB and PostgreSQL print it ('YYYY-MM-DD HH:MM:SS[.ffffff]'),
// read without Date.parse in the common case: one per datetime column per row of a snapshot.

const digitsAt = (t: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
};

/**
 * The common case without parsing a date string (one per datetime column per row): a year from
 * 100 on (Date.UTC maps 0–99 to 1900+) and a day every month has; null sends the rest the slow way.
 */
export function plainDatetimeMicros(t: string): number | null {
  if (t.length < 19 || t[4] !== '-' || t[7] !== '-' || t[10] !== ' ' || t[13] !== ':' || t[16] !== ':') return null;
  const y = digitsAt(t, 0, 4);
  const mo = digitsAt(t, 5, 7);
  const d = digitsAt(t, 8, 10);
  const h = digitsAt(t, 11, 13);
  const mi = digitsAt(t, 14, 16);
  const sec = digitsAt(t, 17, 19);
  if (!(y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 28 && h <= 23 && mi <= 59 && sec <= 59)) return null;
  let us = 0;
  if (t.length > 19) {
    if (t[19] !== '.' || t.length > 26) return null;
    us = digitsAt(t, 20, t.length) * 10 ** (26 - t.length);
    if (Number.isNaN(us)) return null;
  }
  return Date.UTC(y, mo - 1, d, h, mi, sec) * 1000 + us;
}
