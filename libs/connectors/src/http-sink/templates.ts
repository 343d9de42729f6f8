// Placeholders of HttpSinkV2's templated properties (API path, path parameters, request body,
// batch key pattern, regex replacements): ${topic}, ${key}, ${partition}, ${offset} and record
// value fields by name (dotted for nested fields). An unknown placeholder stays as written, so a
// literal "${…}" a user meant to send is not silently emptied.
import { type JsonNode, writeJson } from '@libs/connect-converters';
import { Struct, type SinkRecord } from '@libs/connect-spi';

const PLACEHOLDER = /\$\{([^}]+)\}/g;

/** Text of a key or field value as a template inserts it (strings bare, structures as JSON). */
export function templateText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return writeJson(plain(v) as JsonNode); // int64 bigints as exact digits (JSON.stringify cannot)
}

/** A Connect value (Struct, Map, arrays) as a JSON tree for writeJson; int64 bigints stay bigints. */
export function plain(v: unknown): unknown {
  if (v instanceof Struct) {
    const out: Record<string, unknown> = {};
    for (const f of v.schema.fields) out[f.name] = plain(v.get(f.name));
    return out;
  }
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Date) return v.getTime();
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v === undefined ? null : v;
}

/** A value field by dotted path (Struct, Map or object), or undefined when absent. */
export function fieldOf(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur instanceof Struct) {
      if (!cur.schema.fields.some((f) => f.name === part)) return undefined;
      cur = cur.get(part);
    } else if (cur instanceof Map) cur = cur.get(part);
    else if (cur && typeof cur === 'object' && !Array.isArray(cur)) cur = (cur as Record<string, unknown>)[part];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** What one placeholder stands for in this record, or undefined (left as written). */
export function resolvePlaceholder(name: string, r: SinkRecord): string | undefined {
  switch (name) {
    case 'topic':
      return r.topic;
    case 'key':
      return templateText(r.key);
    case 'partition':
      return String(r.kafkaPartition ?? '');
    case 'offset':
      return String(r.kafkaOffset);
  }
  const v = fieldOf(r.value, name);
  return v === undefined ? undefined : templateText(v);
}

/** `template` with every known placeholder of the record replaced; `encode` escapes inserted values. */
export function renderTemplate(template: string, r: SinkRecord, encode: (s: string) => string = (s) => s): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const v = resolvePlaceholder(name.trim(), r);
    return v === undefined ? whole : encode(v);
  });
}

export function hasPlaceholder(template: string, names: string[]): boolean {
  return names.some((n) => template.includes(`\${${n}}`));
}

/** `a:1|b:2` style lists (headers, path parameters): split on the separator, then on the first `kv`. */
export function parsePairs(text: string, separator: string, kv: string): [string, string][] {
  if (!text.trim()) return [];
  return text
    .split(separator)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf(kv);
      return i < 0
        ? ([p.trim(), ''] as [string, string])
        : ([p.slice(0, i).trim(), p.slice(i + 1).trim()] as [string, string]);
    });
}
