import type { JsonRefResolver, JsonSchemaNode, Located } from './json-refs';

// Confluent's JSON Schema rules, read as "does the reader schema accept every document the
// writer schema accepts?". BACKWARD reads old data with the new schema, FORWARD the reverse.
// Names of the reasons follow Confluent's (PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, …).

type Obj = Record<string, unknown>;

interface Side {
  loc: Located;
  resolver: JsonRefResolver;
}

interface Ctx {
  reasons: string[];
  labels: { reader: string; writer: string };
  inProgress: WeakMap<object, WeakSet<object>>;
  depth: number;
}

const ANNOTATIONS = new Set([
  'title',
  'description',
  '$comment',
  'default',
  'examples',
  '$schema',
  '$id',
  'id',
  'readOnly',
  'writeOnly',
  'deprecated',
  'definitions',
  '$defs',
  'format',
  '$anchor',
  'contentMediaType',
  'contentEncoding',
]);
/** Guard against merged (non-identical) objects recursing forever through recursive schemas. */
const MAX_DEPTH = 400;

/** true, {} or only annotations: accepts every document. */
export function acceptsEverything(s: JsonSchemaNode): boolean {
  if (s === true) return true;
  if (s === false) return false;
  return Object.keys(s).every((k) => ANNOTATIONS.has(k));
}

function add(ctx: Ctx, type: string, path: string, detail: string): void {
  ctx.reasons.push(`{errorType:'${type}', path:'#${path}', description:'${detail}'}`);
}

const asObj = (s: JsonSchemaNode): Obj => (s === true ? {} : s === false ? { not: {} } : s);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const subSide = (side: Side, node: unknown): Side => ({
  loc: { node: (node ?? true) as JsonSchemaNode, doc: side.loc.doc },
  resolver: side.resolver,
});

export function jsonReadIncompatibilities(
  reader: Side,
  writer: Side,
  labels: { reader: string; writer: string },
): string[] {
  const ctx: Ctx = { reasons: [], labels, inProgress: new WeakMap(), depth: 0 };
  check(reader, writer, '', ctx);
  return ctx.reasons;
}

function readable(reader: Side, writer: Side, ctx: Ctx): boolean {
  const sub: Ctx = { ...ctx, reasons: [] };
  check(reader, writer, '', sub);
  return sub.reasons.length === 0;
}

function check(readerIn: Side, writerIn: Side, path: string, ctx: Ctx): void {
  if (ctx.depth > MAX_DEPTH) return;
  const reader: Side = { ...readerIn, loc: readerIn.resolver.deref(readerIn.loc) };
  const writer: Side = { ...writerIn, loc: writerIn.resolver.deref(writerIn.loc) };
  const r = reader.loc.node;
  const w = writer.loc.node;
  if (w === false || acceptsEverything(r)) return;
  if (typeof r === 'object' && typeof w === 'object') {
    let seen = ctx.inProgress.get(r);
    if (seen?.has(w)) return;
    if (!seen) ctx.inProgress.set(r, (seen = new WeakSet()));
    seen.add(w);
  }
  ctx.depth++;
  try {
    checkObjects(reader, writer, path, ctx);
  } finally {
    ctx.depth--;
  }
}

/** Shallow-merges `allOf` members into the schema: union of required, merged properties. */
function flattenAllOf(side: Side): Side {
  const s = asObj(side.loc.node);
  if (!Array.isArray(s.allOf)) return side;
  const { allOf, ...base } = s;
  const merged: Obj = { ...base };
  let types = typeSet(base);
  for (const part of allOf as unknown[]) {
    const p = asObj(side.resolver.deref({ node: part as JsonSchemaNode, doc: side.loc.doc }).node);
    for (const [k, v] of Object.entries(p)) {
      if (k === 'required')
        merged.required = [...new Set([...((merged.required as string[]) ?? []), ...(v as string[])])];
      else if (k === 'properties') merged.properties = { ...((merged.properties as Obj) ?? {}), ...(v as Obj) };
      else if (k === 'type') types = intersectTypes(types, typeSet(p) as Set<string>);
      else if (!(k in merged)) merged[k] = v;
    }
  }
  // Conjunction of types: an empty intersection accepts nothing (e.g. allOf number and string).
  if (types && types.size === 0) return { ...side, loc: { node: false, doc: side.loc.doc } };
  if (types) merged.type = [...types];
  return { ...side, loc: { node: merged, doc: side.loc.doc } };
}

