// converterFor: the converter a managed connector's `output.data.format` / `input.data.format`
// (or `input.key.format`) stands for, configured against the Schema Registry.
import type { Converter } from '@libs/connect-spi';
import { ByteArrayConverter } from './byte-array-converter';
import { JsonConverter } from './json/json-converter';
import { StringConverter } from './string-converter';
import type { SchemaRegistryClient } from '@libs/schema-registry';
import { AvroConverter } from './schema-registry/avro-format';
import { JsonSchemaConverter } from './schema-registry/json-schema-format';
import { ProtobufConverter } from './schema-registry/protobuf-format';

export type DataFormat = 'AVRO' | 'JSON_SR' | 'PROTOBUF' | 'JSON' | 'STRING' | 'BYTES';
export const DATA_FORMATS: readonly DataFormat[] = ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON', 'STRING', 'BYTES'];

export interface SchemaRegistryConfig {
  /** `schema.registry.url` (the tenant's registry endpoint). */
  url?: string;
  /** `basic.auth.user.info` = "<key>:<secret>". */
  userInfo?: string;
  /** An in-process client (tests, embedded registry); wins over url. */
  client?: SchemaRegistryClient;
  /** `schema.context.name` ("default" = none). */
  contextName?: string;
  /** Extra converter properties, e.g. `auto.register.schemas`, `value.subject.name.strategy`. */
  extra?: Record<string, unknown>;
}

/** Converter class names Confluent's templates switch to per format. */
export const FORMAT_CONVERTER_CLASS: Record<DataFormat, string> = {
  AVRO: 'io.confluent.connect.avro.AvroConverter',
  JSON_SR: 'io.confluent.connect.json.JsonSchemaConverter',
  PROTOBUF: 'io.confluent.connect.protobuf.ProtobufConverter',
  JSON: 'org.apache.kafka.connect.json.JsonConverter',
  STRING: 'org.apache.kafka.connect.storage.StringConverter',
  BYTES: 'org.apache.kafka.connect.converters.ByteArrayConverter',
};

/**
 * A configured converter for a managed data format. JSON is schemaless JsonConverter
 * (`schemas.enable=false`, as Cloud's output.data.format=JSON) unless `extra['schemas.enable']`
 * says otherwise. Schema Registry formats need `sr.url` or `sr.client`.
 */
export function converterFor(format: DataFormat | string, sr: SchemaRegistryConfig = {}, isKey = false): Converter {
  const f = String(format).toUpperCase() as DataFormat;
  const props: Record<string, unknown> = { 'converter.type': isKey ? 'key' : 'value', ...(sr.extra ?? {}) };
  let c: Converter;
  switch (f) {
    case 'AVRO':
    case 'JSON_SR':
    case 'PROTOBUF':
      c = f === 'AVRO' ? new AvroConverter() : f === 'JSON_SR' ? new JsonSchemaConverter() : new ProtobufConverter();
      if (sr.client) props['schema.registry.client'] = sr.client;
      if (sr.url) props['schema.registry.url'] = sr.url;
      if (sr.userInfo) props['basic.auth.user.info'] = sr.userInfo;
      if (sr.contextName) props['schema.context.name'] = sr.contextName;
      break;
    case 'JSON':
      c = new JsonConverter();
      if (props['schemas.enable'] === undefined) props['schemas.enable'] = false;
      break;
    case 'STRING':
      c = new StringConverter();
      break;
    case 'BYTES':
      c = new ByteArrayConverter();
      break;
    default:
      throw new Error(`Unknown data format ${String(format)}; expected one of ${DATA_FORMATS.join(', ')}`);
  }
  c.configure(props, isKey);
  return c;
}

/** The class name → converter map for SR converters, to resolve `value.converter` class names. */
export const SCHEMA_REGISTRY_CONVERTERS: Record<string, () => Converter> = {
  'io.confluent.connect.avro.AvroConverter': () => new AvroConverter(),
  AvroConverter: () => new AvroConverter(),
  'io.confluent.connect.json.JsonSchemaConverter': () => new JsonSchemaConverter(),
  JsonSchemaConverter: () => new JsonSchemaConverter(),
  'io.confluent.connect.protobuf.ProtobufConverter': () => new ProtobufConverter(),
  ProtobufConverter: () => new ProtobufConverter(),
};

/**
 * The config a connector's converters are chosen from: a sink reads Kafka in `input.data.format`,
 * so its `output.data.format` (the S3 sink's file format) is left out; a source's config as is.
 */
export function converterConfig<T extends Readonly<Record<string, unknown>>>(type: 'source' | 'sink', config: T): T {
  if (type !== 'sink' || config['input.data.format'] === undefined || config['output.data.format'] === undefined)
    return config;
  return Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'output.data.format')) as T;
}

/**
 * Key and value converters of a managed connector (Confluent Cloud style config): sources by
 * `output.data.format` (key: `output.key.format` when the source declares it, else StringConverter,
 * which Cloud pins for Datagen), sinks by `input.data.format` and
 * `input.key.format` (default StringConverter). Returns null when the config names neither format
 * (then the runtime's `key.converter` / `value.converter` handling applies). JSON honours
 * `json.output.decimal.format` and `value.converter.schemas.enable`.
 */
export function managedConverters(
  config: Readonly<Record<string, string | undefined>>,
  sr: SchemaRegistryConfig,
): { key: Converter; value: Converter } | null {
  const out = config['output.data.format'];
  const inp = config['input.data.format'];
  const format = (out ?? inp)?.trim();
  if (!format) return null;
  const context = config['schema.context.name'];
  const base: SchemaRegistryConfig = { ...sr, ...(context && context !== 'default' ? { contextName: context } : {}) };
  const valueExtra: Record<string, unknown> = { ...(sr.extra ?? {}) };
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined || !k.startsWith('value.converter.') || k === 'value.converter.schema.registry.url') continue;
    valueExtra[k.slice('value.converter.'.length)] = v;
  }
  if (config['json.output.decimal.format']) valueExtra['decimal.format'] = config['json.output.decimal.format'];
  const value = converterFor(format, { ...base, extra: valueExtra }, false);
  // sources: output.key.format (the CDC sources declare it; Datagen does not, its keys stay STRING)
  const keyFormat = (out === undefined ? config['input.key.format'] : config['output.key.format'])?.trim();
  const key = converterFor(keyFormat || 'STRING', base, true);
  return { key, value };
}
