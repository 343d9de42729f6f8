// HoistField$Key / $Value: wrap the whole key/value in a single-field map/struct.
import { ConfigDef, type Schema, SchemaBuilder, Struct, type Transformation } from '@libs/connect-spi';
import { type Side, newRecordFor, operatingSchema, operatingValue } from './util/key-value';
import type { AnyRecord } from './util/requirements';
import { SchemaCache } from './util/schema-util';

export function hoistFieldConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'field',
    type: 'STRING',
    importance: 'MEDIUM',
    documentation: 'Field name for the single field that will be created in the resulting Struct or Map.',
  });
}

export class HoistField<R extends AnyRecord> implements Transformation<R> {
  private field = '';
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return hoistFieldConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    this.field = hoistFieldConfigDef().parse(props).field as string;
  }

  apply(record: R): R | null {
    const schema = operatingSchema(this.side, record);
    const value = operatingValue(this.side, record);
    if (schema === null) return newRecordFor(this.side, record, null, { [this.field]: value ?? null });
    const updated = this.cache.getOrBuild(schema, (s: Schema) => SchemaBuilder.struct().field(this.field, s).build());
    return newRecordFor(this.side, record, updated, new Struct(updated).put(this.field, value));
  }

  close(): void {}
}
