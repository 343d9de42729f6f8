// The three Schema Registry formats as FormatCodecs, and the converter classes using them.
import * as protobuf from 'protobufjs';
import {
  BigDecimal,
  ConnectDate,
  DataException,
  Decimal,
  SchemaBuilder,
  Struct,
  Time,
  Timestamp,
  type Schema,
  type SchemaAndValue,
} from '@libs/connect-spi';
import type { ParsedAvroSchema, ParsedJsonSchema, ParsedProtobufSchema, ParsedSchema } from '@libs/schema-registry';
import { encodeMessageIndexes, decodeMessageIndexes } from '@libs/schema-registry';
import {
  compileAvroToConnect,
  compileConnectToAvro,
  DECIMAL_PRECISION,
  type AvroJson,
  type CompiledAvro,
  type CompiledConnect,
} from './avro-data';
import { SchemaRegistryConverter, type FormatCodec } from './schema-registry-converter';

// ───────────────────────────── Avro ─────────────────────────────

const connectToAvroCache = new WeakMap<Schema, CompiledConnect & { text: string }>();
const avroToConnectCache = new WeakMap<ParsedSchema, CompiledAvro>();

export function connectToAvroCached(schema: Schema): CompiledConnect & { text: string } {
  let c = connectToAvroCache.get(schema);
  if (!c) {
    const compiled = compileConnectToAvro(schema);
    c = { ...compiled, text: JSON.stringify(compiled.avro) };
    connectToAvroCache.set(schema, c);
  }
  return c;
}

export const avroCodec: FormatCodec = {
  schemaType: 'AVRO',
  schemaFor(schema) {
    return { text: connectToAvroCached(schema).text };
  },
  encode(parsed, schema, value) {
    const avroValue = connectToAvroCached(schema).fromConnect(value);
    const type = (parsed as ParsedAvroSchema).avroType;
    try {
      return type.toBuffer(avroValue);
    } catch (e) {
      throw new DataException(`Value does not match the Avro schema: ${(e as Error).message}`, { cause: e });
    }
  },
  decode(parsed, payload) {
    const p = parsed as ParsedAvroSchema;
    let c = avroToConnectCache.get(parsed);
    if (!c) avroToConnectCache.set(parsed, (c = compileAvroToConnect(JSON.parse(parsed.text) as AvroJson)));
    const raw = p.avroType.fromBuffer(payload);
    return { schema: c.schema, value: c.toConnect(raw) };
  },
};

// ─────────────────────────── JSON Schema ───────────────────────────
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
  if (schema.name === Decimal.LOGICAL_NAME) return v instanceof BigDecimal ? Number(v.toString()) : v;
  if (v instanceof Date)
    return v.getTime() >= 0 && schema.name === ConnectDate.LOGICAL_NAME
      ? Math.floor(v.getTime() / 86_400_000)
      : v.getTime();
  switch (schema.type) {
    case 'INT64':
      return typeof v === 'bigint' ? Number(v) : v;
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
      for (const f of schema.fields) {
        const x = v instanceof Struct ? v.get(f) : (v as Record<string, unknown>)[f.name];
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
    if (typeof v === 'number' || typeof v === 'string')
      return BigDecimal.fromString(String(v)).setScale(Decimal.scaleOf(schema));
    return v;
  }
  if (schema.name === Timestamp.LOGICAL_NAME || schema.name === Time.LOGICAL_NAME) return new Date(Number(v));
  if (schema.name === ConnectDate.LOGICAL_NAME) return new Date(Number(v) * 86_400_000);
  switch (schema.type) {
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
    if (!validate(json)) {
      const details = (validate.errors ?? [])
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim())
        .join('; ');
      throw new DataException(`Value does not match the JSON schema: ${details}`);
    }
    return Buffer.from(JSON.stringify(json), 'utf8');
  },
  decode(parsed, payload) {
    let schema = jsonReadCache.get(parsed);
    if (!schema)
      jsonReadCache.set(parsed, (schema = jsonSchemaToConnect((parsed as ParsedJsonSchema).json as JsonNode, false)));
    const json = JSON.parse(payload.toString('utf8')) as unknown;
    return { schema, value: jsonToConnectValue(schema, json) };
  },
};

