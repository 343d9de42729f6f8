// The value rules of Datagen's `arg.properties` for one schema node (avro-random-generator's
// names and messages): string length, prefix/suffix and regex, byte lengths, numeric ranges, and
// the schema errors they raise.
import type { ArgProperties } from './avro-types';
import type { Gen } from './gen-context';
import { describe } from './literal';
import type { Rng } from './prng';
import { compileRegex } from './regex-generator';

export class DatagenSchemaError extends Error {
  override name = 'DatagenSchemaError';
}

/** A schema error at `path` (JSON-path-like: $.field[…]). */
export function schemaError(path: string, message: string): DatagenSchemaError {
  return new DatagenSchemaError(`${path}: ${message}`);
}

export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;
const DEFAULT_LENGTH = { min: 8, max: 16 };

export function stringGen(props: ArgProperties, path: string): Gen {
  const prefix = stringProp(props, 'prefix', path);
  const suffix = stringProp(props, 'suffix', path);
  const len = lengthOrThrow(props.length, path);
  if (props.regex !== undefined) {
    if (typeof props.regex !== 'string') throw schemaError(path, 'regex property must be a string');
    let re;
    try {
      re = compileRegex(props.regex);
    } catch (e) {
      throw schemaError(path, `invalid regex ${describe(props.regex)}: ${(e as Error).message}`);
    }
    const r = re;
    return (ctx) => prefix + r.generate(ctx.rng, len.min, len.max) + suffix;
  }
  return (ctx) => {
    const n = len.min + ctx.rng.below(len.max - len.min);
    const codes = new Array<number>(n);
    for (let i = 0; i < n; i++) codes[i] = ctx.rng.below(128);
    return prefix + String.fromCharCode(...codes) + suffix;
  };
}

export function stringProp(props: ArgProperties, name: 'prefix' | 'suffix', path: string): string {
  const v = props[name];
  if (v === undefined) return '';
  if (typeof v !== 'string') throw schemaError(path, `${name} property must be a string`);
  return v;
}

export function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = rng.nextU32() & 0xff;
  return b;
}

export function lengthOrThrow(length: ArgProperties['length'], path: string): { min: number; max: number } {
  try {
    return lengthBounds(length);
  } catch (e) {
    throw schemaError(path, (e as Error).message);
  }
}

/** `length`: N means exactly N; {min, max} is [min, max) with min 0 and max int-max by default; absent: [8, 16). */
export function lengthBounds(length: ArgProperties['length']): { min: number; max: number } {
  if (length === undefined) return DEFAULT_LENGTH;
  if (typeof length === 'number') {
    if (!Number.isInteger(length)) throw new Error('length property must either be an integral number or an object');
    if (length < 0) throw new Error('when given as integral number, length property cannot be negative');
    return { min: length, max: length + 1 };
  }
  if (typeof length !== 'object' || length === null || Array.isArray(length))
    throw new Error('length property must either be an integral number or an object');
  if (length.min === undefined && length.max === undefined)
    throw new Error("length property must contain at least one of 'min' or 'max' fields when given as object");
  const min = length.min ?? 0;
  const max = length.max ?? INT_MAX;
  if (!Number.isInteger(min) || !Number.isInteger(max))
    throw new Error("'min' and 'max' fields of length property must be integral numbers");
  if (min < 0) throw new Error('min field of length property cannot be negative');
  if (max <= min) throw new Error('max field must be strictly greater than min field for length property');
  return { min, max };
}

export function rangeBounds(range: unknown, lo: number, hi: number): { min: number; max: number } {
  if (typeof range !== 'object' || range === null || Array.isArray(range))
    throw new Error('range property must be an object');
  const r = range as { min?: unknown; max?: unknown };
  const min = r.min === undefined ? lo : r.min;
  const max = r.max === undefined ? hi : r.max;
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max))
    throw new Error("'min' and 'max' fields of range property must be numbers");
  if (min >= max) throw new Error("'min' field must be strictly less than 'max' field in range property");
  if (min < lo || max > hi) throw new Error('range property is outside the values of the type');
  return { min, max };
}

export function typeMinMax(type: string): [number, number] {
  switch (type) {
    case 'int':
      return [INT_MIN, INT_MAX];
    case 'long':
      return [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    case 'float':
      return [-3.4028234663852886e38, 3.4028234663852886e38];
    default:
      return [-Number.MAX_VALUE, Number.MAX_VALUE];
  }
}
