/** Deep copy of a generated value so a caller mutating one record cannot change the next (options are shared). */
export function cloneValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Buffer.isBuffer(v)) return Buffer.from(v);
  if (Array.isArray(v)) return v.map(cloneValue);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = cloneValue((v as Record<string, unknown>)[k]);
  return out;
}

export function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
}
