// Fluent construction of Schemas, with Kafka's rule that each attribute is set at most once and
// that a default value must be valid for the schema being built.
import { SchemaBuilderException } from '../errors';
import { ConnectSchema, Field, type Schema, type Type } from './schema';
import { validateValue } from './validate-value';

export class SchemaBuilder {
  private _optional: boolean | null = null;
  private _default: unknown = null;
  private _name: string | null = null;
  private _version: number | null = null;
  private _doc: string | null = null;
  private _parameters: Record<string, string> | null = null;
  private readonly _fields: Field[] | null;
  private readonly _fieldNames: Set<string> | null;

  constructor(
    readonly type: Type,
    private readonly _keySchema: Schema | null = null,
    private readonly _valueSchema: Schema | null = null,
  ) {
    this._fields = type === 'STRUCT' ? [] : null;
    this._fieldNames = type === 'STRUCT' ? new Set() : null;
  }

  static type(type: Type): SchemaBuilder {
    return new SchemaBuilder(type);
  }
  static int8(): SchemaBuilder {
    return new SchemaBuilder('INT8');
  }
  static int16(): SchemaBuilder {
    return new SchemaBuilder('INT16');
  }
  static int32(): SchemaBuilder {
    return new SchemaBuilder('INT32');
  }
  static int64(): SchemaBuilder {
    return new SchemaBuilder('INT64');
  }
  static float32(): SchemaBuilder {
    return new SchemaBuilder('FLOAT32');
  }
  static float64(): SchemaBuilder {
    return new SchemaBuilder('FLOAT64');
  }
  static bool(): SchemaBuilder {
    return new SchemaBuilder('BOOLEAN');
  }
  static string(): SchemaBuilder {
    return new SchemaBuilder('STRING');
  }
  static bytes(): SchemaBuilder {
    return new SchemaBuilder('BYTES');
  }
  static struct(): SchemaBuilder {
    return new SchemaBuilder('STRUCT');
  }
  static array(valueSchema: Schema | SchemaBuilder): SchemaBuilder {
    if (!valueSchema) throw new SchemaBuilderException('valueSchema cannot be null.');
    return new SchemaBuilder('ARRAY', null, toSchema(valueSchema));
  }
  static map(keySchema: Schema | SchemaBuilder, valueSchema: Schema | SchemaBuilder): SchemaBuilder {
    if (!keySchema || !valueSchema) throw new SchemaBuilderException('keySchema and valueSchema cannot be null.');
    return new SchemaBuilder('MAP', toSchema(keySchema), toSchema(valueSchema));
  }

  /** A builder pre-filled with everything of `schema` (fields included), for edits. */
  static from(schema: Schema): SchemaBuilder {
    const b = new SchemaBuilder(schema.type, schema.keySchema, schema.valueSchema);
    copyBasics(schema, b);
    if (schema.optional) b.optional();
    if (schema.defaultValue !== null) b.defaultValue(schema.defaultValue);
    for (const f of schema.fields) b.field(f.name, f.schema);
    return b;
  }

  optional(): this {
    this.checkCanSet('optional', this._optional);
    this._optional = true;
    return this;
  }
  required(): this {
    this.checkCanSet('optional', this._optional);
    this._optional = false;
    return this;
  }
  get isOptional(): boolean {
    return this._optional ?? false;
  }

  defaultValue(value: unknown): this {
    this.checkCanSet('default', this._default);
    try {
      validateValue(this.build(), value);
    } catch (e) {
      throw new SchemaBuilderException('Invalid default value', { cause: e });
    }
    this._default = value;
    return this;
  }

  name(name: string): this {
    this.checkCanSet('name', this._name);
    this._name = name;
    return this;
  }
  version(version: number): this {
    this.checkCanSet('version', this._version);
    this._version = version;
    return this;
  }
  doc(doc: string): this {
    this.checkCanSet('doc', this._doc);
    this._doc = doc;
    return this;
  }
  parameter(name: string, value: string): this {
    (this._parameters ??= {})[name] = value;
    return this;
  }
  parameters(params: Readonly<Record<string, string>>): this {
    Object.assign((this._parameters ??= {}), params);
    return this;
  }

  field(name: string, schema: Schema | SchemaBuilder): this {
    if (!this._fields || !this._fieldNames)
      throw new SchemaBuilderException('Cannot create fields on type ' + this.type);
    if (!name) throw new SchemaBuilderException('fieldName cannot be null.');
    if (!schema) throw new SchemaBuilderException('fieldSchema for field ' + name + ' cannot be null.');
    if (this._fieldNames.has(name))
      throw new SchemaBuilderException('Cannot create field because of field name duplication ' + name);
    this._fieldNames.add(name);
    this._fields.push(new Field(name, this._fields.length, toSchema(schema)));
    return this;
  }

  get fieldNames(): string[] {
    return this._fields ? this._fields.map((f) => f.name) : [];
  }

  build(): Schema {
    return new ConnectSchema(
      this.type,
      this._optional ?? false,
      this._default,
      this._name,
      this._version,
      this._doc,
      this._parameters ? { ...this._parameters } : null,
      this._fields,
      this._keySchema,
      this._valueSchema,
    );
  }

  private checkCanSet(field: string, current: unknown): void {
    if (current !== null && current !== undefined)
      throw new SchemaBuilderException(`Invalid SchemaBuilder call: ${field} has already been set.`);
  }
}

export function toSchema(schema: Schema | SchemaBuilder): Schema {
  return schema instanceof SchemaBuilder ? schema.build() : schema;
}

/** SchemaUtil.copySchemaBasics: name, version, doc, parameters. */
export function copyBasics(source: Schema, builder: SchemaBuilder): SchemaBuilder {
  if (source.name !== null) builder.name(source.name);
  if (source.version !== null) builder.version(source.version);
  if (source.doc !== null) builder.doc(source.doc);
  if (source.parameters && Object.keys(source.parameters).length > 0) builder.parameters(source.parameters);
  return builder;
}
