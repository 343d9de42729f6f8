// InsertField$Key / $Value: add topic, partition, offset, timestamp and/or a static string.
// A "!" suffix makes the inserted field required, "?" (or nothing) optional.
import {
  ConfigDef,
  ConfigException,
  type Schema,
  SchemaBuilder,
  Schemas,
  Struct,
  Timestamp,
  type Transformation,
} from '@libs/connect-spi';
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/common-config';
import { type Side, newRecordFor, operatingSchema, operatingValue } from './util/key-value';
import { type AnyRecord, requireMap, requireSinkRecord, requireStruct } from './util/requirements';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util';

const PURPOSE = 'field insertion';
const OPTIONAL_TIMESTAMP = Timestamp.builder().optional().build();

interface InsertionSpec {
  name: string;
  optional: boolean;
}

function parseSpec(spec: string | null): InsertionSpec | null {
  if (spec === null || spec === undefined) return null;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

export function insertFieldConfigDef(): ConfigDef {
  const doc = (what: string) =>
    `Field name for ${what}.\nSuffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).`;
  return new ConfigDef()
    .define({
      name: 'topic.field',
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: doc('Kafka topic'),
    })
    .define({
      name: 'partition.field',
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: doc('Kafka partition'),
    })
    .define({
      name: 'offset.field',
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: doc('Kafka offset - only applicable to sink connectors'),
    })
    .define({
      name: 'timestamp.field',
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: doc('record timestamp'),
    })
    .define({
      name: 'static.field',
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: doc('static data field'),
    })
    .define({
      name: 'static.value',
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: 'Static field value, if field name configured.',
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

export class InsertField<R extends AnyRecord> implements Transformation<R> {
  private topicField: InsertionSpec | null = null;
  private partitionField: InsertionSpec | null = null;
  private offsetField: InsertionSpec | null = null;
  private timestampField: InsertionSpec | null = null;
  private staticField: InsertionSpec | null = null;
  private staticValue: string | null = null;
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return insertFieldConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = insertFieldConfigDef().parse(props);
    this.topicField = parseSpec(p['topic.field'] as string | null);
    this.partitionField = parseSpec(p['partition.field'] as string | null);
    this.offsetField = parseSpec(p['offset.field'] as string | null);
    this.timestampField = parseSpec(p['timestamp.field'] as string | null);
    this.staticField = parseSpec(p['static.field'] as string | null);
    this.staticValue = p['static.value'] as string | null;
    this.replaceNullWithDefault = p[replaceNullWithDefaultKey] as boolean;
    if (!this.topicField && !this.partitionField && !this.offsetField && !this.timestampField && !this.staticField)
      throw new ConfigException('No field insertion configured');
    if (this.staticField && this.staticValue === null)
      throw new ConfigException('static.value', null, 'No value specified for static field: ' + this.staticField.name);
  }

  apply(record: R): R | null {
    const raw = operatingValue(this.side, record);
    if (raw === null || raw === undefined) return record;
    const schema = operatingSchema(this.side, record);
    return schema === null ? this.applySchemaless(record, raw) : this.applyWithSchema(record, raw);
  }

  private applySchemaless(record: R, raw: unknown): R {
    const out: Record<string, unknown> = { ...requireMap(raw, PURPOSE) };
    if (this.topicField) out[this.topicField.name] = record.topic;
    if (this.partitionField && record.kafkaPartition !== null) out[this.partitionField.name] = record.kafkaPartition;
    if (this.offsetField) out[this.offsetField.name] = requireSinkRecord(record, PURPOSE).kafkaOffset;
    if (this.timestampField && record.timestamp !== null) out[this.timestampField.name] = record.timestamp;
    if (this.staticField) out[this.staticField.name] = this.staticValue;
    return newRecordFor(this.side, record, null, out);
  }

  private applyWithSchema(record: R, raw: unknown): R {
    const value = requireStruct(raw, PURPOSE);
    const updatedSchema = this.cache.getOrBuild(value.schema, (s) => this.buildSchema(s));
    const out = new Struct(updatedSchema);
    for (const f of value.schema.fields) out.put(f.name, fieldValue(value, f, this.replaceNullWithDefault));
    if (this.topicField) out.put(this.topicField.name, record.topic);
    if (this.partitionField && record.kafkaPartition !== null) out.put(this.partitionField.name, record.kafkaPartition);
    if (this.offsetField) out.put(this.offsetField.name, requireSinkRecord(record, PURPOSE).kafkaOffset);
    if (this.timestampField && record.timestamp !== null) out.put(this.timestampField.name, new Date(record.timestamp));
    if (this.staticField) out.put(this.staticField.name, this.staticValue);
    return newRecordFor(this.side, record, updatedSchema, out);
  }

  private buildSchema(schema: Schema): Schema {
    const b = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields) b.field(f.name, f.schema);
    const add = (spec: InsertionSpec | null, required: Schema, optional: Schema) => {
      if (spec) b.field(spec.name, spec.optional ? optional : required);
    };
    add(this.topicField, Schemas.STRING_SCHEMA, Schemas.OPTIONAL_STRING_SCHEMA);
    add(this.partitionField, Schemas.INT32_SCHEMA, Schemas.OPTIONAL_INT32_SCHEMA);
    add(this.offsetField, Schemas.INT64_SCHEMA, Schemas.OPTIONAL_INT64_SCHEMA);
    add(this.timestampField, Timestamp.SCHEMA, OPTIONAL_TIMESTAMP);
    add(this.staticField, Schemas.STRING_SCHEMA, Schemas.OPTIONAL_STRING_SCHEMA);
    if (schema.optional) b.optional();
    return b.build();
  }

  close(): void {}
}
