// org.apache.kafka.connect.json.JsonConverter: Connect data ⇄ JSON bytes, with or without the
// {"schema","payload"} envelope, logical types, and BASE64/NUMERIC decimals.
import {
  BigDecimal,
  ConfigDef,
  ConnectDate,
  DataException,
  Decimal,
  type Schema,
  type SchemaAndValue,
  type ConnectHeaders,
  type Converter,
  type HeaderConverter,
  isPlainObject,
  describeValue,
  int64Of,
  int64Wrapped,
  NULL_SCHEMA_AND_VALUE,
  Struct,
  Time,
  Timestamp,
} from '@libs/connect-spi';
import { asConnectSchema, asJsonSchema } from './json-schema';
import {
  JsonFloat,
  type JsonNode,
  type ParsedJson,
  parseJsonBytes,
  plainJson,
  RawNumber,
  writeJson,
} from './json-text';

export const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

export function jsonConverterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'converter.type',
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'How this converter will be used.',
      group: 'Converter',
      orderInGroup: 0,
    })
    .define({
      name: 'schemas.enable',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'HIGH',
      documentation: 'Include schemas within each of the serialized values and keys.',
      group: 'Schemas',
      orderInGroup: 1,
      width: 'MEDIUM',
      displayName: 'Enable Schemas',
    })
    .define({
      name: 'schemas.cache.size',
      type: 'INT',
      defaultValue: 1000,
      importance: 'HIGH',
      documentation: 'The maximum number of schemas that can be cached in this converter instance.',
      group: 'Schemas',
      orderInGroup: 2,
      width: 'MEDIUM',
      displayName: 'Schema Cache Size',
    })
    .define({
      name: 'decimal.format',
      type: 'STRING',
      defaultValue: 'BASE64',
      importance: 'LOW',
      documentation: 'Controls which format this converter will serialize decimals in: BASE64 or NUMERIC.',
      group: 'Serialization',
      orderInGroup: 1,
      width: 'MEDIUM',
      displayName: 'Decimal Format',
    })
    .define({
      name: 'replace.null.with.default',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'LOW',
      documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
      group: 'Serialization',
      orderInGroup: 2,
      width: 'MEDIUM',
      displayName: 'Replace null with default',
    });
}

/** Java's Double.toString keeps a ".0" on integral values; JSON readers then see a float. */
function floatNode(n: number): JsonNode {
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? new RawNumber(n.toFixed(1)) : n;
}

export class JsonConverter implements Converter, HeaderConverter {
  private schemasEnabled = true;
  private decimalNumeric = false;
  private replaceNullWithDefault = true;

  config(): ConfigDef {
    return jsonConverterConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>, _isKey = false): void {
    const parsed = jsonConverterConfigDef().parse(configs);
    this.schemasEnabled = parsed['schemas.enable'] as boolean;
    const fmt = String(parsed['decimal.format']).toUpperCase();
    if (fmt !== 'BASE64' && fmt !== 'NUMERIC')
      throw new DataException(`Invalid value ${String(parsed['decimal.format'])} for configuration decimal.format`);
    this.decimalNumeric = fmt === 'NUMERIC';
    this.replaceNullWithDefault = parsed['replace.null.with.default'] as boolean;
  }

