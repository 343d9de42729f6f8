import type { JsonRefResolver, JsonSchemaNode, Located } from './json-refs';

// Shared vocabulary of the JSON Schema compatibility rules (json-compatibility.ts and the
// json-compat-*.ts rule files): the two sides under comparison and the running context.

export type Obj = Record<string, unknown>;

export interface Side {
  loc: Located;
  resolver: JsonRefResolver;
}

export interface Ctx {
  reasons: string[];
  labels: { reader: string; writer: string };
  inProgress: WeakMap<object, WeakSet<object>>;
  depth: number;
  /** Recurse into a sub-schema pair (passed in so rule files need not import the entry point). */
  check: (reader: Side, writer: Side, path: string, ctx: Ctx) => void;
  /** Whether the pair is compatible, without recording reasons. */
  readable: (reader: Side, writer: Side, ctx: Ctx) => boolean;
}

export const ANNOTATIONS = new Set([
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

/** true, {} or only annotations: accepts every document. */
export function acceptsEverything(s: JsonSchemaNode): boolean {
  if (s === true) return true;
  if (s === false) return false;
  return Object.keys(s).every((k) => ANNOTATIONS.has(k));
}

export function add(ctx: Ctx, type: string, path: string, detail: string): void {
  ctx.reasons.push(`{errorType:'${type}', path:'#${path}', description:'${detail}'}`);
}

export const asObj = (s: JsonSchemaNode): Obj => (s === true ? {} : s === false ? { not: {} } : s);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
export const subSide = (side: Side, node: unknown): Side => ({
  loc: { node: (node ?? true) as JsonSchemaNode, doc: side.loc.doc },
  resolver: side.resolver,
});

export function typeSet(s: Obj): Set<string> | undefined {
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type as string[]);
  return undefined;
}

/** Reader upper bound must not be below the writer's; a missing writer bound is unbounded. */
export function checkUpper(name: string, rv: number | undefined, wv: number | undefined, path: string, ctx: Ctx): void {
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

export function checkLower(name: string, rv: number | undefined, wv: number | undefined, path: string, ctx: Ctx): void {
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
