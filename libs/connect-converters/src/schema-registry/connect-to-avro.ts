// Connect → Avro data, after Confluent's AvroData.fromConnectSchema: the inverse of avro-to-connect.ts
// (Structs become records named by the schema name, optional T becomes ["null", T], …).
import {
  BigDecimal,
  ConnectDate,
  DataException,
  Decimal,
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
  DEFAULT_NAMESPACE,
  identity,
  toBuffer,
  type AvroJson,
  type AvroJsonObject,
} from './avro-json';

export interface CompiledConnect {
  avro: AvroJson;
  /** Connect value → a value avsc accepts for `avro` (unions unwrapped, as avsc's auto mode reads them). */
  fromConnect: (v: unknown) => unknown;
}

/** Connect schema → Avro schema JSON (AvroData.fromConnectSchema) + value converter. */
interface AvroState {
  seen: Map<string, number>;
  /** Records already defined, by full name: later occurrences are name references. */
  records: Map<string, (v: unknown) => unknown>;
  defaults: number;
}

export function compileConnectToAvro(schema: Schema): CompiledConnect {
  const state: AvroState = { seen: new Map<string, number>(), records: new Map(), defaults: 0 };
  return connectToAvro(schema, state, true);
}

function withOptional(avro: AvroJson, optional: boolean): AvroJson {
  return optional ? ['null', avro] : avro;
}

function connectToAvro(schema: Schema, state: AvroState, top: boolean): CompiledConnect {
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
      // bigints beyond 2^53 stay bigints: the registry's avsc long is 64-bit (AVRO_LONG_64)
      return {
        avro: withOptional('long', opt),
        fromConnect: (v) => (typeof v === 'bigint' ? int64Of(v) : v),
      };
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
      // a named record seen before is referenced by its full name, as AvroData does (Debezium's
      // envelope has the same `…Value` record as `before` and `after`; Avro rejects a redefinition)
      const seenRecord = state.records.get(full);
      if (seenRecord) return { avro: withOptional(full, opt), fromConnect: seenRecord };
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
      const View = structView(fieldConvs);
      const fromConnect = (v: unknown): unknown => {
        if (v === null || v === undefined) return null;
        if (v instanceof Struct && v.schema === schema) return new View(v);
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
      };
      state.records.set(full, fromConnect);
      return { avro: withOptional(avro, opt), fromConnect };
    }
  }
}

const STRUCT = Symbol('struct');

/**
 * A Struct of the record's own schema as avsc reads a record: each field a getter that converts on
 * read. avsc's writer reads every field once, so this costs what copying into a fresh object did,
 * without the object: one allocation per record instead of one property store per field.
 */
function structView(fields: readonly { name: string; f: (v: unknown) => unknown }[]): new (s: Struct) => object {
  class StructView {
    readonly [STRUCT]: Struct;
    constructor(s: Struct) {
      this[STRUCT] = s;
    }
  }
  fields.forEach((fc, i) =>
    Object.defineProperty(StructView.prototype, fc.name, {
      enumerable: true,
      get(this: StructView) {
        const x = this[STRUCT].getAt(i);
        return x === null || x === undefined ? null : fc.f(x);
      },
    }),
  );
  return StructView;
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
function connectUnionToAvro(schema: Schema, state: AvroState): CompiledConnect {
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
