// What a compiled generator runs with: the task's random stream and its iteration counters.
import type { Rng } from './prng';

/** Per-record generation state. */
export interface GenContext {
  rng: Rng;
  /** The task's record counter (0-based): the position of every `iteration` sequence. */
  iteration: number;
  /** Uses of each iteration node within the current record (only > 0 inside arrays/maps). */
  occurrences: Int32Array;
}

export type Gen = (ctx: GenContext) => unknown;