// ───────────────────────────── Protobuf ─────────────────────────────
// Connect → proto3 (ProtobufData-like): one message per struct (nested messages for nested structs),
// int8/16/32 → int32, int64 → int64, float32 → float, float64 → double, bytes, string, bool, arrays
// → repeated, string-keyed maps → map<string, V>, and Connect's logical types as Confluent's
// ProtobufConverter writes them: Timestamp → google.protobuf.Timestamp, Date → google.type.Date,
// Time → google.type.TimeOfDay, Decimal → confluent.type.Decimal with its scale (and precision) in
// (confluent.field_meta).params. Proto → Connect: every field optional (proto3 has no presence for
// scalars), as Confluent's.

const PROTO_LOGICAL_TYPES: Record<string, { message: string; file: string }> = {
  [Timestamp.LOGICAL_NAME]: { message: 'google.protobuf.Timestamp', file: 'google/protobuf/timestamp.proto' },
  [ConnectDate.LOGICAL_NAME]: { message: 'google.type.Date', file: 'google/type/date.proto' },
  [Time.LOGICAL_NAME]: { message: 'google.type.TimeOfDay', file: 'google/type/timeofday.proto' },
  [Decimal.LOGICAL_NAME]: { message: 'confluent.type.Decimal', file: 'confluent/type/decimal.proto' },
};

/** `(confluent.field_meta).params` of a field as a plain map. */
function fieldMetaParams(f: protobuf.Field): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of (f.parsedOptions ?? []) as Record<string, { params?: { key?: string; value?: string }[] }>[])
    for (const p of o['(confluent.field_meta)']?.params ?? []) if (p.key) out[p.key] = p.value ?? '';
  return out;
}

function protoName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Nested message names: PascalCase of the struct name, never clashing with a field name. */
function messageName(s: Schema, fallback: string, fieldNames: readonly string[]): string {
  const base = protoName(s.name ? s.name.slice(s.name.lastIndexOf('.') + 1) : fallback);
  const n = base.charAt(0).toUpperCase() + base.slice(1);
  return fieldNames.includes(n) ? `${n}Message` : n;
}

interface ProtoPlan {
  text: string;
  messageName: string;
}

