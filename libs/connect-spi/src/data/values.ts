// Values.parseString: infer a typed Connect value from text (InsertHeader's value.literal,
// SimpleHeaderConverter). Booleans, the smallest fitting integer type, floats, ISO dates/times,
// [arrays] and {maps}; anything else stays a string.
import { INT64_MAX, INT64_MIN, int64Of } from './int64';
import { ConnectDate, Time, Timestamp } from './logical-types';
import { type Schema, Schemas } from './schema';
import type { SchemaAndValue } from './schema-and-value';
import { SchemaBuilder } from './schema-builder';

const INTEGER_RE = /^[+-]?\d+$/;
const DECIMAL_RE = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME_RE = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;
const ISO_TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function parseString(text: string | null): SchemaAndValue {
  if (text === null) return { schema: null, value: null };
  if (text.length === 0) return { schema: Schemas.STRING_SCHEMA, value: text };
  return parseValue(text.trim(), text);
}

function parseValue(trimmed: string, original: string): SchemaAndValue {
  const lower = trimmed.toLowerCase();
  if (lower === 'true' || lower === 'false') return { schema: Schemas.BOOLEAN_SCHEMA, value: lower === 'true' };
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) return parseArray(trimmed.slice(1, -1), original);
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) return parseMap(trimmed.slice(1, -1), original);
  if (INTEGER_RE.test(trimmed)) {
    const n = BigInt(trimmed);
    if (n >= -128n && n <= 127n) return { schema: Schemas.INT8_SCHEMA, value: Number(n) };
    if (n >= -32768n && n <= 32767n) return { schema: Schemas.INT16_SCHEMA, value: Number(n) };
    if (n >= -2147483648n && n <= 2147483647n) return { schema: Schemas.INT32_SCHEMA, value: Number(n) };
    if (n >= INT64_MIN && n <= INT64_MAX) return { schema: Schemas.INT64_SCHEMA, value: int64Of(n) };
    return { schema: Schemas.STRING_SCHEMA, value: original };
  }
  if (DECIMAL_RE.test(trimmed)) {
    const v = parseFloat(trimmed);
    // Kafka picks FLOAT32 whenever the value is finite as a float, FLOAT64 otherwise.
    if (Number.isFinite(Math.fround(v))) return { schema: Schemas.FLOAT32_SCHEMA, value: v };
    return { schema: Schemas.FLOAT64_SCHEMA, value: v };
  }
  if (ISO_TIMESTAMP_RE.test(trimmed)) {
    const d = new Date(trimmed);
    if (!Number.isNaN(d.getTime())) return { schema: Timestamp.SCHEMA, value: d };
  }
  if (ISO_DATE_RE.test(trimmed)) {
    const d = new Date(trimmed + 'T00:00:00.000Z');
    if (!Number.isNaN(d.getTime())) return { schema: ConnectDate.SCHEMA, value: d };
  }
  const t = ISO_TIME_RE.exec(trimmed);
  if (t) {
    const ms = ((+t[1] * 60 + +t[2]) * 60 + +t[3]) * 1000 + +t[4];
    if (+t[1] < 24 && +t[2] < 60 && +t[3] < 60) return { schema: Time.SCHEMA, value: new Date(ms) };
  }
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"'))
    return { schema: Schemas.STRING_SCHEMA, value: trimmed.slice(1, -1).replace(/\\(.)/g, '$1') };
  return { schema: Schemas.STRING_SCHEMA, value: original };
}

/** Splits on `sep` at nesting depth 0, outside double-quoted strings. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function commonSchema(values: SchemaAndValue[]): Schema | null {
  let common: Schema | null = null;
  for (const v of values) {
    if (v.schema === null) continue;
    if (common === null) common = v.schema;
    else if (!common.equals(v.schema)) return null;
  }
  return common;
}

function parseArray(body: string, original: string): SchemaAndValue {
  if (body.trim() === '') return { schema: SchemaBuilder.array(Schemas.OPTIONAL_STRING_SCHEMA).build(), value: [] };
  const items = splitTop(body, ',').map((s) => {
    const t = s.trim();
    return t === 'null' ? { schema: null, value: null } : parseValue(t, t);
  });
  if (items.some((i) => i.value === undefined)) return { schema: Schemas.STRING_SCHEMA, value: original };
  const elem = commonSchema(items);
  return { schema: elem ? SchemaBuilder.array(elem).build() : null, value: items.map((i) => i.value) };
}

function parseMap(body: string, original: string): SchemaAndValue {
  if (body.trim() === '')
    return {
      schema: SchemaBuilder.map(Schemas.OPTIONAL_STRING_SCHEMA, Schemas.OPTIONAL_STRING_SCHEMA).build(),
      value: new Map(),
    };
  const keys: SchemaAndValue[] = [];
  const vals: SchemaAndValue[] = [];
  for (const entry of splitTop(body, ',')) {
    const kv = splitTop(entry, ':');
    if (kv.length !== 2) return { schema: Schemas.STRING_SCHEMA, value: original };
    const k = kv[0].trim();
    const v = kv[1].trim();
    keys.push(parseValue(k, k));
    vals.push(v === 'null' ? { schema: null, value: null } : parseValue(v, v));
  }
  const ks = commonSchema(keys);
  const vs = commonSchema(vals);
  const map = new Map<unknown, unknown>();
  keys.forEach((k, i) => map.set(k.value, vals[i].value));
  return { schema: ks && vs ? SchemaBuilder.map(ks, vs).build() : null, value: map };
}
