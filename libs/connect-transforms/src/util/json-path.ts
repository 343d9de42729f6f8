// JSONPath with Jayway semantics where they differ from jsonpath-plus: a filter applied to an
// object tests the object itself (Jayway), not its children (jsonpath-plus).
import { JSONPath } from 'jsonpath-plus';

export function jsonPathQuery(path: string, json: unknown): unknown[] {
  const p = path.startsWith('$') ? path : '$' + (path.startsWith('[') ? '' : '.') + path;
  return JSONPath({ path: p, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
}

export interface SplitFilter {
  prefix: string;
  filter: string;
  rest: string;
}

/** Splits `$.a[?(@.x == 1)].b` into `$.a`, `[?(@.x == 1)]`, `.b`; null when there is no filter. */
export function splitFirstFilter(path: string): SplitFilter | null {
  const start = path.indexOf('[?(');
  if (start < 0) return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0) return { prefix: path.slice(0, start) || '$', filter: path.slice(start, i + 1), rest: path.slice(i + 1) };
    }
  }
  throw new Error('Unbalanced filter expression in path: ' + path);
}

/** Validates syntax by running the path once on an empty document. */
export function checkJsonPath(path: string): void {
  if (!path.trim().startsWith('$')) throw new Error('Path must start with $');
  splitFirstFilter(path);
  jsonPathQuery(path, {});
}

export type MatchResult = 'match' | 'nomatch' | 'missing';

/**
 * Does `condition` select anything in `json`? 'missing' when the part of the path before the
 * first filter selects nothing or only nulls (Confluent's missing.or.null.behavior case).
 */
export function evaluateCondition(condition: string, json: unknown): MatchResult {
  if (json === null || json === undefined) return 'missing';
  const split = splitFirstFilter(condition);
  if (!split) {
    const r = jsonPathQuery(condition, json).filter((x) => x !== null && x !== undefined);
    return r.length > 0 ? 'match' : 'missing';
  }
  const bases = jsonPathQuery(split.prefix, json).filter((x) => x !== null && x !== undefined);
  if (bases.length === 0) return 'missing';
  for (const base of bases) {
    const target = Array.isArray(base) ? base : [base];
    if (jsonPathQuery('$' + split.filter + split.rest, target).length > 0) return 'match';
  }
  return 'nomatch';
}
