import { add, checkLower, checkUpper, num, subSide, type Ctx, type Obj, type Side } from './json-compat-core';

// Array rules: tuple items, the item tail (items / additionalItems / unevaluatedItems), sizes,
// uniqueness and contains.

/** Item schema at a tuple index, and the schema for items past the tuple (drafts 4-7 and 2020-12). */
function itemModel(s: Obj): { tuple: unknown[]; tail: unknown } {
  // unevaluatedItems acts as the tail when nothing else does (a partially open array model).
  if (Array.isArray(s.prefixItems)) return { tuple: s.prefixItems, tail: s.items ?? s.unevaluatedItems ?? true };
  if (Array.isArray(s.items)) return { tuple: s.items, tail: s.additionalItems ?? s.unevaluatedItems ?? true };
  // A lone additionalItems has no effect by the spec; Confluent still compares it, and so do we.
  return { tuple: [], tail: s.items ?? s.additionalItems ?? s.unevaluatedItems ?? true };
}

export function checkArray(reader: Side, writer: Side, r: Obj, w: Obj, path: string, ctx: Ctx): void {
  const rm = itemModel(r);
  const wm = itemModel(w);
  const n = Math.max(rm.tuple.length, wm.tuple.length);
  for (let i = 0; i < n; i++) {
    ctx.check(
      subSide(reader, i < rm.tuple.length ? rm.tuple[i] : rm.tail),
      subSide(writer, i < wm.tuple.length ? wm.tuple[i] : wm.tail),
      `${path}/items/${i}`,
      ctx,
    );
  }
  ctx.check(subSide(reader, rm.tail), subSide(writer, wm.tail), `${path}/items`, ctx);
  checkUpper('MAX_ITEMS', num(r.maxItems), num(w.maxItems), path, ctx);
  checkLower('MIN_ITEMS', num(r.minItems), num(w.minItems), path, ctx);
  if (r.uniqueItems === true && w.uniqueItems !== true)
    add(ctx, 'UNIQUE_ITEMS_ADDED', `${path}/uniqueItems`, `The ${ctx.labels.reader} schema adds uniqueItems`);
  if (r.contains !== undefined) {
    // The reader needs enough items matching its `contains`; the writer must guarantee them.
    if (w.contains === undefined) {
      add(ctx, 'CONTAINS_ADDED', `${path}/contains`, `The ${ctx.labels.reader} schema adds "contains"`);
    } else {
      ctx.check(subSide(reader, r.contains), subSide(writer, w.contains), `${path}/contains`, ctx);
      checkLower('MIN_CONTAINS', num(r.minContains) ?? 1, num(w.minContains) ?? 1, path, ctx);
      checkUpper('MAX_CONTAINS', num(r.maxContains), num(w.maxContains), path, ctx);
    }
  }
}
