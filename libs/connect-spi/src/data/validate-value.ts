// ConnectSchema.validateValue: does a JS value fit a schema? Used by Struct.put, Struct.validate
// and SchemaBuilder.defaultValue. The JS representation per type is documented in ../README.md.
import { DataException } from '../errors';
import { BigDecimal } from './big-decimal';
import { isInt64 } from './int64';
import type { Schema } from './schema';
import { Struct } from './struct';

const DECIMAL = 'org.apache.kafka.connect.data.Decimal';
const DATE = 'org.apache.kafka.connect.data.Date';
const TIME = 'org.apache.kafka.connect.data.Time';
const TIMESTAMP = 'org.apache.kafka.connect.data.Timestamp';

const INT_RANGES: Record<string, [number, number]> = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
};

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object') return typeof value;
  if (Buffer.isBuffer(value)) return 'Buffer';
  return (value as object).constructor?.name ?? 'object';
}

export function validateValue(schema: Schema, value: unknown, field?: string): void {
  if (value === null || value === undefined) {
    if (!schema.optional)
      throw new DataException(
        `Invalid value: null used for required field: "${field ?? 'null'}", schema type: ${schema.type}`,
      );
    return;
  }
  if (!valueMatches(schema, value, field)) {
    const named = schema.name ? ` "${schema.name}"` : '';
    throw new DataException(
      `Invalid Java object for schema${named} with type ${schema.type}: ${describeValue(value)}` +
        (field ? ` for field: "${field}"` : ''),
    );
  }
}

function valueMatches(schema: Schema, value: unknown, field: string | undefined): boolean {
  switch (schema.name) {
    case DECIMAL:
      return value instanceof BigDecimal;
    case DATE:
    case TIME:
    case TIMESTAMP:
      return value instanceof Date;
  }
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32': {
      const [lo, hi] = INT_RANGES[schema.type];
      return typeof value === 'number' && Number.isInteger(value) && value >= lo && value <= hi;
    }
    case 'INT64':
      return isInt64(value);
    case 'FLOAT32':
    case 'FLOAT64':
      return typeof value === 'number';
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'STRING':
      return typeof value === 'string';
    case 'BYTES':
      return value instanceof Uint8Array;
    case 'ARRAY':
      if (!Array.isArray(value)) return false;
      for (const item of value) validateValue(schema.valueSchema!, item, field);
      return true;
    case 'MAP':
      if (value instanceof Map) {
        for (const [k, v] of value) {
          validateValue(schema.keySchema!, k, field);
          validateValue(schema.valueSchema!, v, field);
        }
        return true;
      }
      // Plain objects are accepted for string-keyed maps, the natural JS form.
      if (isPlainObject(value) && schema.keySchema!.type === 'STRING') {
        for (const v of Object.values(value)) validateValue(schema.valueSchema!, v, field);
        return true;
      }
      return false;
    case 'STRUCT':
      if (!(value instanceof Struct)) return false;
      if (!value.schema.equals(schema)) throw new DataException('Struct schemas do not match.');
      value.validate();
      return true;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
