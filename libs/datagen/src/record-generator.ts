import type { AvroSchema } from './avro-types';
import { compileSchema, type CompiledSchema, type GenContext } from './compile';
import { parseSeed, randomSeed, Rng, type SeedParts } from './prng';

export interface RecordGeneratorOptions {
  /** `random.seed` (a Java long, as decimal text or number). Omitted: a random seed, see `seed`. */
  seed?: string | number | bigint;
  /** The task's id (0..tasks.max-1): tasks with the same seed still produce different streams. */
  taskId?: number;
}

/**
 * Generates Datagen record values from an Avro schema with `arg.properties` rules.
 *
 * Determinism: `generate(n)` is a pure function of (seed, taskId, n). Each record re-seeds the PRNG
 * from those three values, and `iteration` sequences are computed from n (the task's record count,
 * Confluent's `current.iteration` offset) rather than kept as state. A task restarted from offset N
 * calls `generate(N)` next and continues exactly where it left off. `next()` is a convenience that
 * keeps the counter itself.
 */
export class RecordGenerator {
  readonly seed: SeedParts;
  readonly taskId: number;
  private readonly compiled: CompiledSchema;
  private readonly ctx: GenContext;
  private counter = 0;

  constructor(schema: AvroSchema, options: RecordGeneratorOptions = {}) {
    this.compiled = compileSchema(schema);
    if (options.seed === undefined) this.seed = randomSeed();
    else {
      const parsed = parseSeed(options.seed);
      if (!parsed) throw new RangeError(`random.seed ${String(options.seed)} is not a 64-bit integer`);
      this.seed = parsed;
    }
    this.taskId = options.taskId ?? 0;
    this.ctx = { rng: new Rng(), iteration: 0, occurrences: new Int32Array(this.compiled.iterationNodeCount) };
  }

  /** Top-level field names of the (record) schema. */
  get fieldNames(): readonly string[] | undefined {
    return this.compiled.fieldNames;
  }

  /** The record at 0-based position `iteration` of this task's stream. */
  generate(iteration: number): Record<string, unknown> {
    if (!Number.isSafeInteger(iteration) || iteration < 0) throw new RangeError('iteration must be an integer >= 0');
    const ctx = this.ctx;
    ctx.rng.reseed(this.seed.lo, this.seed.hi, this.taskId, iteration);
    ctx.iteration = iteration;
    if (ctx.occurrences.length > 0) ctx.occurrences.fill(0);
    return this.compiled.gen(ctx) as Record<string, unknown>;
  }

  /** Position of the record `next()` returns next. */
  get position(): number {
    return this.counter;
  }

  /** Moves the stream to `iteration` (e.g. the `current.iteration` from a stored source offset). */
  seek(iteration: number): void {
    if (!Number.isSafeInteger(iteration) || iteration < 0) throw new RangeError('iteration must be an integer >= 0');
    this.counter = iteration;
  }

  next(): Record<string, unknown> {
    return this.generate(this.counter++);
  }

  /**
   * The pause before record `iteration`: uniform in [0, maxIntervalMs), 0 when maxIntervalMs <= 0, like
   * the reference task. Drawn from its own stream so it does not disturb the record's values.
   */
  delayMs(iteration: number, maxIntervalMs: number): number {
    if (maxIntervalMs <= 0) return 0;
    const rng = this.delayRng;
    rng.reseed(this.seed.lo ^ 0x5bd1e995, this.seed.hi, this.taskId, iteration);
    return rng.below(maxIntervalMs);
  }

  private readonly delayRng = new Rng();
}
