// HeaderFrom$Key / $Value: copy or move fields into headers (appended, duplicates allowed).
import {
  ConfigDef,
  ConfigException,
  DataException,
  NonEmptyList,
  type Schema,
  SchemaBuilder,
  Struct,
  type Transformation,
  ValidString,
} from '@libs/connect-spi';
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/common-config';
import { type Side, operatingSchema, operatingValue } from './util/key-value';
import { type AnyRecord, requireMap, requireStruct } from './util/requirements';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util';

export function headerFromConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'fields',
      type: 'LIST',
      validator: new NonEmptyList(),
      importance: 'HIGH',
      documentation: 'Field names in the record whose values are to be copied or moved to headers.',
    })
    .define({
      name: 'headers',
      type: 'LIST',
      validator: new NonEmptyList(),
      importance: 'HIGH',
      documentation: 'Header names, in the same order as the field names listed in the fields configuration property.',
    })
    .define({
      name: 'operation',
      type: 'STRING',
      validator: ValidString.in('move', 'copy'),
      importance: 'HIGH',
      documentation:
        'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).',
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

export class HeaderFrom<R extends AnyRecord> implements Transformation<R> {
  private fields: string[] = [];
  private headers: string[] = [];
  private move = false;
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return headerFromConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = headerFromConfigDef().parse(props);
    this.fields = p.fields as string[];
    this.headers = p.headers as string[];
    if (this.fields.length !== this.headers.length)
      throw ConfigException.forKey(
        'headers',
        "'fields' config must have the same number of elements as 'headers' config.",
      );
    this.move = p.operation === 'move';
    this.replaceNullWithDefault = p[replaceNullWithDefaultKey] as boolean;
  }

  apply(record: R): R | null {
    const schema = operatingSchema(this.side, record);
    const raw = operatingValue(this.side, record);
    const purpose = 'header ' + (this.move ? 'move' : 'copy');
    const headers = record.headers.duplicate();
    let newSchema: Schema | null = schema;
    let newValue: unknown = raw;
    if (schema === null) {
      const value = requireMap(raw, purpose);
      const updated: Record<string, unknown> = this.move ? { ...value } : value;
      this.fields.forEach((f, i) => {
        headers.add(this.headers[i], value[f] ?? null, null);
        if (this.move) delete updated[f];
      });
      newValue = updated;
    } else {
      const value = requireStruct(raw, purpose);
      this.fields.forEach((f, i) => {
        const field = schema.field(f);
        if (!field) throw new DataException('Field does not exist: ' + f);
        headers.add(this.headers[i], fieldValue(value, field, this.replaceNullWithDefault), field.schema);
      });
      if (this.move) {
        newSchema = this.cache.getOrBuild(schema, (s) => {
          const b = copySchemaBasics(s, SchemaBuilder.struct());
          for (const f of s.fields) if (!this.fields.includes(f.name)) b.field(f.name, f.schema);
          if (s.optional) b.optional();
          return b.build();
        });
        const out = new Struct(newSchema);
        for (const f of newSchema.fields) out.put(f, fieldValue(value, f.name, this.replaceNullWithDefault));
        newValue = out;
      }
    }
    return this.side === 'key'
      ? record.newRecord(
          record.topic,
          record.kafkaPartition,
          newSchema,
          newValue,
          record.valueSchema,
          record.value,
          record.timestamp,
          headers,
        )
      : record.newRecord(
          record.topic,
          record.kafkaPartition,
          record.keySchema,
          record.key,
          newSchema,
          newValue,
          record.timestamp,
          headers,
        );
  }

  close(): void {}
}
