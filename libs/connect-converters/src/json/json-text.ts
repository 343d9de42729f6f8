// A JSON reader/writer that keeps what JSON.parse/stringify lose and Kafka Connect relies on:
// integral vs. fractional numbers (1 is INT64, 1.0 is FLOAT64 when schemaless), integers beyond
// 2^53 (read as bigint), and exact decimal text for NUMERIC decimals.
import { DataException, int64FromText } from '@libs/connect-spi';

/** A number to be written verbatim (e.g. "1.0", "12.340"). */
export class RawNumber {
  constructor(readonly text: string) {}
}

export type JsonNode = null | boolean | number | bigint | string | RawNumber | JsonNode[] | { [k: string]: JsonNode };

export function writeJson(node: JsonNode): string {
  if (node === null) return 'null';
  switch (typeof node) {
    case 'boolean':
      return node ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(node)) return JSON.stringify(String(node)); // Jackson writes "NaN"/"Infinity" as strings only with a flag; never valid JSON as numbers
      return String(node);
    case 'bigint':
      return node.toString();
    case 'string':
      return JSON.stringify(node);
  }
  if (node instanceof RawNumber) return node.text;
  if (Array.isArray(node)) return '[' + node.map(writeJson).join(',') + ']';
  let out = '{';
  let first = true;
  for (const k in node) {
    if (!first) out += ',';
    first = false;
    out += quotedKey(k) + ':' + writeJson(node[k]);
  }
  return out + '}';
}

/** Field names repeat in every record: each is quoted once (bounded, for maps with arbitrary keys). */
const quotedKeys = new Map<string, string>();
function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < 10_000) quotedKeys.set(k, q);
  }
  return q;
}

/** obj[k] = v as JSON.parse does it: a "__proto__" key is an own property, not the prototype. */
function setOwn<T>(obj: Record<string, T>, k: string, v: T): void {
  if (k === '__proto__')
    Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

/** Marks a number that was written with a fraction or exponent, so it reads as a float. */
export class JsonFloat {
  constructor(readonly value: number) {}
}

export type ParsedJson =
  null | boolean | number | bigint | JsonFloat | string | ParsedJson[] | { [k: string]: ParsedJson };

/**
 * Parses JSON text. Integral numbers become number (or bigint past 2^53); numbers with a fraction
 * or exponent become JsonFloat so callers can tell 1 from 1.0.
 */
export function readJson(text: string): ParsedJson {
  let i = 0;
  const n = text.length;
  const fail = (msg: string): never => {
    throw new SyntaxError(`${msg} at position ${i}`);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const value = (): ParsedJson => {
    ws();
    if (i >= n) fail('Unexpected end of JSON input');
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [k: string]: ParsedJson } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('Expected string key');
        const k = str();
        ws();
        if (text[i] !== ':') fail("Expected ':'");
        i++;
        setOwn(obj, k, value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: ParsedJson[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    return num();
  };
  const str = (): string => {
    const start = ++i;
    // Fast path: no escapes.
    const end = text.indexOf('"', start);
    if (end < 0) fail('Unterminated string');
    const slice = text.slice(start, end);
    if (slice.indexOf('\\') < 0) {
      i = end + 1;
      return slice;
    }
    let j = start;
    for (;;) {
      if (j >= n) fail('Unterminated string');
      const ch = text[j];
      if (ch === '\\') j += 2;
      else if (ch === '"') break;
      else j++;
    }
    const raw = text.slice(start - 1, j + 1);
    i = j + 1;
    return JSON.parse(raw) as string;
  };
  const NUM = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const num = (): ParsedJson => {
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m || m[0] === '-' || m[0].length === 0) fail(`Unexpected token ${text[i]}`);
    i += m![0].length;
    if (m![2] !== undefined || m![3] !== undefined) return new JsonFloat(Number(m![0]));
    return int64FromText(m![0]);
  };
  const out = value();
  ws();
  if (i < n) fail('Unexpected trailing characters');
  return out;
}

/** A parsed tree as plain JS: JsonFloat marks become numbers; integers stay number or bigint. */
export function plainJson(json: ParsedJson): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (json instanceof JsonFloat) return json.value;
  if (Array.isArray(json)) return json.map(plainJson);
  const out: Record<string, unknown> = {};
  for (const k in json) setOwn(out, k, plainJson(json[k]));
  return out;
}

export function parseJsonBytes(bytes: Uint8Array): ParsedJson {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return readJson(text);
  } catch (e) {
    throw new DataException('Converting byte[] to Kafka Connect data failed due to serialization error: ', {
      cause: e,
    });
  }
}
