// Cast$Key / Cast$Value: cast fields (or the whole key/value) to another primitive type, with
// Java's narrowing and parsing rules.
import {
  BigDecimal,
  ConfigDef,
  ConfigException,
  ConnectDate,
  DataException,
  type Schema,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  type Transformation,
  type Type,
  isPlainObject,
  javaString,
  INT64_MAX,
  INT64_MIN,
  int64Of,
  int64Wrapped,
  LambdaValidator,
} from '@libs/connect-spi';
import { type Side, newRecordFor, operatingSchema, operatingValue } from './util/key-value';
import { type AnyRecord, javaClassName, requireMap, requireStruct } from './util/requirements';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util';
import { replaceNullWithDefaultKey, REPLACE_NULL_WITH_DEFAULT } from './util/common-config';

const PURPOSE = 'cast types';
const WHOLE_VALUE_CAST = '\u0000whole';
const OUTPUT_TYPES: Type[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING'];
const INPUT_TYPES: Type[] = [...OUTPUT_TYPES, 'BYTES'];
const ALL_TYPES = new Set<string>([
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FLOAT32',
  'FLOAT64',
  'BOOLEAN',
  'STRING',
  'BYTES',
  'ARRAY',
  'MAP',
  'STRUCT',
]);
const LOGICAL_TIME_NAMES = new Set([ConnectDate.LOGICAL_NAME, Time.LOGICAL_NAME, Timestamp.LOGICAL_NAME]);
const MILLIS_PER_DAY = 86_400_000;

function listStr(types: Type[]): string {
  return '[' + types.join(', ') + ']';
}

export function parseCastSpec(mappings: string[]): Map<string, Type> {
  const out = new Map<string, Type>();
  let whole = false;
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length > 2) throw new ConfigException('spec', mappings, 'Invalid rename mapping: ' + mapping);
    const typeName = (parts.length === 1 ? parts[0] : parts[1]).trim().toUpperCase();
    if (!ALL_TYPES.has(typeName))
      throw new ConfigException('Invalid type found in casting spec: ' + typeName.toLowerCase());
    const type = typeName as Type;
    if (!OUTPUT_TYPES.includes(type))
      throw new ConfigException(
        `Cast transformation does not support casting to/from ${type}; supported types are ${listStr(OUTPUT_TYPES)}`,
      );
    if (parts.length === 1) {
      out.set(WHOLE_VALUE_CAST, type);
      whole = true;
    } else out.set(parts[0].trim(), type);
  }
  if (whole && mappings.length > 1)
    throw new ConfigException(
      'Cast transformations that specify a type to cast the entire value to may ony specify a single cast in their spec',
    );
  return out;
}

export function castConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'spec',
      type: 'LIST',
      validator: LambdaValidator.with(
        (name, value) => {
          const list = value as string[];
          if (!list || list.length === 0)
            throw new ConfigException(name, value, 'Must specify at least one field to cast.');
          try {
            parseCastSpec(list);
          } catch (e) {
            throw new ConfigException(name, value, (e as Error).message);
          }
        },
        () => 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>',
      ),
      importance: 'HIGH',
      documentation:
        'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.',
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

// Java narrowing after truncation toward zero: ToInt32 in JS wraps modulo 2^32 like (int) on a long.
function toInteger(value: number | bigint | BigDecimal, bits: 8 | 16 | 32 | 64): number | bigint {
  if (value instanceof BigDecimal) value = value.toBigInt();
  if (typeof value === 'bigint') return bits === 64 ? int64Wrapped(value) : Number(BigInt.asIntN(bits, value));
  if (Number.isNaN(value)) return 0;
  const t = Math.trunc(value);
  switch (bits) {
    case 8:
      return (t << 24) >> 24;
    case 16:
      return (t << 16) >> 16;
    case 32:
      return t | 0;
    case 64:
      // only a double is beyond ±2^63 here, and Java's (long) on a double saturates
      if (Number.isSafeInteger(t)) return t;
      return t >= 2 ** 63 ? INT64_MAX : t < -(2 ** 63) ? INT64_MIN : BigInt(t);
  }
}