function intersectTypes(a: Set<string> | undefined, b: Set<string>): Set<string> {
  if (!a) return b;
  const out = new Set<string>();
  for (const t of a) {
    if (b.has(t)) out.add(t);
    else if (t === 'integer' && b.has('number')) out.add('integer');
    else if (t === 'number' && b.has('integer')) out.add('integer');
  }
  return out;
}

/** oneOf/anyOf as alternatives, each combined with the keywords beside it. */
function alternatives(side: Side): Side[] | undefined {
  const s = asObj(side.loc.node);
  const key = Array.isArray(s.oneOf) ? 'oneOf' : Array.isArray(s.anyOf) ? 'anyOf' : undefined;
  if (!key) return undefined;
  const { [key]: branches, ...base } = s;
  return (branches as unknown[]).map((b) => {
    const d = asObj(side.resolver.deref({ node: b as JsonSchemaNode, doc: side.loc.doc }).node);
    return subSide(side, { ...base, ...d });
  });
}

function checkObjects(readerIn: Side, writerIn: Side, path: string, ctx: Ctx): void {
  const { reader: rl, writer: wl } = ctx.labels;
  const reader = flattenAllOf(readerIn);
  const writer = flattenAllOf(writerIn);
  const wAlts = alternatives(writer);
  if (wAlts) {
    // Every shape the writer may produce must be readable.
    wAlts.forEach((alt, i) => {
      const rAlts = alternatives(reader);
      if (rAlts) {
        if (!rAlts.some((ra) => readable(ra, alt, ctx))) {
          add(
            ctx,
            'SUM_TYPE_NARROWED',
            `${path}/oneOf/${i}`,
            `The ${wl} schema's alternative #${i} is not accepted by any alternative of the ${rl} schema`,
          );
        }
      } else {
        check(reader, alt, `${path}/oneOf/${i}`, ctx);
      }
    });
    return;
  }
  const rAlts = alternatives(reader);
  if (rAlts) {
    if (!rAlts.some((ra) => readable(ra, writer, ctx))) {
      add(ctx, 'SUM_TYPE_NARROWED', path, `No alternative of the ${rl} schema accepts what the ${wl} schema accepts`);
    }
    return;
  }
  const r = asObj(reader.loc.node);
  const w = asObj(writer.loc.node);

  if (r.not !== undefined) {
    // Reader forbids r.not; writer must already forbid at least that much.
    if (w.not === undefined || !readable(subSide(writer, w.not), subSide(reader, r.not), ctx)) {
      add(
        ctx,
        'NOT_TYPE_EXTENDED',
        `${path}/not`,
        `The ${rl} schema's "not" rejects documents the ${wl} schema accepts`,
      );
    }
  }

  checkEnum(r, w, path, ctx);
  const wTypes = checkTypes(r, w, path, ctx);
  const accepts = (t: string): boolean =>
    wTypes === undefined || wTypes.has(t) || (t === 'number' && wTypes.has('integer'));
  if (accepts('string')) checkString(r, w, path, ctx);
  if (accepts('number') || accepts('integer')) checkNumber(r, w, path, ctx);
  if (accepts('array')) checkArray(reader, writer, r, w, path, ctx);
  if (accepts('object')) checkObject(reader, writer, r, w, path, ctx);
}

function enumValues(s: Obj): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  if ('const' in s) return [s.const];
  return undefined;
}

