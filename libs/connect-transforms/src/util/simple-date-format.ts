import { ConfigException, LambdaValidator } from '@libs/connect-spi';
// java.text.SimpleDateFormat in UTC, for TimestampConverter / TimestampRouter patterns.
// Supported letters: G y Y M L d D E u a H k K h m s S z Z X, quoted literals ('T', '' for ').
// Parsing is lenient like Java's: numeric fields take as many digits as they find unless the
// next field is also numeric, in which case the pattern width is used.
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const LETTERS = 'GyYMLdDEuaHkKhmsSzZXwWF';
const NUMERIC = new Set(['y', 'Y', 'M', 'L', 'd', 'D', 'u', 'H', 'k', 'K', 'h', 'm', 's', 'S', 'w', 'W', 'F']);

type Token = { kind: 'field'; letter: string; count: number } | { kind: 'literal'; text: string };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      let text = '';
      i++;
      for (;;) {
        if (i >= pattern.length) throw new Error(`Unterminated quote in pattern: ${pattern}`);
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += pattern[i++];
      }
      tokens.push({ kind: 'literal', text });
    } else if (/[A-Za-z]/.test(c)) {
      if (!LETTERS.includes(c)) throw new Error(`Illegal pattern character '${c}'`);
      let n = 1;
      while (pattern[i + n] === c) n++;
      tokens.push({ kind: 'field', letter: c, count: n });
      i += n;
    } else {
      tokens.push({ kind: 'literal', text: c });
      i++;
    }
  }
  return tokens;
}