const INT_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;
const INT_BOUNDS: Record<number, [bigint, bigint]> = {
  8: [-128n, 127n],
  16: [-32768n, 32767n],
  32: [-(2n ** 31n), 2n ** 31n - 1n],
  64: [INT64_MIN, INT64_MAX],
};

function outOfRange(value: unknown): DataException {
  return new DataException(`Value (${javaString(value)}) was out of range for requested data type`);
}

function castToInteger(value: unknown, bits: 8 | 16 | 32 | 64): number | bigint {
  if (typeof value === 'number' || typeof value === 'bigint' || value instanceof BigDecimal)
    return toInteger(value, bits);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    // Java's parseInt and friends: no whitespace, no decimals, must fit the type.
    if (!INT_TEXT.test(value)) throw outOfRange(value);
    const n = BigInt(value);
    const [lo, hi] = INT_BOUNDS[bits];
    if (n < lo || n > hi) throw outOfRange(value);
    return bits === 64 ? int64Of(n) : Number(n);
  }
  throw new DataException('Unexpected type in Cast transformation: ' + javaClassName(value));
}

function castToFloat(value: unknown, single: boolean): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = Number(value);
  else if (value instanceof BigDecimal) n = value.toNumber();
  else if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (typeof value === 'string') {
    const t = value.trim();
    if (!FLOAT_TEXT.test(t)) throw outOfRange(value);
    n = parseFloat(t.replace(/[fFdD]$/, ''));
    if (/^[+-]?Infinity$/.test(t)) n = t.startsWith('-') ? -Infinity : Infinity;
  } else throw new DataException('Unexpected type in Cast transformation: ' + javaClassName(value));
  return single ? Math.fround(n) : n;
}

function castToBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Math.trunc(value) !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (value instanceof BigDecimal) return value.toBigInt() !== 0n;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw new DataException('Unexpected type in Cast transformation: ' + javaClassName(value));
}

/** Values.dateFormatFor: date-only, time-only or full ISO layout depending on the instant. */
export function formatJavaDate(d: Date): string {
  const iso = d.toISOString();
  const ms = d.getTime();
  if (ms % MILLIS_PER_DAY === 0) return iso.slice(0, 10);
  if (ms >= 0 && ms < MILLIS_PER_DAY) return iso.slice(11);
  return iso;
}

function castToString(value: unknown, inferred: Type): string {
  if (value instanceof Date) return formatJavaDate(value);
  if ((inferred === 'FLOAT32' || inferred === 'FLOAT64') && typeof value === 'number' && Number.isInteger(value))
    return value.toFixed(1);
  return javaString(value);
}

function inferType(value: unknown): Type | null {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'INT64' : 'FLOAT64';
    case 'bigint':
      return 'INT64';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
  }
  if (value instanceof Uint8Array) return 'BYTES';
  if (value instanceof BigDecimal) return 'BYTES';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof Map || isPlainObject(value)) return 'MAP';
  if (value instanceof Struct) return 'STRUCT';
  return null;
}

function encodeLogical(schema: Schema, value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  switch (schema.name) {
    case ConnectDate.LOGICAL_NAME:
      return ConnectDate.fromLogical(schema, value);
    case Time.LOGICAL_NAME:
      return Time.fromLogical(schema, value);
    case Timestamp.LOGICAL_NAME:
      return Timestamp.fromLogical(schema, value);
  }
  return value;
}

