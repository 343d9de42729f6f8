// Query parameters of the Connect v1 connector routes (expand, boolean flags), as Confluent parses them.
import { ApiError } from '@libs/api-common';

export type Expansion = 'id' | 'info' | 'status';
const EXPANSIONS: readonly Expansion[] = ['id', 'info', 'status'];

/**
 * `expand=id,info` and/or `expand=id&expand=status`; unknown tokens are a 400. null: no expand.
 * `allowed`: Connect v1 takes id, info, status; Kafka Connect's worker API info and status.
 */
export function parseExpand(raw: unknown, allowed: readonly Expansion[] = EXPANSIONS): Set<Expansion> | null {
  if (raw === undefined) return null;
  const values = Array.isArray(raw) ? raw : [raw];
  const out = new Set<Expansion>();
  for (const v of values) {
    if (typeof v !== 'string')
      throw ApiError.badRequest(`expand must be a comma-separated list of ${allowed.join(', ')}`);
    for (const token of v
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')) {
      if (!allowed.includes(token as Expansion))
        throw ApiError.badRequest(`Unknown expand value "${token}": use ${allowed.join(', ')}`);
      out.add(token as Expansion);
    }
  }
  return out.size === 0 ? null : out;
}

/** A JSON boolean query flag ("true"/"false", default false). */
export function parseFlag(raw: unknown, name: string): boolean {
  if (raw === undefined || raw === '') return false;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw ApiError.badRequest(`query parameter ${name} must be true or false`);
}
