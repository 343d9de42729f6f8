// Date-time text as the drivers return it (MySQL 'YYYY-MM-DD HH:MM:SS[.ffffff]', Postgres the same
// with an optional '+HH[:MM]' offset and ' BC') ⇄ epoch microseconds. Zone-less values are read in
// a zone (db.timezone, as Confluent reads them with a db.timezone calendar); bound values are
// written back as wall-clock text in a zone. Proleptic Gregorian throughout.
import { DateTime } from 'luxon';
import { DataException } from '@libs/connect-spi';
import { formatDateTime } from '../jdbc-sink/time-values';

const MICROS_PER_DAY = 86_400_000_000n;
const DATE_TIME =
  /^(\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?)?(?:([+-])(\d{2})(?::?(\d{2}))?(?::(\d{2}))?)?( BC)?$/;
const TIME = /^(-)?(\d{2,3}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const fixedOffset = /^([+-])(\d{2}):(\d{2})$/;

/** Seconds east of UTC of `zone` at the local wall-clock time given (as if it were UTC seconds). */
function zoneOffsetSeconds(zone: string, localSeconds: number): number {
  if (zone === 'UTC' || zone === 'Z' || zone === 'Etc/UTC') return 0;
  const m = fixedOffset.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  const local = DateTime.fromSeconds(localSeconds, { zone: 'UTC' });
  const inZone = DateTime.fromObject(
    {
      year: local.year,
      month: local.month,
      day: local.day,
      hour: local.hour,
      minute: local.minute,
      second: local.second,
    },
    { zone },
  );
  return inZone.isValid ? inZone.offset * 60 : 0;
}

const fraction = (f: string | undefined): bigint => BigInt((f ?? '').slice(0, 6).padEnd(6, '0'));

/** Epoch microseconds of a date or date-time text; zone-less text is read in `zone`. */
export function parseDateTimeMicros(text: string, zone: string): bigint {
  if (text === 'infinity') return BigInt(8.64e15) * 1000n;
  if (text === '-infinity') return BigInt(-8.64e15) * 1000n;
  const m = DATE_TIME.exec(text);
  if (!m) throw new DataException(`Cannot read ${text} as a date-time`);
  let year = Number(m[1]);
  if (m[12]) year = 1 - year;
  const days = daysFromCivil(year, Number(m[2]), Number(m[3]));
  const localSeconds = days * 86400 + Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0);
  const offset = m[8]
    ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0))
    : zoneOffsetSeconds(zone, localSeconds);
  return BigInt(localSeconds - offset) * 1_000_000n + fraction(m[7]);
}

/** Days since the epoch of a date text ('YYYY-MM-DD', Postgres ' BC'); MySQL zero dates → null. */
export function parseDateDays(text: string): number | null {
  if (text.startsWith('0000-00-00')) return null;
  return Number(parseDateTimeMicros(text.slice(0, 10) + (text.endsWith(' BC') ? ' BC' : ''), 'UTC') / MICROS_PER_DAY);
}

/** Milliseconds since midnight of a time of day ('HH:MM:SS[.ffffff][+HH]'; a zone moves it to UTC). */
export function parseTimeMillis(text: string): number {
  const m = TIME.exec(text);
  if (!m) throw new DataException(`Cannot read ${text} as a time of day`);
  let ms = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) * 1000 + Number(fraction(m[5]) / 1000n);
  if (m[6]) ms -= (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 3600 + Number(m[8] ?? 0) * 60) * 1000;
  if (m[1] || ms < 0 || ms >= 86_400_000) {
    if (!m[6] || m[1]) throw new DataException(`Time ${text} is outside a day, which a Connect Time cannot hold`);
    ms = ((ms % 86_400_000) + 86_400_000) % 86_400_000;
  }
  return ms;
}

/** Floor division of epoch microseconds to milliseconds. */
export function microsToMillis(micros: bigint): number {
  const ms = micros / 1000n;
  return Number(micros < 0n && ms * 1000n !== micros ? ms - 1n : ms);
}

/** 'YYYY-MM-DD HH:MM:SS.ffffff' of epoch microseconds as wall-clock time in `zone`. */
export function wallClockText(micros: bigint, zone: string): string {
  const ms = microsToMillis(micros);
  const extra = Number(micros - BigInt(ms) * 1000n);
  return formatDateTime(ms, zone, 3) + String(extra).padStart(3, '0');
}
