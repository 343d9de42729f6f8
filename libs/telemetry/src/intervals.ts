// ISO-8601 intervals as the Metrics API takes them: `start/end`, `start/duration`, `duration/end`,
// where a time may be `now` with an offset (`now-2m`) and a truncation to the UTC minute, hour or
// day (`now-2m|m`), e.g. `now-62m|m/now-2m|m`, `PT1H/now`, `2026-01-01T00:00:00Z/P1D`.
import { DateTime, Duration } from 'luxon';
import { MetricsQueryError } from './query-error';

export interface TimeInterval {
  start: number;
  end: number;
}

const NOW = /^now(?:([+-])(\d+)([mhd]))?(?:\|([mhd]))?$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function instant(text: string, now: number): number | undefined {
  const m = NOW.exec(text);
  if (m) {
    const [, sign, n, unit, trunc] = m;
    let t = now + (sign ? (sign === '-' ? -1 : 1) * Number(n) * UNIT_MS[unit as 'm' | 'h' | 'd'] : 0);
    if (trunc) t -= t % UNIT_MS[trunc as 'm' | 'h' | 'd'];
    return t;
  }
  if (text.startsWith('P')) return undefined;
  const d = DateTime.fromISO(text, { zone: 'utc' });
  return d.isValid ? d.toMillis() : Number.NaN;
}

function duration(text: string): number {
  const d = Duration.fromISO(text);
  if (!d.isValid || d.as('milliseconds') <= 0) return Number.NaN;
  return d.as('milliseconds');
}

export function parseInterval(text: string, now: number): TimeInterval {
  const bad = () =>
    new MetricsQueryError(
      `Invalid interval '${text}': expected start/end, start/duration or duration/end in ISO-8601 (times may be now, now-2m, now-1h|h)`,
      '/intervals',
    );
  const parts = text.split('/');
  if (parts.length !== 2) throw bad();
  const [a, b] = parts;
  const start = instant(a, now);
  const end = instant(b, now);
  let interval: TimeInterval;
  if (start !== undefined && end !== undefined) interval = { start, end };
  else if (start !== undefined) interval = { start, end: start + duration(b) };
  else if (end !== undefined) interval = { start: end - duration(a), end };
  else throw bad();
  if (!Number.isFinite(interval.start) || !Number.isFinite(interval.end)) throw bad();
  if (interval.end <= interval.start)
    throw new MetricsQueryError(`Interval '${text}' ends before it starts`, '/intervals');
  return interval;
}