function checkEnum(r: Obj, w: Obj, path: string, ctx: Ctx): void {
  const rv = enumValues(r);
  if (!rv) return;
  const wv = enumValues(w);
  const key = (v: unknown): string => JSON.stringify(v);
  const allowed = new Set(rv.map(key));
  if (!wv) {
    add(
      ctx,
      'ENUM_ARRAY_NARROWED',
      `${path}/enum`,
      `The ${ctx.labels.reader} schema restricts values to an enum the ${ctx.labels.writer} schema does not have`,
    );
  } else {
    const missing = wv.filter((v) => !allowed.has(key(v)));
    if (missing.length)
      add(
        ctx,
        'ENUM_ARRAY_NARROWED',
        `${path}/enum`,
        `The ${ctx.labels.reader} schema's enum lacks ${missing.map(key).join(', ')}`,
      );
  }
}

function typeSet(s: Obj): Set<string> | undefined {
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type as string[]);
  return undefined;
}

/** Returns the writer's types (undefined = any) after reporting type narrowing. */
function checkTypes(r: Obj, w: Obj, path: string, ctx: Ctx): Set<string> | undefined {
  const rt = typeSet(r);
  const wt = typeSet(w);
  if (!rt) return wt;
  if (!wt) {
    // A writer enum of values that all have reader types is fine without a writer "type".
    const wv = enumValues(w);
    if (
      wv &&
      wv.every(
        (v) =>
          rt.has(jsonTypeOf(v)) ||
          (jsonTypeOf(v) === 'integer' && rt.has('number')) ||
          (jsonTypeOf(v) === 'number' && Number.isInteger(v) && rt.has('integer')),
      )
    )
      return rt;
    add(
      ctx,
      'TYPE_NARROWED',
      `${path}/type`,
      `The ${ctx.labels.reader} schema accepts only ${[...rt].join(', ')}, the ${ctx.labels.writer} schema accepts any type`,
    );
    return wt;
  }
  const lost = [...wt].filter((t) => !rt.has(t) && !(t === 'integer' && rt.has('number')));
  if (lost.length) {
    const overlap = [...wt].some(
      (t) => rt.has(t) || (t === 'integer' && rt.has('number')) || (t === 'number' && rt.has('integer')),
    );
    add(
      ctx,
      overlap ? 'TYPE_NARROWED' : 'TYPE_CHANGED',
      `${path}/type`,
      `The ${ctx.labels.reader} schema's type ${[...rt].join('|')} does not accept ${lost.join('|')} from the ${ctx.labels.writer} schema's type ${[...wt].join('|')}`,
    );
  }
  return wt;
}

function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Reader upper bound must not be below the writer's; a missing writer bound is unbounded. */
function checkUpper(name: string, rv: number | undefined, wv: number | undefined, path: string, ctx: Ctx): void {
  if (rv === undefined) return;
  if (wv === undefined)
    add(
      ctx,
      `${name}_ADDED`,
      `${path}/${name.toLowerCase()}`,
      `The ${ctx.labels.reader} schema adds ${name.toLowerCase()} ${rv}`,
    );
  else if (wv > rv)
    add(
      ctx,
      `${name}_DECREASED`,
      `${path}/${name.toLowerCase()}`,
      `The ${ctx.labels.reader} schema's ${name.toLowerCase()} ${rv} is below the ${ctx.labels.writer} schema's ${wv}`,
    );
}

function checkLower(name: string, rv: number | undefined, wv: number | undefined, path: string, ctx: Ctx): void {
  if (rv === undefined || rv <= 0) return;
  if (wv === undefined)
    add(
      ctx,
      `${name}_ADDED`,
      `${path}/${name.toLowerCase()}`,
      `The ${ctx.labels.reader} schema adds ${name.toLowerCase()} ${rv}`,
    );
  else if (wv < rv)
    add(
      ctx,
      `${name}_INCREASED`,
      `${path}/${name.toLowerCase()}`,
      `The ${ctx.labels.reader} schema's ${name.toLowerCase()} ${rv} is above the ${ctx.labels.writer} schema's ${wv}`,
    );
}

