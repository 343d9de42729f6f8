// Connect's Schema: type, optionality, default, name/version/doc/parameters, and the nested
// key/value/field schemas. Schemas are immutable once built (see SchemaBuilder).
import { DataException } from '../errors';
import { valuesEqual } from './equality';

export const Type = {
  INT8: 'INT8',
  INT16: 'INT16',
  INT32: 'INT32',
  INT64: 'INT64',
  FLOAT32: 'FLOAT32',
  FLOAT64: 'FLOAT64',
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  BYTES: 'BYTES',
  ARRAY: 'ARRAY',
  MAP: 'MAP',
  STRUCT: 'STRUCT',
} as const;
export type Type = (typeof Type)[keyof typeof Type];

export const PRIMITIVE_TYPES: ReadonlySet<Type> = new Set<Type>([
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FLOAT32',
  'FLOAT64',
  'BOOLEAN',
  'STRING',
  'BYTES',
]);

export function isPrimitive(type: Type): boolean {
  return PRIMITIVE_TYPES.has(type);
}

export interface Schema {
  readonly type: Type;
  readonly optional: boolean;
  /** null means "no default", as in Kafka Connect (a null default cannot be told apart). */
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  readonly parameters: Readonly<Record<string, string>> | null;
  /** MAP only. */
  readonly keySchema: Schema | null;
  /** MAP and ARRAY only. */
  readonly valueSchema: Schema | null;
  /** STRUCT only; empty for every other type. */
  readonly fields: readonly Field[];
  field(name: string): Field | null;
  equals(other: Schema | null | undefined): boolean;
}

export class Field {
  constructor(
    readonly name: string,
    readonly index: number,
    readonly schema: Schema,
  ) {}

  equals(other: Field | null | undefined): boolean {
    return !!other && other.name === this.name && other.index === this.index && this.schema.equals(other.schema);
  }

  toString(): string {
    return `Field{name=${this.name}, index=${this.index}, schema=${String(this.schema)}}`;
  }
}

export class ConnectSchema implements Schema {
  readonly fields: readonly Field[];
  private readonly fieldsByName: Map<string, Field>;

  constructor(
    readonly type: Type,
    readonly optional = false,
    readonly defaultValue: unknown = null,
    readonly name: string | null = null,
    readonly version: number | null = null,
    readonly doc: string | null = null,
    readonly parameters: Readonly<Record<string, string>> | null = null,
    fields: readonly Field[] | null = null,
    readonly keySchema: Schema | null = null,
    readonly valueSchema: Schema | null = null,
  ) {
    // a copy, not frozen: the type keeps it unchanged, and V8 reads frozen arrays on a slow path
    // (for…of over one allocates per element; every Struct put and validate walks these fields)
    if (type === 'STRUCT') {
      this.fields = [...(fields ?? [])];
    } else {
      if (fields && fields.length > 0) throw new DataException('Cannot specify fields on non-struct schema');
      this.fields = [];
    }
    this.fieldsByName = new Map(this.fields.map((f) => [f.name, f]));
    if (type === 'MAP' && (!keySchema || !valueSchema))
      throw new DataException('Map schema requires key and value schemas');
    if (type === 'ARRAY' && !valueSchema) throw new DataException('Array schema requires a value schema');
    if (parameters) Object.freeze(parameters);
  }

  field(name: string): Field | null {
    return this.fieldsByName.get(name) ?? null;
  }

  equals(other: Schema | null | undefined): boolean {
    if (this === other) return true;
    if (!other) return false;
    if (
      other.type !== this.type ||
      other.optional !== this.optional ||
      other.name !== this.name ||
      other.version !== this.version ||
      other.doc !== this.doc ||
      !paramsEqual(this.parameters, other.parameters) ||
      !valuesEqual(this.defaultValue, other.defaultValue)
    )
      return false;
    if (this.type === 'STRUCT') {
      if (other.fields.length !== this.fields.length) return false;
      for (let i = 0; i < this.fields.length; i++) if (!this.fields[i].equals(other.fields[i])) return false;
    }
    if (this.keySchema && !this.keySchema.equals(other.keySchema)) return false;
    if (this.valueSchema && !this.valueSchema.equals(other.valueSchema)) return false;
    return true;
  }

  toString(): string {
    return this.name ? `Schema{${this.name}:${this.type}}` : `Schema{${this.type}}`;
  }
}

function paramsEqual(a: Readonly<Record<string, string>> | null, b: Readonly<Record<string, string>> | null): boolean {
  const ea = a ? Object.entries(a) : [];
  const eb = b ? Object.entries(b) : [];
  if (ea.length !== eb.length) return false;
  for (const [k, v] of ea) if (!b || b[k] !== v) return false;
  return true;
}

// Kafka's predefined schemas (Schema.INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA, ...).
export const Schemas = {
  INT8_SCHEMA: new ConnectSchema('INT8') as Schema,
  INT16_SCHEMA: new ConnectSchema('INT16') as Schema,
  INT32_SCHEMA: new ConnectSchema('INT32') as Schema,
  INT64_SCHEMA: new ConnectSchema('INT64') as Schema,
  FLOAT32_SCHEMA: new ConnectSchema('FLOAT32') as Schema,
  FLOAT64_SCHEMA: new ConnectSchema('FLOAT64') as Schema,
  BOOLEAN_SCHEMA: new ConnectSchema('BOOLEAN') as Schema,
  STRING_SCHEMA: new ConnectSchema('STRING') as Schema,
  BYTES_SCHEMA: new ConnectSchema('BYTES') as Schema,
  OPTIONAL_INT8_SCHEMA: new ConnectSchema('INT8', true) as Schema,
  OPTIONAL_INT16_SCHEMA: new ConnectSchema('INT16', true) as Schema,
  OPTIONAL_INT32_SCHEMA: new ConnectSchema('INT32', true) as Schema,
  OPTIONAL_INT64_SCHEMA: new ConnectSchema('INT64', true) as Schema,
  OPTIONAL_FLOAT32_SCHEMA: new ConnectSchema('FLOAT32', true) as Schema,
  OPTIONAL_FLOAT64_SCHEMA: new ConnectSchema('FLOAT64', true) as Schema,
  OPTIONAL_BOOLEAN_SCHEMA: new ConnectSchema('BOOLEAN', true) as Schema,
  OPTIONAL_STRING_SCHEMA: new ConnectSchema('STRING', true) as Schema,
  OPTIONAL_BYTES_SCHEMA: new ConnectSchema('BYTES', true) as Schema,
} as const;
