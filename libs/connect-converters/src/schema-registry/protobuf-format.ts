// Confluent's ProtobufConverter (io.confluent.connect.protobuf.ProtobufConverter): Connect data ⇄
// Protobuf messages (with Confluent's message indexes) through the registry.
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
  int64Wrapped,
  type Schema,
  type SchemaAndValue,
} from '@libs/connect-spi';
import type { ParsedProtobufSchema, ParsedSchema } from '@libs/schema-registry';
import { encodeMessageIndexes, decodeMessageIndexes } from '@libs/schema-registry';
import { DECIMAL_PRECISION } from './avro-json';
import { SchemaRegistryConverter, type FormatCodec } from './schema-registry-converter';

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

/**
 * A 64-bit proto scalar (read with `longs: String`, so nothing is rounded) as a Connect int64: as
 * protobuf-java's long, a uint64/fixed64 beyond 2^63 − 1 keeps its bits (2^64 − 1 is −1).
 */
function toConnectLong(v: unknown): unknown {
  return typeof v === 'string' ? int64Wrapped(BigInt(v)) : v;
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
      return toConnectLong(v);
    case 'BYTES':
      return Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array);
    case 'ARRAY':
      return (v as unknown[]).map((x) => protoToConnectValue(schema.valueSchema as Schema, x));
    case 'MAP': {
      const ks = schema.keySchema as Schema;
      return new Map(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [
          ks.type === 'STRING'
            ? k
            : ks.type === 'BOOLEAN'
              ? k === 'true'
              : ks.type === 'INT64'
                ? toConnectLong(k)
                : Number(k),
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

export class ProtobufConverter extends SchemaRegistryConverter {
  protected readonly codec = protobufCodec;
}