  fromConnectData(
    _topic: string,
    _headers: ConnectHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Buffer | null {
    if (schema === null && (value === null || value === undefined)) return null;
    const payload = this.convertToJson(schema, value);
    const node: JsonNode = this.schemasEnabled
      ? { schema: asJsonSchema(schema, (s, v) => this.convertToJson(s, v)), payload }
      : payload;
    return Buffer.from(writeJson(node), 'utf8');
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    const json = parseJsonBytes(value);
    if (!this.schemasEnabled) return { schema: null, value: this.convertToConnect(null, json) };
    if (
      json === null ||
      typeof json !== 'object' ||
      Array.isArray(json) ||
      json instanceof JsonFloat ||
      Object.keys(json).length !== 2 ||
      !('schema' in json) ||
      !('payload' in json)
    )
      throw new DataException(ENVELOPE_ERROR);
    const schema = asConnectSchema(json.schema, (s, j) => this.convertToConnect(s, j));
    return { schema, value: this.convertToConnect(schema, json.payload) };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  /** Connect value → JSON tree (Kafka's convertToJson). */
  convertToJson(schema: Schema | null, value: unknown): JsonNode {
    if (value === null || value === undefined) {
      if (schema === null) return null;
      if (schema.defaultValue !== null && this.replaceNullWithDefault)
        return this.convertToJson(schema, schema.defaultValue);
      if (schema.optional) return null;
      throw new DataException('Conversion error: null value for field that is required and has no default value');
    }
    if (schema !== null && schema.name !== null) {
      switch (schema.name) {
        case Decimal.LOGICAL_NAME: {
          if (!(value instanceof BigDecimal))
            throw new DataException('Invalid type for Decimal, expected BigDecimal but was ' + describeValue(value));
          if (this.decimalNumeric) return new RawNumber(value.setScale(Decimal.scaleOf(schema)).toString());
          return Decimal.fromLogical(schema, value).toString('base64');
        }
        case ConnectDate.LOGICAL_NAME:
          return ConnectDate.fromLogical(schema, this.requireDate(value, 'Date'));
        case Time.LOGICAL_NAME:
          return Time.fromLogical(schema, this.requireDate(value, 'Time'));
        case Timestamp.LOGICAL_NAME:
          return Timestamp.fromLogical(schema, this.requireDate(value, 'Timestamp'));
      }
    }
    const type = schema ? schema.type : inferType(value);
    const bad = (): never => {
      throw new DataException(`Invalid type for ${type}: ${describeValue(value)}`);
    };
    switch (type) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
        if (typeof value !== 'number') bad();
        return value as number;
      case 'INT64':
        if (typeof value === 'bigint') return int64Of(value);
        if (typeof value !== 'number') bad();
        return value as number;
      case 'FLOAT32':
      case 'FLOAT64':
        if (typeof value !== 'number') bad();
        return floatNode(value as number);
      case 'BOOLEAN':
        if (typeof value !== 'boolean') bad();
        return value as boolean;
      case 'STRING':
        if (typeof value !== 'string') bad();
        return value as string;
      case 'BYTES':
        if (!(value instanceof Uint8Array)) bad();
        return Buffer.from(
          (value as Uint8Array).buffer,
          (value as Uint8Array).byteOffset,
          (value as Uint8Array).byteLength,
        ).toString('base64');
      case 'ARRAY': {
        if (!Array.isArray(value)) bad();
        const elem = schema ? schema.valueSchema : null;
        return (value as unknown[]).map((v) => this.convertToJson(elem, v));
      }
      case 'MAP': {
        const entries: [unknown, unknown][] =
          value instanceof Map ? [...value] : isPlainObject(value) ? Object.entries(value) : bad();
        const keySchema = schema ? schema.keySchema : null;
        const valueSchema = schema ? schema.valueSchema : null;
        const objectMode = schema
          ? keySchema!.type === 'STRING' && !keySchema!.optional
          : entries.every(([k]) => typeof k === 'string');
        if (objectMode) {
          const obj: { [k: string]: JsonNode } = {};
          for (const [k, v] of entries) obj[k as string] = this.convertToJson(valueSchema, v);
          return obj;
        }
        return entries.map(([k, v]) => [this.convertToJson(keySchema, k), this.convertToJson(valueSchema, v)]);
      }
      case 'STRUCT': {
        if (!(value instanceof Struct)) return bad();
        if (schema && !value.schema.equals(schema)) throw new DataException('Mismatching schema.');
        const obj: { [k: string]: JsonNode } = {};
        for (const f of value.schema.fields) obj[f.name] = this.convertToJson(f.schema, value.getWithoutDefault(f));
        return obj;
      }
    }
  }

  /** JSON tree → Connect value (Kafka's convertToConnect). */
  convertToConnect(schema: Schema | null, json: ParsedJson | undefined): unknown {
    if (json === undefined) json = null;
    if (schema === null) return plainJson(json);
    if (json === null) {
      if (schema.defaultValue !== null && this.replaceNullWithDefault) return schema.defaultValue;
      if (schema.optional) return null;
      throw new DataException(`Invalid null value for required ${schema.type} field`);
    }
    const typeError = (): never => {
      throw new DataException(
        `Invalid JSON for ${schema.type} field${schema.name ? ' ' + schema.name : ''}: ${describeJson(json)}`,
      );
    };
    switch (schema.name) {
      case Decimal.LOGICAL_NAME: {
        const scale = Decimal.scaleOf(schema);
        if (typeof json === 'number') return BigDecimal.fromNumber(json).setScale(scale);
        if (typeof json === 'bigint') return BigDecimal.fromBigInt(json).setScale(scale);
        if (json instanceof JsonFloat) return BigDecimal.fromNumber(json.value).setScale(scale);
        if (typeof json === 'string') return Decimal.toLogical(schema, Buffer.from(json, 'base64'));
        throw new DataException(
          'Invalid type for Decimal, underlying representation should be numeric or bytes but was ' +
            describeJson(json),
        );
      }
      case ConnectDate.LOGICAL_NAME:
        if (typeof json !== 'number')
          throw new DataException(
            'Invalid type for Date, underlying representation should be integer but was ' + describeJson(json),
          );
        return ConnectDate.toLogical(schema, json);
      case Time.LOGICAL_NAME:
        if (typeof json !== 'number')
          throw new DataException(
            'Invalid type for Time, underlying representation should be integer but was ' + describeJson(json),
          );
        return Time.toLogical(schema, json);
      case Timestamp.LOGICAL_NAME:
        if (typeof json !== 'number' && typeof json !== 'bigint')
          throw new DataException(
            'Invalid type for Timestamp, underlying representation should be integral but was ' + describeJson(json),
          );
        return Timestamp.toLogical(schema, json);
    }
    switch (schema.type) {
      case 'BOOLEAN':
        return typeof json === 'boolean' ? json : typeError();
      case 'INT8':
      case 'INT16':
      case 'INT32': {
        if (typeof json !== 'number') return typeError();
        const bits = schema.type === 'INT8' ? 8 : schema.type === 'INT16' ? 16 : 32;
        if (json < -(2 ** (bits - 1)) || json >= 2 ** (bits - 1))
          throw new DataException(`Invalid value ${json} for ${schema.type} field: out of range`);
        return json;
      }
      case 'INT64':
        // Jackson's longValue(): a JSON integer beyond the long range keeps its low 64 bits
        if (typeof json === 'bigint') return int64Wrapped(json);
        return typeof json === 'number' ? json : typeError();
      case 'FLOAT32':
      case 'FLOAT64':
        if (json instanceof JsonFloat) return json.value;
        if (typeof json === 'number') return json;
        if (typeof json === 'bigint') return Number(json);
        return typeError();
      case 'STRING':
        return typeof json === 'string' ? json : typeError();
      case 'BYTES':
        if (typeof json !== 'string') throw new DataException('Invalid bytes field');
        return Buffer.from(json, 'base64');
      case 'ARRAY':
        if (!Array.isArray(json)) return typeError();
        return json.map((e) => this.convertToConnect(schema.valueSchema, e));
      case 'MAP': {
        const out = new Map<unknown, unknown>();
        if (schema.keySchema!.type === 'STRING') {
          if (!isJsonObject(json)) return typeError();
          for (const [k, v] of Object.entries(json)) out.set(k, this.convertToConnect(schema.valueSchema, v));
        } else {
          if (!Array.isArray(json))
            throw new DataException(
              'Maps with non-string fields should be encoded as JSON array of tuples, but found ' + describeJson(json),
            );
          for (const entry of json) {
            if (!Array.isArray(entry))
              throw new DataException('Found invalid map entry instead of array tuple: ' + describeJson(entry));
            if (entry.length !== 2)
              throw new DataException('Found invalid map entry, expected length 2 but found :' + entry.length);
            out.set(
              this.convertToConnect(schema.keySchema, entry[0]),
              this.convertToConnect(schema.valueSchema, entry[1]),
            );
          }
        }
        return out;
      }
      case 'STRUCT': {
        if (!isJsonObject(json)) throw new DataException('Structs should be encoded as JSON objects');
        const struct = new Struct(schema);
        for (const f of schema.fields) struct.put(f, this.convertToConnect(f.schema, json[f.name]));
        return struct;
      }
    }
  }

  private requireDate(value: unknown, label: string): Date {
    if (!(value instanceof Date))
      throw new DataException(`Invalid type for ${label}, expected Date but was ${describeValue(value)}`);
    return value;
  }
}

function isJsonObject(json: ParsedJson): json is { [k: string]: ParsedJson } {
  return json !== null && typeof json === 'object' && !Array.isArray(json) && !(json instanceof JsonFloat);
}

function describeJson(json: ParsedJson | undefined): string {
  if (json === null || json === undefined) return 'NULL';
  if (Array.isArray(json)) return 'ARRAY';
  if (json instanceof JsonFloat || typeof json === 'number' || typeof json === 'bigint') return 'NUMBER';
  if (typeof json === 'object') return 'OBJECT';
  return typeof json === 'string' ? 'STRING' : 'BOOLEAN';
}

/** ConnectSchema.schemaType(class) for schemaless writes. */
function inferType(value: unknown): Schema['type'] {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'INT64' : 'FLOAT64';
    case 'bigint':
      return 'INT64';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
  }
  if (value instanceof Uint8Array) return 'BYTES';
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof Map || isPlainObject(value)) return 'MAP';
  if (value instanceof Struct) return 'STRUCT';
  throw new DataException(`Java class ${describeValue(value)} does not have corresponding schema type.`);
}
