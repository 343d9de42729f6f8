// JSONPath with Jayway semantics where they differ from jsonpath-plus: a filter applied to an
// object tests the object itself (Jayway), not its children (jsonpath-plus).
import { JSONPath } from 'jsonpath-plus';

const IN_OPERATOR = /(@[\w.$'"[\]-]*)\s+(nin|in)\s+\[([^\]]*)\]/g;

/**
 * Jayway filter operators that jsonpath-plus's safe evaluator lacks: `in` / `nin` become
 * ==/|| and !=/&& chains; `=~` and the set operators are refused (no code evaluation).
 */
export function translateJaywayFilter(path: string): string {
  if (/=~|\b(subsetof|anyof|noneof|size|empty)\b/.test(path))
    throw new Error('JSONPath filter operators =~, subsetof, anyof, noneof, size and empty are not supported');
  return path.replace(IN_OPERATOR, (_m, lhs: string, op: string, list: string) => {
    const items = list
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (items.length === 0) return op === 'in' ? 'false' : 'true';
    return '(' + items.map((i) => `${lhs} ${op === 'in' ? '==' : '!='} ${i}`).join(op === 'in' ? ' || ' : ' && ') + ')';
  });
}

export function jsonPathQuery(path: string, json: unknown): unknown[] {
  const p = path.startsWith('$') ? path : '$' + (path.startsWith('[') ? '' : '.') + path;
  return JSONPath({ path: translateJaywayFilter(p), json: json as object, wrap: true, eval: 'safe' }) as unknown[];
}

/** Reading a property of a missing field inside a filter: Jayway treats it as "no match". */
function isMissingFieldError(e: unknown): boolean {
  return e instanceof Error && /Cannot read propert/.test(e.message);
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
      if (depth === 0)
        return { prefix: path.slice(0, start) || '$', filter: path.slice(start, i + 1), rest: path.slice(i + 1) };
    }
  }
  throw new Error('Unbalanced filter expression in path: ' + path);
}

/** Validates syntax by running the path on sample documents so filter expressions get parsed. */
export function checkJsonPath(path: string): void {
  if (!path.trim().startsWith('$')) throw new Error('Path must start with $');
  const split = splitFirstFilter(path);
  jsonPathQuery(path, {});
  if (split) {
    try {
      jsonPathQuery('$' + split.filter + split.rest, [{}]);
    } catch (e) {
      if (!isMissingFieldError(e)) throw e;
    }
  }
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
  const filterPath = '$' + split.filter + split.rest;
  for (const base of bases) {
    // Each candidate separately, so a missing nested field only fails its own test.
    for (const element of Array.isArray(base) ? base : [base]) {
      try {
        if (jsonPathQuery(filterPath, [element]).length > 0) return 'match';
      } catch (e) {
        if (!isMissingFieldError(e)) throw e;
      }
    }
  }
  return 'nomatch';
}
