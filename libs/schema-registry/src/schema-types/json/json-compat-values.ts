import { add, checkLower, checkUpper, num, typeSet, type Ctx, type Obj } from './json-compat-core';

// Value-level rules: enum/const, type widening and narrowing, string and number constraints.

function enumValues(s: Obj): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  if ('const' in s) return [s.const];
  return undefined;
}

export function checkEnum(r: Obj, w: Obj, path: string, ctx: Ctx): void {
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

function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Returns the writer's types (undefined = any) after reporting type narrowing. */
export function checkTypes(r: Obj, w: Obj, path: string, ctx: Ctx): Set<string> | undefined {
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

export function checkString(r: Obj, w: Obj, path: string, ctx: Ctx): void {
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

export function checkNumber(r: Obj, w: Obj, path: string, ctx: Ctx): void {
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
