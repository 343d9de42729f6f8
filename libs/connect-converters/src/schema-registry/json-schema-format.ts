// Confluent's JsonSchemaConverter (io.confluent.connect.json.JsonSchemaConverter): Connect data ⇄
// JSON documents validated against a registry JSON Schema.
import {
  BigDecimal,
  ConnectDate,
  DataException,
  Decimal,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  int64Of,
  int64Wrapped,
  type Schema,
} from '@libs/connect-spi';
import type { ParsedJsonSchema, ParsedSchema } from '@libs/schema-registry';
import { type JsonNode as JsonText, plainJson, RawNumber, readJson, writeJson } from '../json/json-text';
import { SchemaRegistryConverter, type FormatCodec } from './schema-registry-converter';

// Confluent's JsonSchemaData: "title" names structs and logical types, "connect.type" keeps the
// Connect width, optional fields are oneOf [null, T], maps are objects with additionalProperties.

type JsonNode = Record<string, unknown>;

function connectToJsonSchema(schema: Schema, index?: number): JsonNode {
  const out: JsonNode = {};
  const name = schema.name;
  switch (schema.type) {
    case 'INT8':
    case 'INT16':
    case 'INT32':
    case 'INT64':
      out.type = 'integer';
      out['connect.type'] = schema.type.toLowerCase();
      break;
    case 'FLOAT32':
      out.type = 'number';
      out['connect.type'] = 'float32';
      break;
    case 'FLOAT64':
      out.type = 'number';
      out['connect.type'] = 'float64';
      break;
    case 'BOOLEAN':
      out.type = 'boolean';
      break;
    case 'STRING':
      out.type = 'string';
      break;
    case 'BYTES':
      if (name === Decimal.LOGICAL_NAME) out.type = 'number';
      else out.type = 'string';
      out['connect.type'] = 'bytes';
      break;
    case 'ARRAY':
      out.type = 'array';
      out.items = connectToJsonSchema(schema.valueSchema as Schema);
      break;
    case 'MAP':
      out.type = 'object';
      out.additionalProperties = connectToJsonSchema(schema.valueSchema as Schema);
      out['connect.type'] = 'map';
      break;
    case 'STRUCT': {
      out.type = 'object';
      const props: JsonNode = {};
      schema.fields.forEach((f, i) => (props[f.name] = connectToJsonSchema(f.schema, i)));
      out.properties = props;
      const required = schema.fields.filter((f) => !f.schema.optional).map((f) => f.name);
      if (required.length > 0) out.required = required;
      break;
    }
  }
  if (name) out.title = name;
  if (schema.version !== null) out['connect.version'] = schema.version;
  if (schema.parameters) out['connect.parameters'] = { ...schema.parameters };
  if (index !== undefined) out['connect.index'] = index;
  if (schema.optional) {
    const { ['connect.index']: idx, ...rest } = out;
    return { oneOf: [{ type: 'null' }, rest], ...(idx !== undefined ? { 'connect.index': idx } : {}) };
  }
  return out;
}

function jsonSchemaToConnect(node: JsonNode, optional: boolean): Schema {
  if (Array.isArray(node.oneOf)) {
    const branches = (node.oneOf as JsonNode[]).filter((b) => b.type !== 'null');
    const nullable = branches.length !== (node.oneOf as JsonNode[]).length;
    if (branches.length === 1) return jsonSchemaToConnect(branches[0], optional || nullable);
  }
  const title = typeof node.title === 'string' ? node.title : undefined;
  const ct = typeof node['connect.type'] === 'string' ? node['connect.type'] : undefined;
  let type = node.type;
  if (Array.isArray(type)) {
    const t = type.filter((x) => x !== 'null');
    if (t.length !== type.length) optional = true;
    type = t[0];
  }
  let b: SchemaBuilder;
  if (title === Decimal.LOGICAL_NAME) {
    const params = (node['connect.parameters'] ?? {}) as Record<string, string>;
    b = Decimal.builder(Number(params.scale ?? 0));
    for (const [k, v] of Object.entries(params)) if (k !== 'scale') b.parameter(k, v);
  } else if (title === Timestamp.LOGICAL_NAME) b = Timestamp.builder();
  else if (title === ConnectDate.LOGICAL_NAME) b = ConnectDate.builder();
  else if (title === Time.LOGICAL_NAME) b = Time.builder();
  else
    switch (type) {
      case 'integer':
        b =
          ct === 'int8'
            ? SchemaBuilder.int8()
            : ct === 'int16'
              ? SchemaBuilder.int16()
              : ct === 'int32'
                ? SchemaBuilder.int32()
                : SchemaBuilder.int64();
        break;
      case 'number':
        b = ct === 'float32' ? SchemaBuilder.float32() : SchemaBuilder.float64();
        break;
      case 'boolean':
        b = SchemaBuilder.bool();
        break;
      case 'string':
        b = ct === 'bytes' ? SchemaBuilder.bytes() : SchemaBuilder.string();
        break;
      case 'array':
        b = SchemaBuilder.array(jsonSchemaToConnect((node.items ?? {}) as JsonNode, false));
        break;
      case 'object': {
        if (
          ct === 'map' ||
          (!node.properties && node.additionalProperties && typeof node.additionalProperties === 'object')
        ) {
          b = SchemaBuilder.map(
            SchemaBuilder.string().build(),
            jsonSchemaToConnect(node.additionalProperties as JsonNode, false),
          );
          break;
        }
        b = SchemaBuilder.struct();
        const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
        const props = Object.entries((node.properties ?? {}) as Record<string, JsonNode>);
        props.sort((a, b2) => Number(a[1]['connect.index'] ?? 1e9) - Number(b2[1]['connect.index'] ?? 1e9));
        for (const [k, v] of props)
          b.field(k, jsonSchemaToConnect(v, !required.has(k) && !hasExplicitNonNull(v, required.size > 0)));
        if (title) b.name(title);
        break;
      }
      default:
        throw new DataException(`Unsupported JSON Schema type ${JSON.stringify(type)}`);
    }
  if (title && b.type !== 'STRUCT' && !title.startsWith('org.apache.kafka.connect.data.')) b.name(title);
  if (optional) b.optional();
  return b.build();
}