function connectToProto(schema: Schema): ProtoPlan {
  if (schema.type !== 'STRUCT') throw new DataException('The Protobuf converter needs a STRUCT value schema');
  const full = schema.name ?? 'ConnectDefault1';
  const dot = full.lastIndexOf('.');
  const pkg = dot > 0 ? full.slice(0, dot) : '';
  const msg = protoName(dot > 0 ? full.slice(dot + 1) : full);
  const imports = new Set<string>();
  const scalar = (s: Schema): string | null => {
    const logical = s.name ? PROTO_LOGICAL_TYPES[s.name] : undefined;
    if (logical) {
      imports.add(logical.file);
      return logical.message;
    }
    switch (s.type) {
      case 'INT8':
      case 'INT16':
      case 'INT32':
        return 'int32';
      case 'INT64':
        return 'int64';
      case 'FLOAT32':
        return 'float';
      case 'FLOAT64':
        return 'double';
      case 'BOOLEAN':
        return 'bool';
      case 'STRING':
        return 'string';
      case 'BYTES':
        return 'bytes';
      default:
        return null;
    }
  };
  // Decimal's scale and precision travel as Confluent's field metadata
  const fieldMeta = (s: Schema): string => {
    if (s.name !== Decimal.LOGICAL_NAME) return '';
    imports.add('confluent/meta.proto');
    const params = [
      ...(s.parameters?.[DECIMAL_PRECISION] ? [['precision', s.parameters[DECIMAL_PRECISION]]] : []),
      ['scale', String(Decimal.scaleOf(s))],
    ];
    return ` [(confluent.field_meta) = { params: [${params.map(([k, v]) => `{ key: "${k}", value: "${v}" }`).join(', ')}] }]`;
  };
  const body = (s: Schema, name: string, indent: string): string => {
    const lines: string[] = [`${indent}message ${name} {`];
    const fieldNames = s.fields.map((f) => protoName(f.name));
    s.fields.forEach((f, i) => {
      const n = i + 1;
      const fname = protoName(f.name);
      const fs = f.schema;
      if (fs.type === 'STRUCT' && !scalar(fs)) {
        const nested = messageName(fs, `${f.name}_Struct`, fieldNames);
        lines.push(body(fs, nested, indent + '  '));
        lines.push(`${indent}  ${nested} ${fname} = ${n};`);
      } else if (fs.type === 'ARRAY') {
        const vs = fs.valueSchema as Schema;
        let t = scalar(vs);
        if (!t && vs.type === 'STRUCT') {
          t = messageName(vs, `${f.name}_Item`, fieldNames);
          lines.push(body(vs, t, indent + '  '));
        }
        if (!t)
          throw new DataException(`Field ${f.name}: nested arrays/maps are not supported by the Protobuf converter`);
        lines.push(`${indent}  repeated ${t} ${fname} = ${n}${fieldMeta(vs)};`);
      } else if (fs.type === 'MAP') {
        const kt = scalar(fs.keySchema as Schema);
        const vs = fs.valueSchema as Schema;
        let vt = scalar(vs);
        if (!vt && vs.type === 'STRUCT') {
          vt = messageName(vs, `${f.name}_Value`, fieldNames);
          lines.push(body(vs, vt, indent + '  '));
        }
        if (!kt || !vt || kt === 'double' || kt === 'float' || kt === 'bytes')
          throw new DataException(`Field ${f.name}: map type not supported by the Protobuf converter`);
        lines.push(`${indent}  map<${kt}, ${vt}> ${fname} = ${n};`);
      } else {
        lines.push(`${indent}  ${scalar(fs)} ${fname} = ${n}${fieldMeta(fs)};`);
      }
    });
    lines.push(`${indent}}`);
    return lines.join('\n');
  };
  const text = [
    'syntax = "proto3";',
    ...(pkg ? [`package ${pkg};`] : []),
    '',
    ...(() => {
      const b = body(schema, msg, '');
      if (imports.size === 0) return [b];
      return [...[...imports].sort().map((f) => `import "${f}";`), '', b];
    })(),
    '',
  ].join('\n');
  return { text, messageName: pkg ? `${pkg}.${msg}` : msg };
}

