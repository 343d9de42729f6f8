/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI schemas and fuzzed bodies are untyped JSON */
// A small seeded generator of hostile input for the OpenAPI fuzz test (randomness from a seeded Rng,
// so a seed replays exactly): bad scalar values, bodies built from an operation's schema and then
// broken in one place, and odd path and query values.
import type { Rng } from '../../support/seeded-random';

const UNICODE = ['ünïcødé', '日本語', '🙂🚀', '\u202e\u202d', 'a\u0301', '\uffff', '\ud800', 'Ω≈ç√'];

/** Scalars and shapes that break naive handlers: wrong types, extremes, odd strings. */
export function badValue(r: Rng): unknown {
  switch (r.int(22)) {
    case 0:
      return null;
    case 1:
      return 'x'.repeat(r.pick([256, 4096, 40_000, 100_000]));
    case 2:
      return r.pick([1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 31, 2 ** 53 + 1]);
    case 3:
      return r.pick([-1, -2147483648, 0, -0]);
    case 4:
      return r.pick([0.5, 1.5, -0.25, 3.14159]);
    case 5:
      return r.pick([true, false]);
    case 6:
      return [];
    case 7:
      return [r.pick(['a', 1, null, {}])];
    case 8:
      return {};
    case 9:
      return { nested: { deeper: [1, 'two', null] } };
    case 10:
      return '';
    case 11:
      return ' ';
    case 12:
      return r.pick(UNICODE);
    case 13:
      return r.pick(['null', 'undefined', 'NaN', 'Infinity', '-1', '1e308', '0x10', '007']);
    case 14:
      return r.pick(["'; DROP TABLE x; --", '<script>alert(1)</script>', '${jndi:ldap://x}', '../../etc/passwd']);
    case 15:
      return r.pick(['%00', '%ff', '%', '{id}', '/', '//', '?', '#', '&a=b']);
    case 16:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    case 17:
      return Array.from({ length: r.pick([100, 1000]) }, (_, i) => i);
    case 18:
      return 'a\tb\nc\rd';
    case 19:
      return r.pick(['true', 'false', '[]', '{}']);
    case 20:
      return r.pick([123456789, 42]);
    default:
      return `${'é'.repeat(r.pick([10, 20_000]))}`;
  }
}

/** Resolves local $refs of the app's own OpenAPI document (allOf merged shallowly). */
export function resolve(doc: any, schema: any, depth = 0): any {
  if (!schema || depth > 8) return {};
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop() as string;
    return resolve(doc, doc.components?.schemas?.[name], depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    return schema.allOf.reduce((acc: any, s: any) => {
      const x = resolve(doc, s, depth + 1);
      return {
        ...acc,
        ...x,
        properties: { ...(acc.properties ?? {}), ...(x.properties ?? {}) },
        required: [...(acc.required ?? []), ...(x.required ?? [])],
      };
    }, {} as any);
  }
  return schema;
}

/** A plausible value for a schema (enums, examples, right types); the base a mutation then breaks. */
export function sample(doc: any, raw: any, r: Rng, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (depth > 6) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return r.pick(schema.enum);
  if (schema.example !== undefined && r.chance(0.7)) return schema.example;
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [k, v] of Object.entries<any>(schema.properties ?? {})) {
        if (required.has(k) || r.chance(0.5)) out[k] = sample(doc, v, r, depth + 1);
      }
      if (schema.additionalProperties && Object.keys(out).length === 0)
        out[`k${r.int(10)}`] = sample(doc, schema.additionalProperties, r, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: 1 + r.int(2) }, () => sample(doc, schema.items ?? {}, r, depth + 1));
    case 'integer':
      return Math.max(schema.minimum ?? 1, 1) + r.int(3);
    case 'number':
      return 1 + r.int(10);
    case 'boolean':
      return r.chance(0.5);
    case 'string':
      return r.pick(['fuzz', 'a', 'x-1', 'lkc-abc123']);
    default:
      return r.pick(['fuzz', 1, true, null]);
  }
}

type Json = unknown;

/** Every place in a JSON value a mutation can hit: [parent, key] pairs, the root as [null, null]. */
function slots(v: Json, out: Array<[any, string | number | null]> = [[null, null]], depth = 0) {
  if (depth > 6 || v === null || typeof v !== 'object') return out;
  for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
    out.push([v, k]);
    slots((v as any)[k], out, depth + 1);
  }
  return out;
}

/** The body broken in one (sometimes two) places: a wrong value, a removed or an extra field. */
export function mutate(base: Json, r: Rng): Json {
  const body = structuredClone(base);
  if (r.chance(0.12)) return badValue(r);
  const rounds = r.chance(0.25) ? 2 : 1;
  let root: Json = body;
  for (let i = 0; i < rounds; i++) {
    const all = slots(root);
    const [parent, key] = r.pick(all);
    if (parent === null) {
      root = r.chance(0.5) ? badValue(r) : Array.isArray(root) ? root : [root];
      continue;
    }
    const action = r.int(10);
    if (action < 6) parent[key as any] = badValue(r);
    else if (action < 8 && !Array.isArray(parent)) delete parent[key as string];
    else if (!Array.isArray(parent))
      parent[r.pick(['extra', 'unknown_field', '__proto__', 'constructor', '$where'])] = badValue(r);
    else parent.push(badValue(r));
  }
  return root;
}

/** Text that is not (valid) JSON, sent raw. */
export function malformedJson(r: Rng): string {
  return r.pick([
    '{',
    '{"a":',
    '[1,2',
    '{"a":1}}',
    "{'single':'quotes'}",
    '{"a":NaN}',
    '{"a":1,}',
    'undefined',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"a":"\u0000"}',
    '"just a string"',
    '1e999999',
    '{"__proto__":{"x":1}}',
    '['.repeat(5000),
    '{"a":' + '['.repeat(2000) + ']'.repeat(2000) + '}',
  ]);
}

/** encodeURIComponent, with lone surrogates sent as their raw (invalid UTF-8) percent bytes. */
export function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s
      .split(/([\ud800-\udfff])/)
      .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
      .join('');
  }
}

/** An odd path segment, already encoded for a URL (some deliberately badly). */
export function oddPathSegment(r: Rng): string {
  const raw = r.pick([
    () => enc(String(badValue(r)).slice(0, 3000)),
    () => r.pick(['%ff', '%', '%2', '%E0%A4%A', '%c0%af', '%2e%2e', '..', '.', '%20', '+']),
    () => enc(r.pick(UNICODE)),
    () => r.pick(['-1', '0', '1e308', '99999999999999999999999', '1.5', 'NaN', 'null', 'lkc-000000', 'env-zzzzzz']),
    () => 'a'.repeat(r.pick([250, 2000, 8000])),
    () => encodeURIComponent('name with spaces/and:colons'),
  ])();
  return raw === '' ? '%20' : raw;
}

/** An odd query value, encoded. */
export function oddQueryValue(r: Rng): string {
  return r.chance(0.2)
    ? r.pick(['%ff', '%', '%E0%A4%A'])
    : enc(String(r.pick([badValue(r), -1, 0, 1e308, 'x'.repeat(3000), 'true', '[]'])).slice(0, 4000));
}