function checkString(r: Obj, w: Obj, path: string, ctx: Ctx): void {
  checkUpper('MAX_LENGTH', num(r.maxLength), num(w.maxLength), path, ctx);
  checkLower('MIN_LENGTH', num(r.minLength), num(w.minLength), path, ctx);
  if (typeof r.pattern === 'string' && r.pattern !== w.pattern) {
    add(
      ctx,
      w.pattern === undefined ? 'PATTERN_ADDED' : 'PATTERN_CHANGED',
      `${path}/pattern`,
      `The ${ctx.labels.reader} schema requires pattern ${r.pattern}`,
    );
  }
}

interface Bound {
  value: number;
  exclusive: boolean;
}

/** Effective bound from draft-4 (boolean exclusive*) or draft-6+ (numeric exclusive*) keywords. */
function bound(
  s: Obj,
  inclusiveKey: 'maximum' | 'minimum',
  exclusiveKey: 'exclusiveMaximum' | 'exclusiveMinimum',
  upper: boolean,
): Bound | undefined {
  const inc = num(s[inclusiveKey]);
  const exc = s[exclusiveKey];
  const cands: Bound[] = [];
  if (inc !== undefined) cands.push({ value: inc, exclusive: exc === true });
  if (typeof exc === 'number') cands.push({ value: exc, exclusive: true });
  if (!cands.length) return undefined;
  return cands.reduce((a, b) => {
    if (a.value === b.value) return { value: a.value, exclusive: a.exclusive || b.exclusive };
    return upper === a.value < b.value ? a : b;
  });
}

function checkNumber(r: Obj, w: Obj, path: string, ctx: Ctx): void {
  const { reader: rl, writer: wl } = ctx.labels;
  const rMax = bound(r, 'maximum', 'exclusiveMaximum', true);
  const wMax = bound(w, 'maximum', 'exclusiveMaximum', true);
  if (rMax) {
    if (!wMax) add(ctx, 'MAXIMUM_ADDED', `${path}/maximum`, `The ${rl} schema adds maximum ${rMax.value}`);
    else if (wMax.value > rMax.value || (wMax.value === rMax.value && rMax.exclusive && !wMax.exclusive)) {
      add(
        ctx,
        'MAXIMUM_DECREASED',
        `${path}/maximum`,
        `The ${rl} schema's maximum ${rMax.value} is below the ${wl} schema's ${wMax.value}`,
      );
    }
  }
  const rMin = bound(r, 'minimum', 'exclusiveMinimum', false);
  const wMin = bound(w, 'minimum', 'exclusiveMinimum', false);
  if (rMin) {
    if (!wMin) add(ctx, 'MINIMUM_ADDED', `${path}/minimum`, `The ${rl} schema adds minimum ${rMin.value}`);
    else if (wMin.value < rMin.value || (wMin.value === rMin.value && rMin.exclusive && !wMin.exclusive)) {
      add(
        ctx,
        'MINIMUM_INCREASED',
        `${path}/minimum`,
        `The ${rl} schema's minimum ${rMin.value} is above the ${wl} schema's ${wMin.value}`,
      );
    }
  }
  const rm = num(r.multipleOf);
  if (rm !== undefined) {
    const wm = num(w.multipleOf);
    if (wm === undefined) add(ctx, 'MULTIPLE_OF_ADDED', `${path}/multipleOf`, `The ${rl} schema adds multipleOf ${rm}`);
    else if (!Number.isInteger(wm / rm))
      add(
        ctx,
        'MULTIPLE_OF_CHANGED',
        `${path}/multipleOf`,
        `The ${rl} schema's multipleOf ${rm} does not divide the ${wl} schema's ${wm}`,
      );
  }
}

/** Item schema at a tuple index, and the schema for items past the tuple (drafts 4-7 and 2020-12). */
function itemModel(s: Obj): { tuple: unknown[]; tail: unknown } {
  // unevaluatedItems acts as the tail when nothing else does (a partially open array model).
  if (Array.isArray(s.prefixItems)) return { tuple: s.prefixItems, tail: s.items ?? s.unevaluatedItems ?? true };
  if (Array.isArray(s.items)) return { tuple: s.items, tail: s.additionalItems ?? s.unevaluatedItems ?? true };
  // A lone additionalItems has no effect by the spec; Confluent still compares it, and so do we.
  return { tuple: [], tail: s.items ?? s.additionalItems ?? s.unevaluatedItems ?? true };
}

