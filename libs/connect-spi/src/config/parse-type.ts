// ConfigDef.parseType and convertToString: strings from the REST API into typed values, and back.
import { ConfigException } from '../errors';
import { type ConfigType, Password } from './types';

const INT_TEXT = /^[+-]?\d+$/;
const DOUBLE_TEXT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?)$/;
const COMMA_WITH_WHITESPACE = /\s*,\s*/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function className(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'java.util.List';
  switch (typeof value) {
    case 'string':
      return 'java.lang.String';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'number':
      return Number.isInteger(value) ? 'java.lang.Long' : 'java.lang.Double';
    default:
      return (value as object)?.constructor?.name ?? typeof value;
  }
}

function parseInteger(name: string, value: unknown, type: ConfigType, min: bigint, max: bigint, bits: string): number {
  let n: bigint;
  if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
  else if (typeof value === 'bigint') n = value;
  else if (typeof value === 'string') {
    const t = value.trim();
    if (!INT_TEXT.test(t)) throw new ConfigException(name, value, `Not a number of type ${type}`);
    n = BigInt(t);
  } else
    throw new ConfigException(name, value, `Expected value to be a ${bits} integer, but it was a ${className(value)}`);
  if (n < min || n > max) {
    if (typeof value === 'string') throw new ConfigException(name, value, `Not a number of type ${type}`);
    throw new ConfigException(name, value, `Expected value to be a ${bits} integer, but it was a ${className(value)}`);
  }
  // LONG values beyond 2^53 lose precision; config longs are timeouts and sizes in practice.
  return Number(n);
}

export function parseType(name: string, value: unknown, type: ConfigType): unknown {
  if (value === null || value === undefined) return null;
  const trimmed = typeof value === 'string' ? value.trim() : null;
  switch (type) {
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (trimmed !== null) {
        if (trimmed.toLowerCase() === 'true') return true;
        if (trimmed.toLowerCase() === 'false') return false;
      }
      throw new ConfigException(name, value, 'Expected value to be either true or false');
    case 'PASSWORD':
      if (value instanceof Password) return value;
      if (trimmed !== null) return new Password(trimmed);
      throw new ConfigException(name, value, `Expected value to be a string, but it was a ${className(value)}`);
    case 'STRING':
      if (trimmed !== null) return trimmed;
      throw new ConfigException(name, value, `Expected value to be a string, but it was a ${className(value)}`);
    case 'INT':
      return parseInteger(name, value, type, -(2n ** 31n), 2n ** 31n - 1n, '32-bit');
    case 'SHORT':
      return parseInteger(name, value, type, -(2n ** 15n), 2n ** 15n - 1n, '16-bit');
    case 'LONG':
      return parseInteger(name, value, type, LONG_MIN, LONG_MAX, '64-bit');
    case 'DOUBLE':
      if (typeof value === 'number') return value;
      if (trimmed !== null && DOUBLE_TEXT.test(trimmed)) return parseFloat(trimmed.replace(/[dDfF]$/, ''));
      if (trimmed !== null) throw new ConfigException(name, value, 'Not a number of type DOUBLE');
      throw new ConfigException(name, value, `Expected value to be a double, but it was a ${className(value)}`);
    case 'LIST':
      if (Array.isArray(value)) return value;
      if (trimmed !== null) return trimmed === '' ? [] : trimmed.split(COMMA_WITH_WHITESPACE);
      throw new ConfigException(name, value, 'Expected a comma separated list.');
    case 'CLASS':
      // No class loading here: a CLASS is its fully-qualified name; plugin lookups validate it.
      if (trimmed !== null) return trimmed;
      if (typeof value === 'function') return value.name;
      throw new ConfigException(name, value, 'Expected a Class instance or class name.');
  }
}

/** Java's Double.toString for the common cases: integral doubles print with ".0". */
function javaDouble(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e7) return n.toFixed(1);
  return String(n);
}

export function convertToString(value: unknown, type: ConfigType | null): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Password) return value.toString();
  switch (type) {
    case 'LIST':
      return Array.isArray(value) ? value.map(String).join(',') : String(value);
    case 'DOUBLE':
      return typeof value === 'number' ? javaDouble(value) : String(value);
    case 'PASSWORD':
      return new Password(String(value)).toString();
    default:
      return String(value);
  }
}
