// Avro → Connect data, after Confluent's AvroData: records become Structs named by the Avro full
// name, ["null", T] unions become optional T, other unions a Struct named
// io.confluent.connect.avro.Union with one optional field per branch, enums STRING with
// io.confluent.connect.avro.Enum parameters, logical types the Connect logical types.
// Compiled once per schema into closures (hot path of Datagen and the Avro converter).
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
  type Schema,
} from '@libs/connect-spi';
import {
  AVRO_ENUM,
  AVRO_FIXED_SIZE,
  AVRO_UNION,
  DECIMAL_PRECISION,
  identity,
  toBuffer,
  type AvroJson,
} from './avro-json';

type ToConnect = (v: unknown) => unknown;

export interface CompiledAvro {
  schema: Schema;
  /** Avro JS value (avsc decoded, or the datagen generator's output) → Connect value. */
  toConnect: ToConnect;
}

const PRIMS: Record<string, () => SchemaBuilder> = {
  boolean: SchemaBuilder.bool,
  int: SchemaBuilder.int32,
  long: SchemaBuilder.int64,
  float: SchemaBuilder.float32,
  double: SchemaBuilder.float64,
  string: SchemaBuilder.string,
  bytes: SchemaBuilder.bytes,
};

function fullName(name: string, namespace: string | undefined): string {
  if (name.includes('.')) return name;
  return namespace ? `${namespace}.${name}` : name;
}

/**
 * An Avro long as a Connect int64: a number while it is exact, a bigint beyond 2^53 (the registry's
 * 64-bit long decodes those as bigints, and a Number() there would round BIGINT keys and values).
 */
const longToConnect = (v: unknown): unknown => (typeof v === 'bigint' ? int64Of(v) : v);

/** Compiles an Avro schema (JSON form) to its Connect schema and a value converter. */
export function compileAvroToConnect(avro: AvroJson): CompiledAvro {
  const named = new Map<string, AvroJson>();
  return compile(avro, undefined, named, false);
}

function compile(
  node: AvroJson,
  ns: string | undefined,
  named: Map<string, AvroJson>,
  optional: boolean,
): CompiledAvro {
  if (typeof node === 'string') {
    if (PRIMS[node]) {
      const b = PRIMS[node]();
      if (optional) b.optional();
      const schema = b.build();
      if (node === 'long') return { schema, toConnect: longToConnect };
      if (node === 'bytes') return { schema, toConnect: (v) => (v === null || v === undefined ? null : toBuffer(v)) };
      return { schema, toConnect: identity };
    }
    if (node === 'null') throw new DataException('A bare null Avro type has no Connect mapping');
    const ref = named.get(fullName(node, ns)) ?? named.get(node);
    if (!ref) throw new DataException(`Unknown Avro type ${node}`);
    return compile(ref, ns, named, optional);
  }
  if (Array.isArray(node)) return compileUnion(node, ns, named, optional);
  const t = node.type;
  if (typeof t !== 'string') return compile(t, ns, named, optional);
  // Connect metadata written by compileConnectToAvro (Confluent's connect.type for int8/int16)
  const ct = node['connect.type'];
  if (t === 'int' && (ct === 'int8' || ct === 'int16') && !node.logicalType) {
    const b = ct === 'int8' ? SchemaBuilder.int8() : SchemaBuilder.int16();
    if (optional) b.optional();
    return { schema: b.build(), toConnect: identity };
  }
  // logical types
  if (node.logicalType) {
    const lt = node.logicalType;
    if (lt === 'decimal' && (t === 'bytes' || t === 'fixed')) {
      const scale = node.scale ?? 0;
      const b = Decimal.builder(scale);
      const cp = node['connect.parameters'] as Record<string, string> | undefined;
      if (cp) {
        for (const [k, v] of Object.entries(cp)) if (k !== 'scale') b.parameter(k, v);
      } else if (node.precision !== undefined) b.parameter(DECIMAL_PRECISION, String(node.precision));
      if (optional) b.optional();
      const schema = b.build();
      if (t === 'fixed' && node.name) named.set(fullName(node.name, node.namespace ?? ns), node);
      return {
        schema,
        toConnect: (v) =>
          v === null || v === undefined ? null : v instanceof BigDecimal ? v : Decimal.toLogical(schema, toBuffer(v)),
      };
    }
    if (lt === 'date' && t === 'int') {
      const b = ConnectDate.builder();
      if (optional) b.optional();
      return { schema: b.build(), toConnect: (v) => (typeof v === 'number' ? new Date(v * 86_400_000) : v) };
    }
    if (lt === 'time-millis' && t === 'int') {
      const b = Time.builder();
      if (optional) b.optional();
      return { schema: b.build(), toConnect: (v) => (typeof v === 'number' ? new Date(v) : v) };
    }
    if (lt === 'timestamp-millis' && t === 'long') {
      const b = Timestamp.builder();
      if (optional) b.optional();
      return {
        schema: b.build(),
        toConnect: (v) => (typeof v === 'number' || typeof v === 'bigint' ? new Date(Number(v)) : v),
      };
    }
    // other logical types: the base type
  }
  switch (t) {
    case 'record':
    case 'error': {
      const full = fullName(node.name ?? 'ConnectDefault', node.namespace ?? ns);
      named.set(full, node);
      const childNs = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : undefined;
      const b = SchemaBuilder.struct().name(full);
      if (node.doc) b.doc(node.doc);
      if (optional) b.optional();
      const conv: ToConnect[] = [];
      for (const f of node.fields ?? []) {
        const c = compile(f.type, childNs, named, false);
        b.field(f.name, c.schema);
        conv.push(c.toConnect);
      }
      const schema = b.build();
      const fields = schema.fields;
      const names = fields.map((f) => f.name);
      return {
        schema,
        toConnect: (v) => {
          if (v === null || v === undefined) return null;
          if (v instanceof Struct) return v;
          const o = v as Record<string, unknown>;
          const s = new Struct(schema);
          for (let i = 0; i < fields.length; i++) {
            const x = o[names[i]];
            s.put(fields[i], x === undefined || x === null ? null : conv[i](x));
          }
          return s;
        },
      };
    }
    case 'enum': {
      const full = fullName(node.name ?? 'Enum', node.namespace ?? ns);
      named.set(full, node);
      const b = SchemaBuilder.string().name(full).parameter(AVRO_ENUM, full);
      for (const s of node.symbols ?? []) b.parameter(`${AVRO_ENUM}.${s}`, s);
      if (node.doc) b.doc(node.doc);
      if (optional) b.optional();
      return { schema: b.build(), toConnect: identity };
    }
    case 'fixed': {
      const full = fullName(node.name ?? 'Fixed', node.namespace ?? ns);
      named.set(full, node);
      const b = SchemaBuilder.bytes()
        .name(full)
        .parameter(AVRO_FIXED_SIZE, String(node.size ?? 0));
      if (optional) b.optional();
      return { schema: b.build(), toConnect: (v) => (v === null || v === undefined ? null : toBuffer(v)) };
    }
    case 'array': {
      const c = compile(node.items as AvroJson, ns, named, false);
      const b = SchemaBuilder.array(c.schema);
      if (optional) b.optional();
      return {
        schema: b.build(),
        toConnect: (v) => (Array.isArray(v) ? v.map((x) => (x === null ? null : c.toConnect(x))) : v),
      };
    }
    case 'map': {
      const c = compile(node.values as AvroJson, ns, named, false);
      const b = SchemaBuilder.map(SchemaBuilder.string().build(), c.schema);
      if (optional) b.optional();
      return {
        schema: b.build(),
        toConnect: (v) => {
          if (v === null || v === undefined) return null;
          const out = new Map<string, unknown>();
          const entries = v instanceof Map ? [...v] : Object.entries(v as Record<string, unknown>);
          for (const [k, x] of entries) out.set(String(k), x === null ? null : c.toConnect(x));
          return out;
        },
      };
    }
    default:
      return compile(t, node.namespace ?? ns, named, optional);
  }
}