function connectToProtoValue(schema: Schema, v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (schema.name === Timestamp.LOGICAL_NAME) {
    const ms = v instanceof Date ? v.getTime() : Number(v);
    return { seconds: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1e6 };
  }
  if (schema.name === Decimal.LOGICAL_NAME) {
    const precision = Number(schema.parameters?.[DECIMAL_PRECISION] ?? 0);
    const bytes = v instanceof BigDecimal ? Decimal.fromLogical(schema, v) : Buffer.from(v as Uint8Array);
    return { value: bytes, precision, scale: Decimal.scaleOf(schema) };
  }
  if (schema.name === ConnectDate.LOGICAL_NAME) {
    const d = v instanceof Date ? v : new Date(Number(v) * 86_400_000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  if (schema.name === Time.LOGICAL_NAME) {
    const ms = v instanceof Date ? v.getTime() : Number(v);
    const d = new Date(ms);
    return {
      hours: d.getUTCHours(),
      minutes: d.getUTCMinutes(),
      seconds: d.getUTCSeconds(),
      nanos: d.getUTCMilliseconds() * 1e6,
    };
  }
  if (v instanceof Date) return v.getTime();
  switch (schema.type) {
    case 'INT64':
      return typeof v === 'bigint' ? v.toString() : v;
    case 'ARRAY':
      return (v as unknown[]).map((x) => connectToProtoValue(schema.valueSchema as Schema, x));
    case 'MAP': {
      const out: Record<string, unknown> = {};
      const entries = v instanceof Map ? [...v] : Object.entries(v as Record<string, unknown>);
      for (const [k, x] of entries) out[String(k)] = connectToProtoValue(schema.valueSchema as Schema, x);
      return out;
    }
    case 'STRUCT': {
      const out: Record<string, unknown> = {};
      for (const f of schema.fields) {
        const x = v instanceof Struct ? v.get(f) : (v as Record<string, unknown>)[f.name];
        const y = connectToProtoValue(f.schema, x);
        if (y !== undefined) out[protoName(f.name)] = y;
      }
      return out;
    }
    default:
      return v;
  }
}

function protoTypeToConnect(type: protobuf.Type): Schema {
  const b = SchemaBuilder.struct().name(type.fullName.replace(/^\./, '')).optional();
  for (const f of type.fieldsArray) {
    f.resolve();
    b.field(f.name, protoFieldToConnect(f));
  }
  return b.build();
}

function protoScalarToConnect(f: protobuf.Field, typeName: string): Schema {
  const rt = f.resolvedType;
  if (rt instanceof protobuf.Type) {
    switch (rt.fullName) {
      case '.google.protobuf.Timestamp':
        return Timestamp.builder().optional().build();
      case '.google.type.Date':
        return ConnectDate.builder().optional().build();
      case '.google.type.TimeOfDay':
        return Time.builder().optional().build();
      case '.confluent.type.Decimal': {
        const params = fieldMetaParams(f);
        const b = Decimal.builder(Number(params.scale ?? 0)).optional();
        if (params.precision) b.parameter(DECIMAL_PRECISION, params.precision);
        return b.build();
      }
    }
    return protoTypeToConnect(rt);
  }
  if (rt instanceof protobuf.Enum) return SchemaBuilder.string().optional().build();
  switch (typeName) {
    case 'int32':
    case 'sint32':
    case 'sfixed32':
    case 'uint32':
    case 'fixed32':
      return SchemaBuilder.int32().optional().build();
    case 'int64':
    case 'sint64':
    case 'sfixed64':
    case 'uint64':
    case 'fixed64':
      return SchemaBuilder.int64().optional().build();
    case 'float':
      return SchemaBuilder.float32().optional().build();
    case 'double':
      return SchemaBuilder.float64().optional().build();
    case 'bool':
      return SchemaBuilder.bool().optional().build();
    case 'bytes':
      return SchemaBuilder.bytes().optional().build();
    default:
      return SchemaBuilder.string().optional().build();
  }
}

function protoFieldToConnect(f: protobuf.Field): Schema {
  if (f instanceof protobuf.MapField) {
    const ks = protoScalarToConnect(f, f.keyType);
    const key = SchemaBuilder.type(ks.type).build();
    return SchemaBuilder.map(key, protoScalarToConnect(f, f.type)).optional().build();
  }
  const s = protoScalarToConnect(f, f.type);
  if (f.repeated) return SchemaBuilder.array(s).optional().build();
  return s;
}

function protoToConnectValue(schema: Schema, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (schema.name === Timestamp.LOGICAL_NAME) {
    const t = v as { seconds?: number | string; nanos?: number };
    return new Date(Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6));
  }
  if (schema.name === ConnectDate.LOGICAL_NAME) {
    const d = v as { year?: number; month?: number; day?: number };
    return new Date(Date.UTC(d.year ?? 0, (d.month ?? 1) - 1, d.day ?? 1));
  }
  if (schema.name === Time.LOGICAL_NAME) {
    const t = v as { hours?: number; minutes?: number; seconds?: number; nanos?: number };
    return new Date(
      (((t.hours ?? 0) * 60 + (t.minutes ?? 0)) * 60 + (t.seconds ?? 0)) * 1000 + Math.floor((t.nanos ?? 0) / 1e6),
    );
  }
  if (schema.name === Decimal.LOGICAL_NAME) {
    const d = v as { value?: Uint8Array; scale?: number };
    const unscaled = Decimal.toLogical(Decimal.schema(d.scale ?? 0), d.value ?? new Uint8Array(0));
    return unscaled.scale === Decimal.scaleOf(schema) ? unscaled : unscaled.setScale(Decimal.scaleOf(schema));
  }
  switch (schema.type) {
    case 'INT64':
      return typeof v === 'string' ? Number(v) : v;
    case 'BYTES':
      return Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array);
    case 'ARRAY':
      return (v as unknown[]).map((x) => protoToConnectValue(schema.valueSchema as Schema, x));
    case 'MAP': {
      const ks = schema.keySchema as Schema;
      return new Map(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [
          ks.type === 'STRING' ? k : ks.type === 'BOOLEAN' ? k === 'true' : Number(k),
          protoToConnectValue(schema.valueSchema as Schema, x),
        ]),
      );
    }
    case 'STRUCT': {
      const s = new Struct(schema);
      const o = v as Record<string, unknown>;
      for (const f of schema.fields) s.put(f, protoToConnectValue(f.schema, o[f.name]));
      return s;
    }
    default:
      return v;
  }
}

