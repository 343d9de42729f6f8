// The Joda-Time subset TimeBasedPartitioner's path.format uses: year (y, Y), month (M), day (d),
// hour (H), minute (m), second (s), 'quoted literals' ('' is a quote) and any non-letter as is;
// a run of a letter is its zero-padded width. Dates are printed in a time zone (IANA name), and a
// timestamp is floored to the partition duration in that zone as Confluent's
// TimeBasedPartitioner.getPartition does (local time floored, then back to UTC).

type Token = { literal: string } | { field: 'y' | 'M' | 'd' | 'H' | 'm' | 's'; width: number };

const FIELDS: Record<string, 'y' | 'M' | 'd' | 'H' | 'm' | 's'> = {
  y: 'y',
  Y: 'y',
  M: 'M',
  d: 'd',
  H: 'H',
  m: 'm',
  s: 's',
};

/** Parses a pattern; throws with a message naming the unsupported letter. */
export function parsePathFormat(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${pattern}`);
      out.push({ literal: end === i + 1 ? "'" : pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      const field = FIELDS[c];
      if (!field) throw new Error(`pattern letter ${c} is not supported (use y, M, d, H, m, s)`);
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ field, width: j - i });
      i = j;
    } else {
      out.push({ literal: c });
      i++;
    }
  }
  return out;
}

interface Parts {
  y: number;
  M: number;
  d: number;
  H: number;
  m: number;
  s: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, zone: string): Parts {
  if (zone === 'UTC') {
    const d = new Date(ms);
    return {
      y: d.getUTCFullYear(),
      M: d.getUTCMonth() + 1,
      d: d.getUTCDate(),
      H: d.getUTCHours(),
      m: d.getUTCMinutes(),
      s: d.getUTCSeconds(),
    };
  }
  let f = formatters.get(zone);
  if (!f)
    formatters.set(
      zone,
      (f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })),
    );
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(ms))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p.year, M: p.month, d: p.day, H: p.hour, m: p.minute, s: p.second };
}

/** The zone's offset from UTC at `ms`, in ms. */
function offsetMs(ms: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const p = partsIn(ms, zone);
  return Date.UTC(p.y, p.M - 1, p.d, p.H, p.m, p.s) - (ms - (((ms % 1000) + 1000) % 1000));
}

/** Throws when `zone` is not a time zone the platform knows. */
export function checkTimeZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: zone });
}

/** TimeBasedPartitioner.getPartition: the start of the period holding `ms`, in `zone`. */
export function floorToPeriod(ms: number, durationMs: number, zone: string): number {
  const off = offsetMs(ms, zone);
  const local = ms + off;
  const floored = Math.floor(local / durationMs) * durationMs;
  return floored - offsetMs(floored - off, zone);
}

export function formatPath(tokens: readonly Token[], ms: number, zone: string): string {
  const p = partsIn(ms, zone);
  let s = '';
  for (const t of tokens) s += 'literal' in t ? t.literal : String(p[t.field]).padStart(t.width, '0');
  return s;
}
