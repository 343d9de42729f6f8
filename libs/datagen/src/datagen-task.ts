import type { AvroSchema } from './avro-types';
import { keyString } from './keys';
import { RecordGenerator } from './record-generator';
import type { DatagenConfig } from './validate-config';

/** Source partition of a Datagen task, as the reference connector writes it. */
export interface DatagenSourcePartition {
  'task.id': number;
}

/** Source offset after a record: the task's *next* state (reference connector layout). */
export interface DatagenSourceOffset {
  'task.generation': number;
  'current.iteration': number;
  'random.seed': string;
}

export interface DatagenRecord {
  /** 0-based position of this record in the task's stream (Confluent's `current.iteration` header). */
  iteration: number;
  /** The key field's value, typed by its schema (null without a key field). */
  keyValue: unknown;
  /** The key as Cloud writes it through StringConverter (null without a key field). */
  key: string | null;
  value: Record<string, unknown>;
  /** The three Long headers every reference record carries. */
  headers: { 'task.generation': number; 'task.id': number; 'current.iteration': number };
  sourcePartition: DatagenSourcePartition;
  sourceOffset: DatagenSourceOffset;
}

/**
 * One task's record stream: generation, key, headers and offsets, no I/O. The runtime calls `next()`
 * (after sleeping `delayMs()`) until `finished`; then the task should stay idle with `finishedMessage`
 * as its status trace (the reference connector throws and ends FAILED instead).
 */
export class DatagenTaskStream {
  readonly generator: RecordGenerator;
  readonly taskId: number;
  /** Bumped on every start from a stored offset, like the reference task's generation. */
  readonly generation: number;
  private count: number;
  private readonly keyField?: string;
  private readonly keyType?: string;

  constructor(config: DatagenConfig, taskId: number, storedOffset?: Partial<DatagenSourceOffset> | null) {
    // Explicit random.seed wins; else the seed stored in the offset, so a restart keeps its stream.
    const seed = config.randomSeed ?? storedOffset?.['random.seed'];
    this.generator = new RecordGenerator(config.schema, { seed, taskId });
    this.taskId = taskId;
    this.generation = storedOffset?.['task.generation'] ?? 0;
    this.count = storedOffset?.['current.iteration'] ?? 0;
    this.iterationsLimit = config.iterations;
    this.maxIntervalMs = config.maxIntervalMs;
    this.keyField = config.keyField;
    this.keyType = config.keyField ? fieldTypeName(config.schema, config.keyField) : undefined;
  }

  private readonly iterationsLimit: number;
  private readonly maxIntervalMs: number;

  /** Records produced so far by this task, across restarts. */
  get produced(): number {
    return this.count;
  }

  get finished(): boolean {
    return this.iterationsLimit > 0 && this.count >= this.iterationsLimit;
  }

  /** Status text once `finished` (the reference connector's exception message). */
  get finishedMessage(): string {
    return `Stopping connector: generated the configured ${this.iterationsLimit} number of messages`;
  }

  /** How long to sleep before the next record (uniform [0, max.interval), 0 = as fast as possible). */
  delayMs(): number {
    return this.generator.delayMs(this.count, this.maxIntervalMs);
  }

  next(): DatagenRecord {
    if (this.finished) throw new Error(this.finishedMessage);
    const iteration = this.count++;
    const value = this.generator.generate(iteration);
    const keyValue = this.keyField === undefined ? null : (value[this.keyField] ?? null);
    return {
      iteration,
      keyValue,
      key: this.keyField === undefined ? null : keyString(keyValue, this.keyType),
      value,
      headers: { 'task.generation': this.generation, 'task.id': this.taskId, 'current.iteration': iteration },
      sourcePartition: { 'task.id': this.taskId },
      sourceOffset: {
        'task.generation': this.generation + 1,
        'current.iteration': iteration + 1,
        'random.seed': this.generator.seed.text,
      },
    };
  }
}

/** The primitive type name of a top-level field (for key formatting), if it is one. */
function fieldTypeName(schema: AvroSchema, field: string): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || !Array.isArray(schema.fields))
    return undefined;
  const f = schema.fields.find((x) => x.name === field);
  if (!f) return undefined;
  const t = f.type;
  if (typeof t === 'string') return t;
  if (typeof t === 'object' && t !== null && !Array.isArray(t) && typeof t.type === 'string') return t.type;
  return undefined;
}
