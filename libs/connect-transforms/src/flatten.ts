// Flatten$Key / $Value: nested maps/structs become one level, names joined by the delimiter.
import {
  ConfigDef,
  DataException,
  isPlainObject,
  type Schema,
  SchemaBuilder,
  Struct,
  type Transformation,
} from '@libs/connect-spi';
import { type Side, newRecordFor, operatingSchema, operatingValue } from './util/key-value';
import { type AnyRecord, javaClassName, requireMap, requireStructOrNull } from './util/requirements';
import { copySchemaBasics, SchemaCache } from './util/schema-util';

const PURPOSE = 'flattening';

export function flattenConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'delimiter',
    type: 'STRING',
    defaultValue: '.',
    importance: 'MEDIUM',
    documentation:
      'Delimiter to insert between field names from the input record when generating field names for the output record',
  });
}

export class Flatten<R extends AnyRecord> implements Transformation<R> {
  private delimiter = '.';
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return flattenConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    this.delimiter = flattenConfigDef().parse(props).delimiter as string;
  }

  private name(prefix: string, field: string): string {
    return prefix === '' ? field : prefix + this.delimiter + field;
  }

  apply(record: R): R | null {
    const raw = operatingValue(this.side, record);
    if (raw === null || raw === undefined) return record;
    const schema = operatingSchema(this.side, record);
    if (schema === null) {
      const out: Record<string, unknown> = {};
      this.flattenMap(requireMap(raw, PURPOSE), '', out);
      return newRecordFor(this.side, record, null, out);
    }
    const value = requireStructOrNull(raw, PURPOSE);
    const updatedSchema = this.cache.getOrBuild(schema, (s) => {
      const b = copySchemaBasics(s, SchemaBuilder.struct());
      this.flattenSchema(s, '', b, s.optional, (s.defaultValue as Struct | null) ?? null);
      if (s.optional) b.optional();
      return b.build();
    });
    if (value === null) return newRecordFor(this.side, record, updatedSchema, null);
    const out = new Struct(updatedSchema);
    this.flattenStruct(value, '', out);
    return newRecordFor(this.side, record, updatedSchema, out);
  }

  private flattenMap(value: Record<string, unknown>, prefix: string, out: Record<string, unknown>): void {
    for (const k in value) {
      const name = this.name(prefix, k);
      const v = value[k];
      if (v === null || v === undefined) {
        out[name] = null;
        continue;
      }
      if (isPlainObject(v) || v instanceof Map) {
        this.flattenMap(requireMap(v, PURPOSE), name, out);
        continue;
      }
      if (v instanceof Struct || v instanceof Date)
        throw new DataException(
          `Flatten transformation does not support ${javaClassName(v)} for record without schemas (for field ${name}).`,
        );
      out[name] = v;
    }
  }

  private flattenSchema(
    schema: Schema,
    prefix: string,
    b: SchemaBuilder,
    optional: boolean,
    parentDefault: Struct | null,
  ): void {
    for (const f of schema.fields) {
      const name = this.name(prefix, f.name);
      const fieldOptional = optional || f.schema.optional;
      const fieldDefault =
        f.schema.defaultValue !== null ? f.schema.defaultValue : parentDefault ? parentDefault.get(f.name) : null;
      switch (f.schema.type) {
        case 'STRUCT':
          this.flattenSchema(f.schema, name, b, fieldOptional, (fieldDefault as Struct | null) ?? null);
          break;
        case 'MAP':
          throw new DataException(
            `Flatten transformation does not support MAP for record with schemas (for field ${name}).`,
          );
        default: {
          const fb = copySchemaBasics(f.schema);
          if (fieldOptional) fb.optional();
          if (fieldDefault !== null && fieldDefault !== undefined) fb.defaultValue(fieldDefault);
          b.field(name, fb.build());
        }
      }
    }
  }

  private flattenStruct(value: Struct | null, prefix: string, out: Struct): void {
    if (value === null) return;
    for (const f of value.schema.fields) {
      const name = this.name(prefix, f.name);
      if (f.schema.type === 'STRUCT') this.flattenStruct(value.getWithoutDefault(f) as Struct | null, name, out);
      else out.put(name, value.getWithoutDefault(f));
    }
  }

  close(): void {}
}
