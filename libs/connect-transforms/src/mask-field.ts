// MaskField$Key / $Value: replace listed fields with the empty value of their type, or with a
// custom replacement parsed into the field's own type. Tombstones are rejected, as in Kafka.
import {
  BigDecimal,
  ConfigDef,
  DataException,
  int64Of,
  isPlainObject,
  NonEmptyList,
  NonEmptyString,
  type Schema,
  Struct,
  type Transformation,
} from '@libs/connect-spi';
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/common-config';
import { type Side, newRecordFor, operatingSchema, operatingValue } from './util/key-value';
import { type AnyRecord, javaClassName, requireMap, requireStruct } from './util/requirements';
import { fieldValue } from './util/schema-util';

const PURPOSE = 'mask fields';

export function maskFieldConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'fields',
      type: 'LIST',
      validator: new NonEmptyList(),
      importance: 'HIGH',
      documentation: 'Names of fields to mask.',
    })
    .define({
      name: 'replacement',
      type: 'STRING',
      defaultValue: null,
      validator: new NonEmptyString(),
      importance: 'LOW',
      documentation:
        "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

const INT_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;
const INT_BOUNDS: Record<string, [bigint, bigint]> = {
  INT8: [-128n, 127n],
  INT16: [-32768n, 32767n],
  INT32: [-(2n ** 31n), 2n ** 31n - 1n],
  INT64: [-(2n ** 63n), 2n ** 63n - 1n],
};

function numberFormatError(replacement: string): DataException {
  return new DataException(`Unable to convert ${replacement} (class java.lang.String) to number`);
}

export class MaskField<R extends AnyRecord> implements Transformation<R> {
  private fields = new Set<string>();
  private replacement: string | null = null;
  private replaceNullWithDefault = true;

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return maskFieldConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = maskFieldConfigDef().parse(props);
    this.fields = new Set(p.fields as string[]);
    this.replacement = p.replacement as string | null;
    this.replaceNullWithDefault = p[replaceNullWithDefaultKey] as boolean;
  }

  apply(record: R): R | null {
    const schema = operatingSchema(this.side, record);
    const raw = operatingValue(this.side, record);
    if (schema === null) {
      const value = requireMap(raw, PURPOSE);
      const out: Record<string, unknown> = { ...value };
      for (const f of this.fields) out[f] = this.masked(value[f], null);
      return newRecordFor(this.side, record, null, out);
    }
    const value = requireStruct(raw, PURPOSE);
    const out = new Struct(value.schema);
    for (const f of value.schema.fields) {
      const v = fieldValue(value, f, this.replaceNullWithDefault);
      out.put(f, this.fields.has(f.name) ? this.masked(v, f.schema) : v);
    }
    return newRecordFor(this.side, record, value.schema, out);
  }

  private masked(value: unknown, schema: Schema | null): unknown {
    if (value === null || value === undefined) return null;
    return this.replacement === null ? emptyValue(value) : this.customReplacement(value, schema, this.replacement);
  }

  private customReplacement(value: unknown, schema: Schema | null, replacement: string): unknown {
    if (typeof value === 'string') return replacement;
    if (value instanceof BigDecimal) {
      try {
        return BigDecimal.fromString(replacement);
      } catch {
        throw numberFormatError(replacement);
      }
    }
    if (typeof value === 'number' || typeof value === 'bigint') {
      // The replacement is parsed as the value's own Java type: the schema type when known,
      // otherwise Long for integral values and Double for the rest (schemaless JSON).
      const type = schema?.type ?? (typeof value === 'bigint' || Number.isInteger(value) ? 'INT64' : 'FLOAT64');
      if (type === 'FLOAT32' || type === 'FLOAT64') {
        if (!FLOAT_TEXT.test(replacement.trim())) throw numberFormatError(replacement);
        const n = parseFloat(replacement.trim().replace(/[fFdD]$/, ''));
        return type === 'FLOAT32' ? Math.fround(n) : n;
      }
      const bounds = INT_BOUNDS[type];
      if (!bounds || !INT_TEXT.test(replacement)) throw numberFormatError(replacement);
      const n = BigInt(replacement);
      if (n < bounds[0] || n > bounds[1]) throw numberFormatError(replacement);
      return int64Of(n);
    }
    throw new DataException(`Cannot mask value of type ${javaClassName(value)} with custom replacement.`);
  }

  close(): void {}
}

/** The "empty" value of the value's Java type. */
function emptyValue(value: unknown): unknown {
  if (typeof value === 'boolean') return false;
  if (typeof value === 'number') return 0;
  if (typeof value === 'bigint') return 0n;
  if (value instanceof BigDecimal) return new BigDecimal(0n, value.scale);
  if (value instanceof Date) return new Date(0);
  if (typeof value === 'string') return '';
  if (Array.isArray(value)) return [];
  if (value instanceof Map) return new Map();
  if (isPlainObject(value)) return {};
  throw new DataException('Cannot mask value of type: ' + javaClassName(value));
}