const protoPlanCache = new WeakMap<Schema, ProtoPlan>();
const protoReadCache = new WeakMap<ParsedSchema, Map<string, Schema>>();

export const protobufCodec: FormatCodec = {
  schemaType: 'PROTOBUF',
  schemaFor(schema) {
    let plan = protoPlanCache.get(schema);
    if (!plan) protoPlanCache.set(schema, (plan = connectToProto(schema)));
    return { text: plan.text, messageName: plan.messageName };
  },
  encode(parsed, schema, value, messageName) {
    const p = parsed as ParsedProtobufSchema;
    const name = messageName ?? p.recordName;
    if (!name) throw new DataException('The Protobuf schema declares no message');
    const indexes = p.messageIndexes(name);
    if (!indexes) throw new DataException(`Message ${name} is not declared in the Protobuf schema`);
    const type = p.root.lookupType(name);
    const obj = connectToProtoValue(schema, value) as Record<string, unknown>;
    const err = type.verify(type.fromObject(obj));
    if (err) throw new DataException(`Value does not match Protobuf message ${name}: ${err}`);
    return Buffer.concat([encodeMessageIndexes(indexes), type.encode(type.fromObject(obj)).finish()]);
  },
  decode(parsed, payload) {
    const p = parsed as ParsedProtobufSchema;
    const { indexes, offset } = decodeMessageIndexes(payload, 0);
    const name = p.messageAt(indexes);
    if (!name) throw new DataException(`No message at index [${indexes.join(', ')}] in the Protobuf schema`);
    const type = p.root.lookupType(name);
    let byName = protoReadCache.get(parsed);
    if (!byName) protoReadCache.set(parsed, (byName = new Map()));
    let schema = byName.get(name);
    if (!schema) byName.set(name, (schema = protoTypeToConnect(type)));
    const msg = type.decode(payload.subarray(offset));
    const obj = type.toObject(msg, {
      longs: String,
      enums: String,
      bytes: Buffer,
      defaults: true,
      arrays: true,
      objects: true,
    });
    return { schema, value: protoToConnectValue(schema, obj) } as SchemaAndValue;
  },
};

// ───────────────────────────── converters ─────────────────────────────

export class AvroConverter extends SchemaRegistryConverter {
  protected readonly codec = avroCodec;
}

export class JsonSchemaConverter extends SchemaRegistryConverter {
  protected readonly codec = jsonSchemaCodec;
}

export class ProtobufConverter extends SchemaRegistryConverter {
  protected readonly codec = protobufCodec;
}
