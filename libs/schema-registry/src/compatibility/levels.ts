import { InvalidCompatibilityLevelError } from '../errors';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from '../types';

export const DEFAULT_COMPATIBILITY_LEVEL: CompatibilityLevel = 'BACKWARD';

/** Parses a level name case-insensitively (Confluent accepts `backward` too); 42203 otherwise. */
export function parseCompatibilityLevel(value: string): CompatibilityLevel {
  const upper = value.trim().toUpperCase();
  const found = COMPATIBILITY_LEVELS.find((l) => l === upper);
  if (!found) throw new InvalidCompatibilityLevelError(value);
  return found;
}

/**
 * Pairwise check: what prevents a consumer holding `reader` from reading data written with `writer`.
 * Labels say which side is the new/old schema so reasons read naturally.
 */
export type ReadCheck<P> = (reader: P, writer: P, labels: { reader: string; writer: string }) => string[];

/**
 * Applies a level to a pairwise reader/writer check. `previous` is ordered oldest first; the
 * non-transitive levels look at the newest only, as Confluent does.
 */
export function checkLevel<P>(
  check: ReadCheck<P>,
  newSchema: P,
  previous: readonly P[],
  level: CompatibilityLevel,
): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const transitive = level.endsWith('_TRANSITIVE');
  const against = transitive ? [...previous].reverse() : [previous[previous.length - 1]];
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const reasons: string[] = [];
  for (let i = 0; i < against.length; i++) {
    const old = against[i];
    const versionNote = transitive ? ` (against previous schema #${previous.length - i} of ${previous.length})` : '';
    if (backward) {
      for (const r of check(newSchema, old, { reader: 'new', writer: 'old' })) reasons.push(`${r}${versionNote}`);
    }
    if (forward) {
      for (const r of check(old, newSchema, { reader: 'old', writer: 'new' })) reasons.push(`${r}${versionNote}`);
    }
  }
  return [...new Set(reasons)];
}
