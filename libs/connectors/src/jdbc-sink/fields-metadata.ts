// Kafka Connect JDBC sink's FieldsMetadata: which columns a record maps to under pk.mode (kafka,
// record_key, record_value, none) and fields.whitelist, with the order the table is created in.
// Computed once per (key schema, value schema) pair.
import { ConnectException, SchemaBuilder, type Schema, type SinkRecord, type Struct } from '@libs/connect-spi';
import type { JdbcSinkConfig } from './jdbc-sink-config';

export interface Column {
  name: string;
  schema: Schema;
  isKey: boolean;
  isTimestamp: boolean;
  get(r: SinkRecord): unknown;
}

export interface FieldsMetadata {
  keys: Column[];
  values: Column[];
  /** DDL order: kafka columns, value fields in schema order, remaining key-only fields by name. */
  ddl: Column[];
}

const stringSchema = SchemaBuilder.string().build();
const int32Schema = SchemaBuilder.int32().build();
const int64Schema = SchemaBuilder.int64().build();

/** The columns of records with this key schema and value schema (a delete has no value columns). */
export function buildFieldsMetadata(c: JdbcSinkConfig, r: SinkRecord, isDelete: boolean): FieldsMetadata {
  const ts = (name: string) => c.timestampFields.has(name);
  const keys: Column[] = [];
  const keyNames = new Set<string>();
  const valueSchema = isDelete ? null : r.valueSchema;
  switch (c.pkMode) {
    case 'kafka': {
      const [t, p, o] =
        c.pkFields.length === 3 ? c.pkFields : ['__connect_topic', '__connect_partition', '__connect_offset'];
      keys.push(
        { name: t, schema: stringSchema, isKey: true, isTimestamp: false, get: (x) => x.topic },
        { name: p, schema: int32Schema, isKey: true, isTimestamp: false, get: (x) => x.kafkaPartition },
        { name: o, schema: int64Schema, isKey: true, isTimestamp: false, get: (x) => x.kafkaOffset },
      );
      break;
    }
    case 'record_key': {
      const ks = r.keySchema;
      if (!ks)
        throw new ConnectException(
          `Sink connector '${c.connectorName}' is configured with 'pk.mode=record_key' and therefore requires records with a non-null key and key schema`,
        );
      if (ks.type === 'STRUCT') {
        const names = c.pkFields.length > 0 ? c.pkFields : ks.fields.map((f) => f.name);
        for (const n of names) {
          const f = ks.field(n);
          if (!f)
            throw new ConnectException(
              `PK mode for table is RECORD_KEY with configured PK fields [${c.pkFields.join(', ')}], but record key schema does not contain field: ${n}`,
            );
          keys.push({
            name: n,
            schema: f.schema,
            isKey: true,
            isTimestamp: false,
            get: (x) => (x.key as Struct | null)?.get(f) ?? null,
          });
        }
      } else if (ks.type === 'ARRAY' || ks.type === 'MAP') {
        throw new ConnectException(`Key schema must be primitive type or Struct, was ${ks.type}`);
      } else {
        if (c.pkFields.length !== 1)
          throw new ConnectException(
            `Need exactly one PK column defined since the key schema for records is a primitive type, defined columns are: [${c.pkFields.join(', ')}]`,
          );
        keys.push({ name: c.pkFields[0], schema: ks, isKey: true, isTimestamp: false, get: (x) => x.key });
      }
      break;
    }
    case 'record_value': {
      if (!valueSchema || valueSchema.type !== 'STRUCT') break;
      const names = c.pkFields.length > 0 ? c.pkFields : valueSchema.fields.map((f) => f.name);
      for (const n of names) {
        const f = valueSchema.field(n);
        if (!f)
          throw new ConnectException(
            `PK mode for table is RECORD_VALUE with configured PK fields [${c.pkFields.join(', ')}], but record value schema does not contain field: ${n}`,
          );
        keys.push({
          name: n,
          schema: f.schema,
          isKey: true,
          isTimestamp: ts(n),
          get: (x) => (x.value as Struct).get(f),
        });
      }
      break;
    }
    case 'none':
      break;
  }
  for (const k of keys) keyNames.add(k.name);
  const values: Column[] = [];
  const ddl: Column[] = c.pkMode === 'kafka' ? [...keys] : [];
  if (valueSchema) {
    const whitelist = c.fieldsWhitelist.length > 0 ? new Set(c.fieldsWhitelist) : null;
    for (const f of valueSchema.fields) {
      if (keyNames.has(f.name)) {
        const k = keys.find((x) => x.name === f.name)!;
        if (c.pkMode !== 'kafka') ddl.push(k);
        continue;
      }
      if (whitelist && !whitelist.has(f.name)) continue;
      const col: Column = {
        name: f.name,
        schema: f.schema,
        isKey: false,
        isTimestamp: ts(f.name),
        get: (x) => (x.value as Struct).get(f),
      };
      values.push(col);
      ddl.push(col);
    }
  }
  for (const k of [...keys].sort((a, b) => a.name.localeCompare(b.name))) if (!ddl.includes(k)) ddl.push(k);
  return { keys, values, ddl };
}

/** FieldsMetadata by schema identity: records of one batch share their schema objects. */
export class FieldsMetadataCache {
  private readonly byKey = new WeakMap<object, WeakMap<object, FieldsMetadata>>();
  private readonly nullKey = {};
  private readonly nullValue = {};

  constructor(private readonly config: JdbcSinkConfig) {}

  of(r: SinkRecord, isDelete: boolean): FieldsMetadata {
    const k = (r.keySchema ?? this.nullKey) as object;
    const v = (isDelete ? this.nullValue : (r.valueSchema ?? this.nullValue)) as object;
    let byValue = this.byKey.get(k);
    if (!byValue) this.byKey.set(k, (byValue = new WeakMap()));
    let m = byValue.get(v);
    if (!m) byValue.set(v, (m = buildFieldsMetadata(this.config, r, isDelete)));
    return m;
  }
}
