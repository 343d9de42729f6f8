// Avro ⇄ Connect data, after Confluent's AvroData: records become Structs named by the Avro full
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
  type Schema,
} from '@libs/connect-spi';

export type AvroJson = string | AvroJsonObject | AvroJson[];
export interface AvroJsonObject {
  type: AvroJson;
  name?: string;
  namespace?: string;
  fields?: { name: string; type: AvroJson; default?: unknown; doc?: string }[];
  symbols?: string[];
  items?: AvroJson;
  values?: AvroJson;
  size?: number;
  logicalType?: string;
  precision?: number;
  scale?: number;
  doc?: string;
  [k: string]: unknown;
}

export const AVRO_UNION = 'io.confluent.connect.avro.Union';
export const AVRO_ENUM = 'io.confluent.connect.avro.Enum';
export const AVRO_FIXED_SIZE = 'connect.fixed.size';
export const DECIMAL_PRECISION = 'connect.decimal.precision';
const DEFAULT_NAMESPACE = 'io.confluent.connect.avro';

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
      if (node === 'long') return { schema, toConnect: (v) => (typeof v === 'bigint' ? Number(v) : v) };
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

function identity(v: unknown): unknown {
  return v;
}

function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  throw new DataException('Expected bytes');
}

// ─────────────────────────── Connect → Avro ───────────────────────────

export interface CompiledConnect {
  avro: AvroJson;
  /** Connect value → a value avsc accepts for `avro` (unions unwrapped, as avsc's auto mode reads them). */
  fromConnect: (v: unknown) => unknown;
}

/** Connect schema → Avro schema JSON (AvroData.fromConnectSchema) + value converter. */
export function compileConnectToAvro(schema: Schema): CompiledConnect {
  const state = { seen: new Map<string, number>(), defaults: 0 };
  return connectToAvro(schema, state, true);
}

function withOptional(avro: AvroJson, optional: boolean): AvroJson {
  return optional ? ['null', avro] : avro;
}