function checkArray(reader: Side, writer: Side, r: Obj, w: Obj, path: string, ctx: Ctx): void {
  const rm = itemModel(r);
  const wm = itemModel(w);
  const n = Math.max(rm.tuple.length, wm.tuple.length);
  for (let i = 0; i < n; i++) {
    check(
      subSide(reader, i < rm.tuple.length ? rm.tuple[i] : rm.tail),
      subSide(writer, i < wm.tuple.length ? wm.tuple[i] : wm.tail),
      `${path}/items/${i}`,
      ctx,
    );
  }
  check(subSide(reader, rm.tail), subSide(writer, wm.tail), `${path}/items`, ctx);
  checkUpper('MAX_ITEMS', num(r.maxItems), num(w.maxItems), path, ctx);
  checkLower('MIN_ITEMS', num(r.minItems), num(w.minItems), path, ctx);
  if (r.uniqueItems === true && w.uniqueItems !== true)
    add(ctx, 'UNIQUE_ITEMS_ADDED', `${path}/uniqueItems`, `The ${ctx.labels.reader} schema adds uniqueItems`);
  if (r.contains !== undefined) {
    // The reader needs enough items matching its `contains`; the writer must guarantee them.
    if (w.contains === undefined) {
      add(ctx, 'CONTAINS_ADDED', `${path}/contains`, `The ${ctx.labels.reader} schema adds "contains"`);
    } else {
      check(subSide(reader, r.contains), subSide(writer, w.contains), `${path}/contains`, ctx);
      checkLower('MIN_CONTAINS', num(r.minContains) ?? 1, num(w.minContains) ?? 1, path, ctx);
      checkUpper('MAX_CONTAINS', num(r.maxContains), num(w.maxContains), path, ctx);
    }
  }
}

/** Schema a property name not listed in `properties` gets: patternProperties, else additionalProperties. */
function extraPropertySchema(s: Obj, name: string): unknown {
  const pp = s.patternProperties as Obj | undefined;
  if (pp) {
    for (const [pattern, schema] of Object.entries(pp)) {
      try {
        if (new RegExp(pattern, 'u').test(name)) return schema;
      } catch {
        // invalid regexes were refused at parse time
      }
    }
  }
  return s.additionalProperties ?? s.unevaluatedProperties ?? true;
}

