// Helpers shared by the transforms that rebuild schemas.
import { copyBasics, type Field, type Schema, SchemaBuilder, Struct } from '@libs/connect-spi';

/** A builder of the same type (with element/key/value schemas) carrying name/version/doc/params. */
export function copySchemaBasics(source: Schema, builder?: SchemaBuilder): SchemaBuilder {
  let b = builder;
  if (!b) {
    if (source.type === 'ARRAY') b = SchemaBuilder.array(source.valueSchema!);
    else if (source.type === 'MAP') b = SchemaBuilder.map(source.keySchema!, source.valueSchema!);
    else b = SchemaBuilder.type(source.type);
  }
  return copyBasics(source, b);
}

/** Struct field read honouring replace.null.with.default. */
export function fieldValue(struct: Struct, field: Field | string, replaceNullWithDefault: boolean): unknown {
  return replaceNullWithDefault ? struct.get(field) : struct.getWithoutDefault(field);
}

/**
 * Rebuilt schemas are cached per input schema object (Kafka keeps an LRU of 16 keyed by schema
 * equality; identity is enough for converters that reuse schema instances).
 */
export class SchemaCache {
  private readonly map = new Map<Schema, Schema>();
  constructor(private readonly max = 16) {}

  get(schema: Schema): Schema | undefined {
    const v = this.map.get(schema);
    if (v !== undefined) {
      this.map.delete(schema);
      this.map.set(schema, v);
    }
    return v;
  }

  put(schema: Schema, updated: Schema): void {
    this.map.set(schema, updated);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  getOrBuild(schema: Schema, build: (s: Schema) => Schema): Schema {
    let v = this.get(schema);
    if (v === undefined) {
      v = build(schema);
      this.put(schema, v);
    }
    return v;
  }
}
