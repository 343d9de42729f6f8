// Version range strings from the JSON specs: "3+", "0-2", "5", "none".
export interface VersionRange {
  min: number;
  max: number;
}

export function parseVersions(spec: string | undefined): VersionRange {
  if (spec === undefined || spec === 'none' || spec === '') return { min: 1, max: 0 };
  const s = spec.trim();
  if (s.endsWith('+')) return { min: Number(s.slice(0, -1)), max: Number.POSITIVE_INFINITY };
  const dash = s.indexOf('-');
  if (dash > 0) return { min: Number(s.slice(0, dash)), max: Number(s.slice(dash + 1)) };
  const n = Number(s);
  return { min: n, max: n };
}

export function inRange(r: VersionRange, v: number): boolean {
  return v >= r.min && v <= r.max;
}
