import type { AvroSchemaObject } from './avro-types';
import { INT_MAX, INT_MIN } from './arg-properties';

/** Deep copy of a generated value so a caller mutating one record cannot change the next (options are shared). */
export function cloneValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Buffer.isBuffer(v)) return Buffer.from(v);
  if (Array.isArray(v)) return v.map(cloneValue);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = cloneValue((v as Record<string, unknown>)[k]);
  return out;
}

export function describe(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** A schema node's conversion of JSON literals (options, defaults) to generated values; throws on a mismatch. */
export function literalConverter(type: string, schema: AvroSchemaObject | undefined): (lit: unknown) => unknown {
  switch (type) {
    case 'null':
      return (lit) => {
        if (lit !== null) throw new Error('expected null');
        return null;
      };
    case 'boolean':
      return (lit) => {
        if (typeof lit !== 'boolean') throw new Error('expected a boolean');
        return lit;
      };
    case 'int':
      return (lit) => {
        if (typeof lit !== 'number' || !Number.isInteger(lit) || lit < INT_MIN || lit > INT_MAX)
          throw new Error('expected a 32-bit integer');
        return lit;
      };
    case 'long':
      return (lit) => {
        if (typeof lit !== 'number' || !Number.isSafeInteger(lit)) throw new Error('expected an integer within ±2^53');
        return lit;
      };
    case 'float':
    case 'double':
      return (lit) => {
        if (typeof lit !== 'number') throw new Error('expected a number');
        return type === 'float' ? Math.fround(lit) : lit;
      };
    case 'bytes':
      return (lit) => {
        if (typeof lit !== 'string') throw new Error('expected a string of bytes');
        return Buffer.from(lit, 'utf8'); // Java turns string options into bytes with the default charset (UTF-8)
      };
    case 'string':
      return (lit) => {
        if (typeof lit !== 'string') throw new Error('expected a string');
        return lit;
      };
    default:
      void schema;
      throw new Error(`unsupported type ${type}`);
  }
}
