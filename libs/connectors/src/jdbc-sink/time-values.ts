// Date-time text for binding Connect time values: an instant as local 'YYYY-MM-DD HH:MM:SS.fff'
// in a zone (UTC, ±HH:MM or an IANA name), and timestamp.fields.list values (epoch micro- or
// nanoseconds, or local ISO date-times) as microsecond text. Shared by the dialects, which bind
// time values as text in db.timezone as Confluent's sink binds them with a db.timezone calendar.
import { ConnectException } from '@libs/connect-spi';
import type { TimestampPrecisionMode } from './jdbc-sink-config';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function offsetMinutes(tz: string, ms: number): number {
  if (tz === 'UTC' || tz === 'Z' || tz === 'Etc/UTC') return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(tz);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const parts = tzFormatter(tz).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function tzFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** 'YYYY-MM-DD HH:MM:SS.fff' of an instant, in `tz` (UTC, ±HH:MM or an IANA zone). */
export function formatDateTime(ms: number, tz: string, fractionDigits = 3): string {
  const local = new Date(ms + offsetMinutes(tz, ms) * 60000);
  const frac = fractionDigits > 0 ? '.' + pad(local.getUTCMilliseconds(), 3).padEnd(fractionDigits, '0') : '';
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${frac}`;
}

const EPOCH_NUMBER = /^-?\d+$/;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/;

/**
 * A timestamp.fields.list value as DATETIME(6) text in `tz`: a long or numeric string is epoch
 * microseconds or nanoseconds (timestamp.precision.mode; nanoseconds are truncated to the column's
 * microseconds), any other string a local yyyy-MM-ddTHH:mm:ss[.fraction] in `tz` (as Confluent's sink).
 */
export function timestampFieldValue(v: unknown, unit: TimestampPrecisionMode, tz: string): string {
  const text = typeof v === 'string' ? v.trim() : null;
  if (text !== null && !EPOCH_NUMBER.test(text)) {
    const m = ISO_LOCAL.exec(text);
    if (!m) throw new ConnectException(`Cannot convert ${text} to a timestamp: expected yyyy-MM-ddTHH:mm:ss.SSSSSSSSS`);
    return `${m[1]} ${m[2]}.${(m[3] ?? '').slice(0, 6).padEnd(6, '0')}`;
  }
  let n: bigint;
  try {
    n = typeof v === 'bigint' ? v : BigInt(text ?? Math.trunc(Number(v)));
  } catch {
    throw new ConnectException(`Cannot convert ${String(v)} to a timestamp`);
  }
  const micros = unit === 'nanoseconds' ? n / 1000n : n;
  const ms = micros >= 0n ? micros / 1000n : -((-micros + 999n) / 1000n); // floor
  const extra = Number(micros - ms * 1000n); // 0..999 µs past the millisecond
  return formatDateTime(Number(ms), tz, 3) + String(extra).padStart(3, '0');
}