function connectToAvro(
  schema: Schema,
  state: { seen: Map<string, number>; defaults: number },
  top: boolean,
): CompiledConnect {
  void top;
  const opt = schema.optional;
  const name = schema.name;
  if (name === Decimal.LOGICAL_NAME) {
    const scale = Number(schema.parameters?.scale ?? 0);
    const precision = Number(schema.parameters?.[DECIMAL_PRECISION] ?? 64);
    return {
      avro: withOptional(
        {
          type: 'bytes',
          logicalType: 'decimal',
          precision,
          scale,
          'connect.version': 1,
          'connect.parameters': { ...(schema.parameters ?? {}), scale: String(scale) },
          'connect.name': name,
        },
        opt,
      ),
      fromConnect: (v) =>
        v === null || v === undefined ? null : v instanceof BigDecimal ? Decimal.fromLogical(schema, v) : v,
    };
  }
  if (name === ConnectDate.LOGICAL_NAME)
    return {
      avro: withOptional({ type: 'int', 'connect.version': 1, 'connect.name': name, logicalType: 'date' }, opt),
      fromConnect: (v) => (v instanceof Date ? Math.floor(v.getTime() / 86_400_000) : v),
    };
  if (name === Time.LOGICAL_NAME)
    return {
      avro: withOptional({ type: 'int', 'connect.version': 1, 'connect.name': name, logicalType: 'time-millis' }, opt),
      fromConnect: (v) => (v instanceof Date ? v.getTime() : v),
    };
  if (name === Timestamp.LOGICAL_NAME)
    return {
      avro: withOptional(
        { type: 'long', 'connect.version': 1, 'connect.name': name, logicalType: 'timestamp-millis' },
        opt,
      ),
      fromConnect: (v) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v),
    };
  switch (schema.type) {
    case 'INT8':
    case 'INT16': {
      const avro: AvroJsonObject = { type: 'int', 'connect.type': schema.type === 'INT8' ? 'int8' : 'int16' };
      return { avro: withOptional(avro, opt), fromConnect: identity };
    }
    case 'INT32':
      return { avro: withOptional('int', opt), fromConnect: identity };
    case 'INT64':
      return { avro: withOptional('long', opt), fromConnect: (v) => (typeof v === 'bigint' ? Number(v) : v) };
    case 'FLOAT32':
      return { avro: withOptional('float', opt), fromConnect: identity };
    case 'FLOAT64':
      return { avro: withOptional('double', opt), fromConnect: identity };
    case 'BOOLEAN':
      return { avro: withOptional('boolean', opt), fromConnect: identity };
    case 'STRING': {
      if (schema.parameters?.[AVRO_ENUM]) {
        const full = schema.parameters[AVRO_ENUM];
        const symbols = Object.entries(schema.parameters)
          .filter(([k]) => k.startsWith(AVRO_ENUM + '.'))
          .map(([, v]) => v);
        const { name: n, namespace } = splitName(full);
        const seenKey = `enum:${full}`;
        if (state.seen.has(seenKey)) return { avro: withOptional(full, opt), fromConnect: identity };
        state.seen.set(seenKey, 1);
        return {
          avro: withOptional({ type: 'enum', name: n, ...(namespace ? { namespace } : {}), symbols }, opt),
          fromConnect: identity,
        };
      }
      return { avro: withOptional('string', opt), fromConnect: identity };
    }
    case 'BYTES': {
      const size = schema.parameters?.[AVRO_FIXED_SIZE];
      if (size && name) {
        const { name: n, namespace } = splitName(name);
        return {
          avro: withOptional({ type: 'fixed', name: n, ...(namespace ? { namespace } : {}), size: Number(size) }, opt),
          fromConnect: toBufferOrNull,
        };
      }
      return { avro: withOptional('bytes', opt), fromConnect: toBufferOrNull };
    }
    case 'ARRAY': {
      const c = connectToAvro(schema.valueSchema as Schema, state, false);
      return {
        avro: withOptional({ type: 'array', items: c.avro }, opt),
        fromConnect: (v) => (Array.isArray(v) ? v.map((x) => (x === null ? null : c.fromConnect(x))) : v),
      };
    }
    case 'MAP': {
      const ks = schema.keySchema as Schema;
      const c = connectToAvro(schema.valueSchema as Schema, state, false);
      if (ks.type === 'STRING' && !ks.optional) {
        return {
          avro: withOptional({ type: 'map', values: c.avro }, opt),
          fromConnect: (v) => {
            if (v === null || v === undefined) return null;
            const out: Record<string, unknown> = {};
            const entries = v instanceof Map ? [...v] : Object.entries(v as Record<string, unknown>);
            for (const [k, x] of entries) out[String(k)] = x === null ? null : c.fromConnect(x);
            return out;
          },
        };
      }
      // non-string keys: array of {key, value} records (Confluent's MapEntry)
      const kc = connectToAvro(ks, state, false);
      const entryName = `MapEntry${state.defaults ? state.defaults + 1 : ''}`;
      state.defaults++;
      return {
        avro: withOptional(
          {
            type: 'array',
            items: {
              type: 'record',
              name: entryName,
              namespace: DEFAULT_NAMESPACE,
              fields: [
                { name: 'key', type: kc.avro },
                { name: 'value', type: c.avro },
              ],
            },
          },
          opt,
        ),
        fromConnect: (v) => {
          if (v === null || v === undefined) return null;
          const entries = v instanceof Map ? [...v] : Object.entries(v as Record<string, unknown>);
          return entries.map(([k, x]) => ({ key: kc.fromConnect(k), value: x === null ? null : c.fromConnect(x) }));
        },
      };
    }
    case 'STRUCT': {
      if (name === AVRO_UNION) return connectUnionToAvro(schema, state);
      let full = name;
      if (!full) {
        const n = state.defaults++;
        full = `${DEFAULT_NAMESPACE}.ConnectDefault${n === 0 ? '' : n + 1}`;
      }
      const { name: n, namespace } = splitName(full);
      const fieldConvs: { name: string; f: (v: unknown) => unknown; field: Schema }[] = [];
      const fields = schema.fields.map((f) => {
        const c = connectToAvro(f.schema, state, false);
        fieldConvs.push({ name: f.name, f: c.fromConnect, field: f.schema });
        const out: { name: string; type: AvroJson; default?: unknown } = { name: f.name, type: c.avro };
        if (f.schema.optional) out.default = null;
        return out;
      });
      const avro: AvroJsonObject = { type: 'record', name: n, ...(namespace ? { namespace } : {}), fields };
      if (schema.doc) avro.doc = schema.doc;
      if (name) avro['connect.name'] = name;
      return {
        avro: withOptional(avro, opt),
        fromConnect: (v) => {
          if (v === null || v === undefined) return null;
          const out: Record<string, unknown> = {};
          if (v instanceof Struct) {
            for (const fc of fieldConvs) {
              const x = v.get(fc.name);
              out[fc.name] = x === null || x === undefined ? null : fc.f(x);
            }
          } else {
            const o = v as Record<string, unknown>;
            for (const fc of fieldConvs) {
              const x = o[fc.name];
              out[fc.name] = x === null || x === undefined ? null : fc.f(x);
            }
          }
          return out;
        },
      };
    }
  }
}

