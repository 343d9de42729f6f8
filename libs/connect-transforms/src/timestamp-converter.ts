// TimestampConverter$Key / $Value: convert a timestamp (field or whole key/value) between
// string (SimpleDateFormat, UTC), unix (with precision), and the Date/Time/Timestamp types.
import {
  ConfigDef,
  ConfigException,
  ConnectDate,
  ConnectException,
  DataException,
  type Schema,
  SchemaBuilder,
  Schemas,
  Struct,
  Time,
  Timestamp,
  type Transformation,
  ValidString,
} from '@libs/connect-spi';
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/common-config';
import { type Side, newRecordFor, operatingSchema, operatingValue } from './util/key-value';
import { type AnyRecord, javaClassName, requireMap, requireStructOrNull } from './util/requirements';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util';
import { SimpleDateFormat } from './util/simple-date-format';

const PURPOSE = 'converting timestamp formats';
const MILLIS_PER_DAY = 86_400_000;
type Kind = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
type Precision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

export function timestampConverterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'field',
      type: 'STRING',
      defaultValue: '',
      importance: 'HIGH',
      documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp',
    })
    .define({
      name: 'target.type',
      type: 'STRING',
      validator: ValidString.in('string', 'unix', 'Date', 'Time', 'Timestamp'),
      importance: 'HIGH',
      documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
    })
    .define({
      name: 'format',
      type: 'STRING',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation:
        'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
    })
    .define({
      name: 'unix.precision',
      type: 'STRING',
      defaultValue: 'milliseconds',
      validator: ValidString.in('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
      importance: 'LOW',
      documentation:
        'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.',
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

export class TimestampConverter<R extends AnyRecord> implements Transformation<R> {
  private field = '';
  private targetType: Kind = 'Timestamp';
  private format: SimpleDateFormat | null = null;
  private precision: Precision = 'milliseconds';
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return timestampConverterConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = timestampConverterConfigDef().parse(props);
    this.field = p.field as string;
    this.targetType = p['target.type'] as Kind;
    const fmt = p.format as string;
    this.precision = p['unix.precision'] as Precision;
    this.replaceNullWithDefault = p[replaceNullWithDefaultKey] as boolean;
    if (this.targetType === 'string' && fmt.trim() === '')
      throw ConfigException.forKey(
        'format',
        'TimestampConverter requires format option to be specified when using string timestamps',
      );
    this.format = null;
    if (fmt.trim() !== '') {
      try {
        this.format = new SimpleDateFormat(fmt);
      } catch (e) {
        throw ConfigException.forKey(
          'format',
          'TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ' +
            fmt +
            ` (${(e as Error).message})`,
        );
      }
    }
  }

  apply(record: R): R | null {
    const schema = operatingSchema(this.side, record);
    return schema === null ? this.applySchemaless(record) : this.applyWithSchema(record, schema);
  }

  private applySchemaless(record: R): R {
    const raw = operatingValue(this.side, record);
    if (raw === null || raw === undefined || this.field === '')
      return newRecordFor(this.side, record, null, this.convert(raw, null));
    const value = requireMap(raw, PURPOSE);
    return newRecordFor(this.side, record, null, { ...value, [this.field]: this.convert(value[this.field], null) });
  }

  private applyWithSchema(record: R, schema: Schema): R {
    const raw = operatingValue(this.side, record);
    if (this.field === '')
      return newRecordFor(
        this.side,
        record,
        this.typeSchema(schema.optional),
        this.convert(raw, kindFromSchema(schema)),
      );
    const value = requireStructOrNull(raw, PURPOSE);
    const updatedSchema = this.cache.getOrBuild(schema, (s) => this.buildSchema(s));
    return newRecordFor(this.side, record, updatedSchema, this.convertStruct(value, updatedSchema));
  }

  private buildSchema(schema: Schema): Schema {
    const b = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields)
      b.field(f.name, f.name === this.field ? this.typeSchema(f.schema.optional) : f.schema);
    if (schema.optional) b.optional();
    const built = b.build();
    if (schema.defaultValue !== null) {
      const withDefault = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const f of built.fields) withDefault.field(f.name, f.schema);
      if (schema.optional) withDefault.optional();
      withDefault.defaultValue(this.convertStruct(schema.defaultValue as Struct, built));
      return withDefault.build();
    }
    return built;
  }

  private convertStruct(value: Struct | null, updatedSchema: Schema): Struct | null {
    if (value === null) return null;
    const out = new Struct(updatedSchema);
    for (const f of value.schema.fields) {
      const v = fieldValue(value, f, this.replaceNullWithDefault);
      out.put(f.name, f.name === this.field ? this.convert(v, kindFromSchema(f.schema)) : v);
    }
    return out;
  }

  private typeSchema(optional: boolean): Schema {
    switch (this.targetType) {
      case 'string':
        return optional ? Schemas.OPTIONAL_STRING_SCHEMA : Schemas.STRING_SCHEMA;
      case 'unix':
        return optional ? Schemas.OPTIONAL_INT64_SCHEMA : Schemas.INT64_SCHEMA;
      case 'Date':
        return optional ? ConnectDate.builder().optional().build() : ConnectDate.SCHEMA;
      case 'Time':
        return optional ? Time.builder().optional().build() : Time.SCHEMA;
      case 'Timestamp':
        return optional ? Timestamp.builder().optional().build() : Timestamp.SCHEMA;
    }
  }

  /** Input → epoch-ms instant → target representation. */
  private convert(value: unknown, kind: Kind | null): unknown {
    if (value === null || value === undefined) return null;
    const from = kind ?? inferKind(value);
    const millis = this.toRaw(from, value);
    return this.toType(millis);
  }

  private toRaw(kind: Kind, value: unknown): number {
    switch (kind) {
      case 'string': {
        if (!this.format)
          throw new DataException(
            'TimestampConverter requires format option to be specified when using string timestamps',
          );
        if (typeof value !== 'string')
          throw new DataException('Expected string timestamp to be a String, but found ' + javaClassName(value));
        try {
          return this.format.parse(value).getTime();
        } catch (e) {
          throw new DataException(
            `Could not parse timestamp: value (${value}) does not match pattern (${this.format.toPattern()})`,
            { cause: e },
          );
        }
      }
      case 'unix': {
        if (typeof value !== 'number' && typeof value !== 'bigint')
          throw new DataException('Expected Unix timestamp to be a Long, but found ' + javaClassName(value));
        const n = Number(value);
        switch (this.precision) {
          case 'seconds':
            return n * 1000;
          case 'microseconds':
            return Math.trunc(n / 1000);
          case 'nanoseconds':
            return typeof value === 'bigint' ? Number(value / 1_000_000n) : Math.trunc(n / 1_000_000);
          default:
            return n;
        }
      }
      default:
        if (!(value instanceof Date))
          throw new DataException(`Expected ${kind} to be a java.util.Date, but found ${javaClassName(value)}`);
        return value.getTime();
    }
  }

  private toType(millis: number): unknown {
    switch (this.targetType) {
      case 'string':
        return this.format!.format(new Date(millis));
      case 'unix':
        switch (this.precision) {
          case 'seconds':
            return Math.trunc(millis / 1000);
          case 'microseconds':
            return millis * 1000;
          case 'nanoseconds': {
            const n = millis * 1_000_000;
            return Number.isSafeInteger(n) ? n : BigInt(millis) * 1_000_000n;
          }
          default:
            return millis;
        }
      case 'Date':
        return new Date(Math.floor(millis / MILLIS_PER_DAY) * MILLIS_PER_DAY);
      case 'Time':
        return new Date(((millis % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY);
      case 'Timestamp':
        return new Date(millis);
    }
  }

  close(): void {}
}

function inferKind(value: unknown): Kind {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataException(`TimestampConverter does not support ${javaClassName(value)} objects as timestamps`);
}

function kindFromSchema(schema: Schema): Kind {
  switch (schema.name) {
    case Timestamp.LOGICAL_NAME:
      return 'Timestamp';
    case ConnectDate.LOGICAL_NAME:
      return 'Date';
    case Time.LOGICAL_NAME:
      return 'Time';
  }
  if (schema.type === 'STRING') return 'string';
  if (schema.type === 'INT64') return 'unix';
  throw new ConnectException(`Schema ${String(schema)} does not correspond to a known timestamp type format`);
}