/** Without a "required" list (older Confluent schemas), a field is optional only when nullable. */
function hasExplicitNonNull(node: JsonNode, requiredListPresent: boolean): boolean {
  if (requiredListPresent) return false;
  return !Array.isArray(node.oneOf);
}

function connectToJsonValue(schema: Schema, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (schema.name === Decimal.LOGICAL_NAME) return v instanceof BigDecimal ? new RawNumber(v.toString()) : v;
  if (v instanceof Date)
    return v.getTime() >= 0 && schema.name === ConnectDate.LOGICAL_NAME
      ? Math.floor(v.getTime() / 86_400_000)
      : v.getTime();
  switch (schema.type) {
    case 'INT64':
      return typeof v === 'bigint' ? int64Of(v) : v; // written as exact digits by writeJson
    case 'BYTES':
      return Buffer.from(v as Uint8Array).toString('base64');
    case 'ARRAY':
      return (v as unknown[]).map((x) => connectToJsonValue(schema.valueSchema as Schema, x));
    case 'MAP': {
      const out: Record<string, unknown> = {};
      const entries = v instanceof Map ? [...v] : Object.entries(v as Record<string, unknown>);
      for (const [k, x] of entries) out[String(k)] = connectToJsonValue(schema.valueSchema as Schema, x);
      return out;
    }
    case 'STRUCT': {
      const out: Record<string, unknown> = {};
      const own = v instanceof Struct && v.schema === schema; // by position, no field lookup
      for (const f of schema.fields) {
        const x = own ? v.getAt(f.index) : v instanceof Struct ? v.get(f) : (v as Record<string, unknown>)[f.name];
        if (x !== null && x !== undefined) out[f.name] = connectToJsonValue(f.schema, x);
        else if (f.schema.optional) out[f.name] = null;
      }
      return out;
    }
    default:
      return v;
  }
}

function jsonToConnectValue(schema: Schema, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (schema.name === Decimal.LOGICAL_NAME) {
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string')
      return BigDecimal.fromString(String(v)).setScale(Decimal.scaleOf(schema));
    return v;
  }
  if (schema.name === Timestamp.LOGICAL_NAME || schema.name === Time.LOGICAL_NAME) return new Date(Number(v));
  if (schema.name === ConnectDate.LOGICAL_NAME) return new Date(Number(v) * 86_400_000);
  switch (schema.type) {
    case 'INT64':
      // Jackson's longValue(): an integer beyond the long range keeps its low 64 bits
      return typeof v === 'bigint' ? int64Wrapped(v) : v;
    case 'FLOAT32':
    case 'FLOAT64':
      return typeof v === 'bigint' ? Number(v) : v;
    case 'BYTES':
      return typeof v === 'string' ? Buffer.from(v, 'base64') : v;
    case 'ARRAY':
      return (v as unknown[]).map((x) => jsonToConnectValue(schema.valueSchema as Schema, x));
    case 'MAP':
      return new Map(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [
          k,
          jsonToConnectValue(schema.valueSchema as Schema, x),
        ]),
      );
    case 'STRUCT': {
      const s = new Struct(schema);
      const o = v as Record<string, unknown>;
      for (const f of schema.fields) s.put(f, jsonToConnectValue(f.schema, o[f.name]));
      return s;
    }
    default:
      return v;
  }
}

/** ajv tests numbers only: the tree with int64 bigints and decimal digits as numbers (shared when none). */
function numbersOnly(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof RawNumber) return Number(v.text);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = v.map(numbersOnly);
    return out.some((x, i) => x !== v[i]) ? out : v;
  }
  let out: Record<string, unknown> | null = null;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    const y = numbersOnly(x);
    if (y !== x) (out ??= { ...o })[k] = y;
  }
  return out ?? v;
}

const jsonSchemaCache = new WeakMap<Schema, string>();
const jsonReadCache = new WeakMap<ParsedSchema, Schema>();

export const jsonSchemaCodec: FormatCodec = {
  schemaType: 'JSON',
  schemaFor(schema) {
    let text = jsonSchemaCache.get(schema);
    if (!text) {
      const root = connectToJsonSchema(schema);
      text = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...root });
      jsonSchemaCache.set(schema, text);
    }
    return { text };
  },
  encode(parsed, schema, value) {
    const json = connectToJsonValue(schema, value);
    const validate = (parsed as ParsedJsonSchema).validate;
    if (!validate(numbersOnly(json))) {
      const details = (validate.errors ?? [])
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim())
        .join('; ');
      throw new DataException(`Value does not match the JSON schema: ${details}`);
    }
    return Buffer.from(writeJson(json as JsonText), 'utf8');
  },
  decode(parsed, payload) {
    let schema = jsonReadCache.get(parsed);
    if (!schema)
      jsonReadCache.set(parsed, (schema = jsonSchemaToConnect((parsed as ParsedJsonSchema).json as JsonNode, false)));
    // integers beyond 2^53 parse as exact bigints (JSON.parse would round them through a double)
    const json = plainJson(readJson(payload.toString('utf8')));
    return { schema, value: jsonToConnectValue(schema, json) };
  },
};

export class JsonSchemaConverter extends SchemaRegistryConverter {
  protected readonly codec = jsonSchemaCodec;
}
