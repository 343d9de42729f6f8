// ValueToKey: replace the key with a map/struct of the listed value fields.
import {
  ConfigDef,
  DataException,
  NonEmptyList,
  type Schema,
  SchemaBuilder,
  Struct,
  type Transformation,
} from '@libs/connect-spi';
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/common-config';
import { type AnyRecord, requireMap, requireStruct } from './util/requirements';
import { fieldValue, SchemaCache } from './util/schema-util';

const PURPOSE = 'copying fields from value to key';

export function valueToKeyConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'fields',
      type: 'LIST',
      validator: new NonEmptyList(),
      importance: 'HIGH',
      documentation: 'Field names on the record value to extract as the record key.',
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

export class ValueToKey<R extends AnyRecord> implements Transformation<R> {
  private fields: string[] = [];
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  config(): ConfigDef {
    return valueToKeyConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = valueToKeyConfigDef().parse(props);
    this.fields = p.fields as string[];
    this.replaceNullWithDefault = p[replaceNullWithDefaultKey] as boolean;
  }

  apply(record: R): R | null {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE);
      const key: Record<string, unknown> = {};
      for (const f of this.fields) key[f] = f in value ? value[f] : null;
      return record.newRecord(
        record.topic,
        record.kafkaPartition,
        null,
        key,
        record.valueSchema,
        record.value,
        record.timestamp,
      );
    }
    const value = requireStruct(record.value, PURPOSE);
    const keySchema = this.cache.getOrBuild(value.schema, (s) => this.buildKeySchema(s));
    const key = new Struct(keySchema);
    for (const f of this.fields) key.put(f, fieldValue(value, f, this.replaceNullWithDefault));
    return record.newRecord(record.topic, record.kafkaPartition, keySchema, key, value.schema, value, record.timestamp);
  }

  private buildKeySchema(valueSchema: Schema): Schema {
    const b = SchemaBuilder.struct();
    for (const f of this.fields) {
      const field = valueSchema.field(f);
      if (!field) throw new DataException('Field does not exist: ' + f);
      b.field(f, field.schema);
    }
    return b.build();
  }

  close(): void {}
}