function branchName(node: AvroJson, ns: string | undefined): string {
  if (typeof node === 'string') return node.includes('.') ? node.slice(node.lastIndexOf('.') + 1) : node;
  if (Array.isArray(node)) return 'union';
  if (typeof node.type === 'string' && ['record', 'enum', 'fixed', 'error'].includes(node.type) && node.name)
    return node.name.includes('.') ? node.name.slice(node.name.lastIndexOf('.') + 1) : node.name;
  if (typeof node.type === 'string') return node.type;
  return branchName(node.type, ns);
}

function compileUnion(
  branches: AvroJson[],
  ns: string | undefined,
  named: Map<string, AvroJson>,
  optional: boolean,
): CompiledAvro {
  const nonNull = branches.filter((b) => b !== 'null');
  const hasNull = nonNull.length !== branches.length;
  if (nonNull.length === 1) return compile(nonNull[0], ns, named, optional || hasNull);
  const b = SchemaBuilder.struct().name(AVRO_UNION);
  if (optional || hasNull) b.optional();
  const comps = nonNull.map((br) => ({ name: branchName(br, ns), c: compile(br, ns, named, true), avro: br }));
  for (const x of comps) b.field(x.name, x.c.schema);
  const schema = b.build();
  return {
    schema,
    toConnect: (v) => {
      if (v === null || v === undefined) return null;
      const s = new Struct(schema);
      // avsc wrapped form {branch: value}
      if (typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Map)) {
        const keys = Object.keys(v as object);
        if (keys.length === 1) {
          const k = keys[0].includes('.') ? keys[0].slice(keys[0].lastIndexOf('.') + 1) : keys[0];
          const hit = comps.find((x) => x.name === k);
          if (hit) {
            s.put(hit.name, hit.c.toConnect((v as Record<string, unknown>)[keys[0]]));
            return s;
          }
        }
      }
      for (const x of comps) {
        if (matchesPrimitive(x.avro, v)) {
          s.put(x.name, x.c.toConnect(v));
          return s;
        }
      }
      throw new DataException('Avro union value matches no branch');
    },
  };
}

function matchesPrimitive(avro: AvroJson, v: unknown): boolean {
  const t =
    typeof avro === 'string' ? avro : Array.isArray(avro) ? 'union' : typeof avro.type === 'string' ? avro.type : '';
  switch (t) {
    case 'string':
    case 'enum':
      return typeof v === 'string';
    case 'int':
    case 'long':
      return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'bigint';
    case 'float':
    case 'double':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'bytes':
    case 'fixed':
      return v instanceof Uint8Array;
    case 'array':
      return Array.isArray(v);
    case 'map':
    case 'record':
      return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
    default:
      return false;
  }
}
