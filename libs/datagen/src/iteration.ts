/**
 * avro-random-generator `iteration` sequences as a pure function of the position n in the sequence:
 * value(n) = start + ((initial - start) + n * step) wrapped modulo (restart - start).
 * Being stateless is what lets a restarted task continue at iteration N without replaying N records;
 * it is the same formula the reference generator uses when resuming from a stored offset.
 */
export type NumericKind = 'int' | 'long' | 'float' | 'double';

export interface NumericIteration {
  start: number;
  step: number;
  restart: number;
  initial: number;
  valueAt(n: number): number;
}

// JS numbers hold longs exactly only up to 2^53, so that is our long's "maximum".
const TYPE_MAX: Record<NumericKind, number> = {
  int: 2147483647,
  long: Number.MAX_SAFE_INTEGER,
  float: 3.4028234663852886e38,
  double: Number.MAX_VALUE,
};
const TYPE_MIN: Record<NumericKind, number> = {
  int: -2147483648,
  long: Number.MIN_SAFE_INTEGER,
  float: -3.4028234663852886e38,
  double: -Number.MAX_VALUE,
};

/** Throws Error with the reference generator's wording for bad combinations. */
export function numericIteration(
  kind: NumericKind,
  spec: { start: unknown; step?: unknown; restart?: unknown; initial?: unknown },
): NumericIteration {
  const integral = kind === 'int' || kind === 'long';
  const num = (name: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new Error(`'${name}' field of iteration property must be a number`);
    if (integral && !Number.isInteger(v))
      throw new Error(`'${name}' field of iteration property must be an integral number for ${kind} schemas`);
    if (v > TYPE_MAX[kind] || v < TYPE_MIN[kind])
      throw new Error(`'${name}' field of iteration property is out of range for ${kind} schemas`);
    return v;
  };
  if (spec.start === undefined) throw new Error('iteration property must contain start field');
  const start = num('start', spec.start);
  let step: number;
  let restart: number;
  if (spec.step === undefined && spec.restart === undefined) {
    step = 1;
    restart = TYPE_MAX[kind];
  } else if (spec.restart === undefined) {
    step = num('step', spec.step);
    if (step === 0) throw new Error('step field of iteration property cannot be zero');
    restart = step > 0 ? TYPE_MAX[kind] : TYPE_MIN[kind];
  } else {
    restart = num('restart', spec.restart);
    if (restart === start) throw new Error('start and restart fields of iteration property cannot be equal');
    step = spec.step === undefined ? (restart > start ? 1 : -1) : num('step', spec.step);
  }
  if (step === 0) throw new Error('step field of iteration property cannot be zero');
  if (restart > start && step < 0)
    throw new Error('step field of iteration property must be positive when restart field is greater than start field');
  if (restart < start && step > 0)
    throw new Error('step field of iteration property must be negative when restart field is less than start field');
  const initial = spec.initial === undefined ? start : num('initial', spec.initial);
  const span = Math.abs(restart - start);
  const sign = restart > start ? 1 : -1;
  const offset = initial - start;
  return {
    start,
    step,
    restart,
    initial,
    valueAt(n: number): number {
      const t = sign * (offset + n * step);
      let r = t % span;
      if (r < 0) r += span;
      const v = start + sign * r;
      return kind === 'float' ? Math.fround(v) : v;
    },
  };
}

/** Boolean iteration alternates from `start`. */
export function booleanIteration(spec: { start: unknown }): (n: number) => boolean {
  if (spec.start === undefined) throw new Error('iteration property must contain start field');
  if (typeof spec.start !== 'boolean')
    throw new Error('start field of iteration property for a boolean schema must be a boolean');
  for (const f of ['restart', 'step'])
    if ((spec as Record<string, unknown>)[f] !== undefined)
      throw new Error(`iteration property cannot contain ${f} field for a boolean schema`);
  const start = spec.start;
  return (n) => (n % 2 === 0 ? start : !start);
}
