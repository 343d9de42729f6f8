import type { ResolvedReference } from './types';

/**
 * Flattens nested resolved references into dependency order (a schema's own references before
 * it), keeping the first occurrence of each name, so providers can load them one by one.
 */
export function flattenReferences(refs: readonly ResolvedReference[] | undefined): ResolvedReference[] {
  const out: ResolvedReference[] = [];
  const seen = new Set<string>();
  const visit = (list: readonly ResolvedReference[], depth: number): void => {
    // A reference cycle cannot come from a registry (versions are immutable); stop anyway.
    if (depth > 64) return;
    for (const r of list) {
      if (seen.has(r.name)) continue;
      seen.add(r.name);
      if (r.references?.length) visit(r.references, depth + 1);
      out.push(r);
    }
  };
  visit(refs ?? [], 0);
  return out;
}