export function castValueToType(schema: Schema | null, value: unknown, target: Type): unknown {
  if (value === null || value === undefined) return null;
  let inferred: Type | null = schema ? schema.type : inferType(value);
  if (value instanceof Date && !schema) inferred = 'INT64';
  if (inferred === null)
    throw new DataException(
      `Cast transformation was passed a value of type ${javaClassName(value)} which is not supported by Connect's data API`,
    );
  if (!INPUT_TYPES.includes(inferred))
    throw new DataException(
      `Cast transformation does not support casting from ${inferred}; supported types are ${listStr(INPUT_TYPES)}`,
    );
  let v: unknown = value;
  if (schema && schema.name && LOGICAL_TIME_NAMES.has(schema.name) && target !== 'STRING')
    v = encodeLogical(schema, value);
  else if (!schema && value instanceof Date && target !== 'STRING') v = value.getTime();
  if (v instanceof Uint8Array && target !== 'STRING')
    throw new DataException('Unexpected type in Cast transformation: ' + javaClassName(v));
  switch (target) {
    case 'INT8':
      return castToInteger(v, 8);
    case 'INT16':
      return castToInteger(v, 16);
    case 'INT32':
      return castToInteger(v, 32);
    case 'INT64':
      return castToInteger(v, 64);
    case 'FLOAT32':
      return castToFloat(v, true);
    case 'FLOAT64':
      return castToFloat(v, false);
    case 'BOOLEAN':
      return castToBoolean(v);
    case 'STRING':
      return castToString(v, inferred);
    default:
      throw new DataException(
        `Cast transformation does not support casting to ${target}; supported types are ${listStr(OUTPUT_TYPES)}`,
      );
  }
}

export class Cast<R extends AnyRecord> implements Transformation<R> {
  private casts = new Map<string, Type>();
  private wholeValueCastType: Type | null = null;
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return castConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const parsed = castConfigDef().parse(props);
    this.casts = parseCastSpec(parsed.spec as string[]);
    this.wholeValueCastType = this.casts.get(WHOLE_VALUE_CAST) ?? null;
    this.replaceNullWithDefault = parsed[replaceNullWithDefaultKey] as boolean;
  }

  apply(record: R): R | null {
    const value = operatingValue(this.side, record);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(this.side, record);
    return schema === null ? this.applySchemaless(record, value) : this.applyWithSchema(record, schema, value);
  }

  private applySchemaless(record: R, raw: unknown): R {
    if (this.wholeValueCastType !== null)
      return newRecordFor(this.side, record, null, castValueToType(null, raw, this.wholeValueCastType));
    const value = requireMap(raw, PURPOSE);
    const updated: Record<string, unknown> = { ...value };
    for (const [field, type] of this.casts) updated[field] = castValueToType(null, value[field], type);
    return newRecordFor(this.side, record, null, updated);
  }

  private applyWithSchema(record: R, schema: Schema, raw: unknown): R {
    const updatedSchema = this.cache.getOrBuild(schema, (s) => this.buildSchema(s));
    if (this.wholeValueCastType !== null)
      return newRecordFor(this.side, record, updatedSchema, castValueToType(schema, raw, this.wholeValueCastType));
    const value = requireStruct(raw, PURPOSE);
    const updated = new Struct(updatedSchema);
    for (const field of value.schema.fields) {
      const orig = fieldValue(value, field, this.replaceNullWithDefault);
      const target = this.casts.get(field.name);
      updated.put(updatedSchema.fields[field.index], target ? castValueToType(field.schema, orig, target) : orig);
    }
    return newRecordFor(this.side, record, updatedSchema, updated);
  }

  private buildSchema(schema: Schema): Schema {
    let builder: SchemaBuilder;
    if (this.wholeValueCastType !== null) {
      builder = SchemaBuilder.type(this.wholeValueCastType);
      // Copy name/doc unless it names a logical type the cast value no longer is.
      if (
        !(schema.name && LOGICAL_TIME_NAMES.has(schema.name)) &&
        schema.name !== 'org.apache.kafka.connect.data.Decimal'
      )
        copySchemaBasics(schema, builder);
    } else {
      if (schema.type !== 'STRUCT')
        throw new DataException(`Only Struct objects supported for [${PURPOSE}], found: ${schema.type}`);
      builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const field of schema.fields) {
        const target = this.casts.get(field.name);
        if (!target) {
          builder.field(field.name, field.schema);
          continue;
        }
        const fb = SchemaBuilder.type(target);
        if (field.schema.optional) fb.optional();
        if (field.schema.defaultValue !== null)
          fb.defaultValue(castValueToType(field.schema, field.schema.defaultValue, target));
        builder.field(field.name, fb.build());
      }
    }
    if (schema.optional) builder.optional();
    if (schema.defaultValue !== null && this.wholeValueCastType !== null)
      builder.defaultValue(castValueToType(schema, schema.defaultValue, this.wholeValueCastType));
    return builder.build();
  }

  close(): void {}
}