const pad = (n: number, w: number) => {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= w ? s : '0'.repeat(w - s.length) + s);
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class SimpleDateFormat {
  private readonly tokens: Token[];
  private parser: { re: RegExp; fields: Token[] } | null = null;

  constructor(readonly pattern: string) {
    this.tokens = tokenize(pattern);
  }

  toPattern(): string {
    return this.pattern;
  }

  format(date: Date | number): string {
    const d = typeof date === 'number' ? new Date(date) : date;
    let out = '';
    for (const t of this.tokens) {
      if (t.kind === 'literal') {
        out += t.text;
        continue;
      }
      const n = t.count;
      switch (t.letter) {
        case 'G':
          out += d.getUTCFullYear() > 0 ? 'AD' : 'BC';
          break;
        case 'y':
        case 'Y': {
          const y = d.getUTCFullYear();
          out += n === 2 ? pad(((y % 100) + 100) % 100, 2) : pad(y, n);
          break;
        }
        case 'M':
        case 'L': {
          const m = d.getUTCMonth();
          out += n >= 4 ? MONTHS[m] : n === 3 ? MONTHS[m].slice(0, 3) : pad(m + 1, n);
          break;
        }
        case 'd':
          out += pad(d.getUTCDate(), n);
          break;
        case 'D': {
          const start = Date.UTC(d.getUTCFullYear(), 0, 1);
          out += pad(Math.floor((d.getTime() - start) / 86_400_000) + 1, n);
          break;
        }
        case 'E':
          out += n >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()].slice(0, 3);
          break;
        case 'u':
          out += pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), n);
          break;
        case 'a':
          out += d.getUTCHours() < 12 ? 'AM' : 'PM';
          break;
        case 'H':
          out += pad(d.getUTCHours(), n);
          break;
        case 'k':
          out += pad(d.getUTCHours() === 0 ? 24 : d.getUTCHours(), n);
          break;
        case 'K':
          out += pad(d.getUTCHours() % 12, n);
          break;
        case 'h':
          out += pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12, n);
          break;
        case 'm':
          out += pad(d.getUTCMinutes(), n);
          break;
        case 's':
          out += pad(d.getUTCSeconds(), n);
          break;
        case 'S':
          out += pad(d.getUTCMilliseconds(), n);
          break;
        case 'z':
          out += n >= 4 ? 'Coordinated Universal Time' : 'UTC';
          break;
        case 'Z':
          out += '+0000';
          break;
        case 'X':
          out += 'Z';
          break;
        default:
          throw new Error(`Pattern letter '${t.letter}' is not supported`);
      }
    }
    return out;
  }

  /** Parses text into an instant (UTC unless the text carries an offset); throws on mismatch. */
  parse(text: string): Date {
    const p = (this.parser ??= this.buildParser());
    const m = p.re.exec(text);
    if (!m) throw new Error(`Unparseable date: "${text}"`);
    let year = 1970;
    let month = 0;
    let day = 1;
    let dayOfYear: number | null = null;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let milli = 0;
    let pm: boolean | null = null;
    let hour12: number | null = null;
    let offsetMinutes = 0;
    let bc = false;
    p.fields.forEach((t, idx) => {
      if (t.kind !== 'field') return;
      const s = m[idx + 1];
      const num = Number(s);
      switch (t.letter) {
        case 'G':
          bc = s.toUpperCase() === 'BC';
          break;
        case 'y':
        case 'Y':
          year =
            t.count === 2 && s.length === 2
              ? 2000 + num - (2000 + num > new Date().getUTCFullYear() + 20 ? 100 : 0)
              : num;
          break;
        case 'M':
        case 'L':
          if (/^\d+$/.test(s)) month = num - 1;
          else {
            const i = MONTHS.findIndex((x) => x.toLowerCase().startsWith(s.toLowerCase().slice(0, 3)));
            if (i < 0) throw new Error(`Unparseable date: "${text}"`);
            month = i;
          }
          break;
        case 'd':
          day = num;
          break;
        case 'D':
          dayOfYear = num;
          break;
        case 'a':
          pm = s.toUpperCase() === 'PM';
          break;
        case 'H':
          hour = num;
          break;
        case 'k':
          hour = num === 24 ? 0 : num;
          break;
        case 'K':
        case 'h':
          hour12 = num % 12;
          break;
        case 'm':
          minute = num;
          break;
        case 's':
          second = num;
          break;
        case 'S':
          milli = num;
          break;
        case 'Z':
        case 'X':
        case 'z': {
          if (/^(Z|UTC|GMT)$/i.test(s)) break;
          const om = /([+-])(\d{2}):?(\d{2})?/.exec(s);
          if (om) offsetMinutes = (om[1] === '-' ? -1 : 1) * (Number(om[2]) * 60 + Number(om[3] ?? 0));
          break;
        }
      }
    });
    if (hour12 !== null) hour = hour12 + (pm ? 12 : 0);
    else if (pm && hour < 12) hour += 12;
    if (bc) year = 1 - year;
    // Date.UTC is lenient like Java's lenient Calendar: overflowing fields roll over.
    let ms =
      dayOfYear !== null
        ? Date.UTC(year, 0, dayOfYear, hour, minute, second, milli)
        : Date.UTC(year, month, day, hour, minute, second, milli);
    if (year >= 0 && year < 100) {
      const d = new Date(ms);
      d.setUTCFullYear(year);
      ms = d.getTime();
    }
    return new Date(ms - offsetMinutes * 60_000);
  }

  private buildParser(): { re: RegExp; fields: Token[] } {
    let src = '^';
    const fields: Token[] = [];
    this.tokens.forEach((t, i) => {
      if (t.kind === 'literal') {
        src += escapeRegex(t.text);
        return;
      }
      const next = this.tokens[i + 1];
      const adjacentNumeric = next !== undefined && next.kind === 'field' && NUMERIC.has(next.letter);
      let group: string;
      if (NUMERIC.has(t.letter) && !((t.letter === 'M' || t.letter === 'L') && t.count >= 3)) {
        const sign = t.letter === 'y' || t.letter === 'Y' ? '-?' : '';
        group = adjacentNumeric ? `${sign}\\d{${t.count}}` : `${sign}\\d+`;
      } else {
        switch (t.letter) {
          case 'M':
          case 'L':
          case 'E':
            group = '[A-Za-z]+';
            break;
          case 'a':
            group = '[AaPp][Mm]';
            break;
          case 'G':
            group = '[AaBb][DdCc]';
            break;
          case 'Z':
            group = '[+-]\\d{4}|Z';
            break;
          case 'X':
            group = 'Z|[+-]\\d{2}(?::?\\d{2})?';
            break;
          default:
            group = '[A-Za-z]+(?:[+-]\\d{2}:?\\d{2})?';
        }
      }
      src += `(${group})`;
      fields.push(t);
    });
    // Java's parse ignores trailing text after the pattern is satisfied.
    return { re: new RegExp(src), fields };
  }
}

/** ConfigDef validator: the value must be a pattern SimpleDateFormat accepts (empty allowed). */
export const simpleDateFormatValidator = LambdaValidator.with(
  (name, value) => {
    if (value === null || value === undefined || value === '') return;
    try {
      new SimpleDateFormat(String(value)).format(0);
    } catch (e) {
      throw new ConfigException(name, value, 'Invalid SimpleDateFormat pattern: ' + (e as Error).message);
    }
  },
  () => 'java.text.SimpleDateFormat pattern',
);