function checkObject(reader: Side, writer: Side, r: Obj, w: Obj, path: string, ctx: Ctx): void {
  const { reader: rl, writer: wl } = ctx.labels;
  const rp = (r.properties as Obj | undefined) ?? {};
  const wp = (w.properties as Obj | undefined) ?? {};
  for (const name of Object.keys(wp)) {
    const p = `${path}/properties/${name}`;
    if (name in rp) {
      check(subSide(reader, rp[name]), subSide(writer, wp[name]), p, ctx);
      continue;
    }
    // `"foo": false` in the writer: it never wrote foo, so the reader may drop it.
    if (wp[name] === false) continue;
    const rExtra = extraPropertySchema(r, name) as JsonSchemaNode;
    if (rExtra === false) {
      add(
        ctx,
        'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        p,
        `Property '${name}' of the ${wl} schema is not allowed by the closed content model of the ${rl} schema`,
      );
    } else if (!acceptsEverything(rExtra) && !readable(subSide(reader, rExtra), subSide(writer, wp[name]), ctx)) {
      add(
        ctx,
        'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        p,
        `Property '${name}' of the ${wl} schema is not accepted by the ${rl} schema's additional/pattern properties`,
      );
    }
  }
  for (const name of Object.keys(rp)) {
    if (name in wp) continue;
    const p = `${path}/properties/${name}`;
    const wExtra = extraPropertySchema(w, name) as JsonSchemaNode;
    if (wExtra === false) continue; // the writer could never produce it: adding to a closed model is fine
    if (acceptsEverything(wExtra)) {
      if (!acceptsEverything(rp[name] as JsonSchemaNode)) {
        add(
          ctx,
          'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
          p,
          `Property '${name}' added by the ${rl} schema may already hold any value under the open content model of the ${wl} schema`,
        );
      }
    } else if (!readable(subSide(reader, rp[name]), subSide(writer, wExtra), ctx)) {
      add(
        ctx,
        'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        p,
        `Property '${name}' added by the ${rl} schema does not accept what the ${wl} schema's additional/pattern properties allow`,
      );
    }
  }
  const wRequired = new Set((w.required as string[] | undefined) ?? []);
  for (const name of (r.required as string[] | undefined) ?? []) {
    if (wRequired.has(name)) continue;
    // Like Confluent, only declared properties count: requiring an undeclared name is not checked.
    if (!(name in rp)) continue;
    // Confluent lets a required property with a default through.
    const prop = rp[name];
    if (prop && typeof prop === 'object' && 'default' in (prop as Obj)) continue;
    add(
      ctx,
      'REQUIRED_ATTRIBUTE_ADDED',
      `${path}/required/${name}`,
      `The ${rl} schema requires '${name}', which the ${wl} schema does not require`,
    );
  }
  const rAdd = (r.additionalProperties ?? true) as JsonSchemaNode;
  const wAdd = (w.additionalProperties ?? true) as JsonSchemaNode;
  if (rAdd === false && wAdd !== false) {
    add(
      ctx,
      'ADDITIONAL_PROPERTIES_REMOVED',
      `${path}/additionalProperties`,
      `The ${rl} schema closes the content model the ${wl} schema left open`,
    );
  } else if (!acceptsEverything(rAdd) && rAdd !== false) {
    if (acceptsEverything(wAdd))
      add(
        ctx,
        'ADDITIONAL_PROPERTIES_NARROWED',
        `${path}/additionalProperties`,
        `The ${rl} schema restricts additional properties the ${wl} schema allows freely`,
      );
    else check(subSide(reader, rAdd), subSide(writer, wAdd), `${path}/additionalProperties`, ctx);
  }
  const rpp = (r.patternProperties as Obj | undefined) ?? {};
  const wpp = (w.patternProperties as Obj | undefined) ?? {};
  for (const [pattern, schema] of Object.entries(rpp)) {
    const p = `${path}/patternProperties/${pattern}`;
    if (pattern in wpp) check(subSide(reader, schema), subSide(writer, wpp[pattern]), p, ctx);
    else if (
      wAdd !== false &&
      !acceptsEverything(schema as JsonSchemaNode) &&
      !readable(subSide(reader, schema), subSide(writer, wAdd), ctx)
    ) {
      add(
        ctx,
        'PATTERN_PROPERTY_ADDED',
        p,
        `The ${rl} schema constrains properties matching ${pattern}, which the ${wl} schema allows freely`,
      );
    }
  }
  checkUpper('MAX_PROPERTIES', num(r.maxProperties), num(w.maxProperties), path, ctx);
  checkLower('MIN_PROPERTIES', num(r.minProperties), num(w.minProperties), path, ctx);
  for (const key of ['dependencies', 'dependentRequired', 'dependentSchemas'] as const) {
    const rd = (r[key] as Obj | undefined) ?? {};
    const wd = (w[key] as Obj | undefined) ?? {};
    for (const [prop, dep] of Object.entries(rd)) {
      if (JSON.stringify(dep) !== JSON.stringify(wd[prop])) {
        add(
          ctx,
          prop in wd ? 'DEPENDENCY_CHANGED' : 'DEPENDENCY_ADDED',
          `${path}/${key}/${prop}`,
          `The ${rl} schema adds or changes the ${key} entry for '${prop}'`,
        );
      }
    }
  }
}
