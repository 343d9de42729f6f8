import type { JsonSchemaNode } from './json-refs';
import { checkArray } from './json-compat-arrays';
import { acceptsEverything, add, asObj, subSide, typeSet, type Ctx, type Obj, type Side } from './json-compat-core';
import { checkObject } from './json-compat-objects';
import { checkEnum, checkNumber, checkString, checkTypes } from './json-compat-values';

// Confluent's JSON Schema rules, read as "does the reader schema accept every document the
// writer schema accepts?". BACKWARD reads old data with the new schema, FORWARD the reverse.
// Names of the reasons follow Confluent's (PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, …). This file
// resolves $refs, guards recursion and handles combinators; json-compat-*.ts hold the rules.

/** Guard against merged (non-identical) objects recursing forever through recursive schemas. */
const MAX_DEPTH = 400;

export function jsonReadIncompatibilities(
  reader: Side,
  writer: Side,
  labels: { reader: string; writer: string },
): string[] {
  const ctx: Ctx = { reasons: [], labels, inProgress: new WeakMap(), depth: 0, check, readable };
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