/** avsc's buckets: two branches in one bucket make avsc read and write the union wrapped ({branch: value}). */
function avroBucket(avro: AvroJson): string | null {
  const t = typeof avro === 'string' ? avro : Array.isArray(avro) ? 'union' : avro.type;
  if (typeof avro === 'object' && !Array.isArray(avro) && avro.logicalType) return null; // avsc skips logical types
  if (typeof t !== 'string') return avroBucket(t);
  if (['double', 'float', 'int', 'long'].includes(t)) return 'number';
  if (t === 'bytes' || t === 'fixed') return 'buffer';
  if (t === 'enum') return 'string';
  if (t === 'map' || t === 'record' || t === 'error') return 'object';
  return t;
}

/** The key avsc gives a branch of a wrapped union: a named type's full name, otherwise its type name. */
function avroBranchKey(avro: AvroJson): string {
  if (typeof avro === 'string') return avro;
  if (Array.isArray(avro)) return 'union';
  if (typeof avro.type === 'string' && ['record', 'enum', 'fixed', 'error'].includes(avro.type) && avro.name)
    return avro.name.includes('.') || !avro.namespace ? avro.name : `${avro.namespace}.${avro.name}`;
  return typeof avro.type === 'string' ? avro.type : avroBranchKey(avro.type);
}

/**
 * A Connect io.confluent.connect.avro.Union struct (what an Avro union reads as) back to an Avro
 * union of its fields' types, as Confluent's AvroData writes it; the value is the one field set.
 */
function connectUnionToAvro(schema: Schema, state: { seen: Map<string, number>; defaults: number }): CompiledConnect {
  const branches = schema.fields.map((f) => {
    const c = connectToAvro(f.schema, state, false);
    // the fields are optional (one is set at a time); the union's branches are their plain types
    const avro = Array.isArray(c.avro) && c.avro.length === 2 && c.avro[0] === 'null' ? c.avro[1] : c.avro;
    return { field: f.name, avro, fromConnect: c.fromConnect };
  });
  const union: AvroJson[] = [...(schema.optional ? ['null'] : []), ...branches.map((b) => b.avro)];
  const buckets = union.map(avroBucket).filter((b): b is string => b !== null);
  const wrapped = new Set(buckets).size !== buckets.length;
  return {
    avro: union,
    fromConnect: (v) => {
      if (v === null || v === undefined) return null;
      for (const b of branches) {
        const x = v instanceof Struct ? v.get(b.field) : (v as Record<string, unknown>)[b.field];
        if (x === null || x === undefined) continue;
        const out = b.fromConnect(x);
        return wrapped ? { [avroBranchKey(b.avro)]: out } : out;
      }
      throw new DataException('Connect union struct has no branch set');
    },
  };
}

function splitName(full: string): { name: string; namespace?: string } {
  const i = full.lastIndexOf('.');
  return i < 0 ? { name: full } : { name: full.slice(i + 1), namespace: full.slice(0, i) };
}

function toBufferOrNull(v: unknown): unknown {
  return v === null || v === undefined ? null : toBuffer(v);
}
