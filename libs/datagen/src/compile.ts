// Compiles an Avro schema with Datagen's `arg.properties` (options, iteration, length, range,
// regex, …) into one generator function per node, resolving named types and unions. Over 400
// lines as one cohesive thing: a single recursive walk of the schema tree (one method per Avro
// type); the per-property value rules live in arg-properties.ts.
import type { ArgProperties, AvroField, AvroSchema, AvroSchemaObject } from './avro-types';
import { decimalGenerator } from './decimal';
import { booleanIteration, numericIteration, type NumericKind } from './iteration';
import {
  DatagenSchemaError,
  lengthBounds,
  lengthOrThrow,
  randomBytes,
  rangeBounds,
  schemaError,
  stringGen,
  stringProp,
  typeMinMax,
} from './arg-properties';
import type { Gen, GenContext } from './gen-context';
import { cloneValue, describe, literalConverter } from './literal';

/** A compiled schema node: generation plus conversion of JSON literals (options, defaults) to values. */
interface Compiled {
  gen: Gen;
  fromLiteral(lit: unknown): unknown;
  /** Record field names, for keyfield checks. */
  fieldNames?: string[];
}

export { DatagenSchemaError };
export type { GenContext };

export interface CompiledSchema {
  gen: Gen;
  iterationNodeCount: number;
  /** Top-level field names when the schema is a record. */
  fieldNames: string[] | undefined;
}

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const ITERABLE = new Set(['boolean', 'int', 'long', 'float', 'double', 'string']);

/** Compiles an Avro schema carrying `arg.properties` into a generator; throws DatagenSchemaError on bad rules. */
export function compileSchema(schema: AvroSchema): CompiledSchema {
  const c = new Compiler();
  const root = c.node(schema, '', '$');
  return { gen: root.gen, iterationNodeCount: c.iterationNodes, fieldNames: root.fieldNames };
}

class Compiler {
  iterationNodes = 0;
  private readonly named = new Map<string, { compiled?: Compiled }>();

  node(schema: AvroSchema, ns: string, path: string, fieldProps?: AvroField['arg.properties']): Compiled {
    if (typeof schema === 'string') return this.byName(schema, ns, path);
    if (Array.isArray(schema)) return this.union(schema, ns, path, fieldProps);
    if (schema === null || typeof schema !== 'object') throw schemaError(path, `invalid schema ${describe(schema)}`);
    const type = schema.type;
    if (typeof type !== 'string') {
      // {"type": {...}} or {"type": [...]}: a wrapper around another schema; its own props still apply below.
      return this.node(type, ns, path, fieldProps);
    }
    const props = (schema['arg.properties'] ?? {}) as ArgProperties;
    if (typeof props !== 'object' || props === null || Array.isArray(props))
      throw schemaError(path, 'arg.properties must be an object');
    if (props.iteration !== undefined && props.options === undefined && !ITERABLE.has(type) && !this.isNamedRef(type))
      throw schemaError(
        path,
        `iteration property can only be specified on numeric, boolean or string schemas, not ${type} schema`,
      );
    switch (type) {
      case 'record':
      case 'error':
        return this.record(schema, ns, path, props);
      case 'enum':
        return this.register(schema, ns, path, () => this.enumType(schema, path, props));
      case 'fixed':
        return this.register(schema, ns, path, () => this.fixed(schema, path, props));
      case 'array':
        return this.array(schema, ns, path, props);
      case 'map':
        return this.map(schema, ns, path, props);
      default:
        if (PRIMITIVES.has(type)) return this.primitive(type, schema, path, props);
        // {"type": "some.Named"} refers to a named type.
        return this.byName(type, ns, path);
    }
  }

  private isNamedRef(type: string): boolean {
    return !PRIMITIVES.has(type) && !['record', 'error', 'enum', 'fixed', 'array', 'map'].includes(type);
  }

  private byName(name: string, ns: string, path: string): Compiled {
    if (PRIMITIVES.has(name)) return this.primitive(name, undefined, path, {});
    const entry = this.named.get(fullName(name, ns)) ?? this.named.get(name);
    if (!entry) throw schemaError(path, `unknown type ${describe(name)}`);
    // Late-bound so recursive types work.
    return {
      gen: (ctx) => entry.compiled!.gen(ctx),
      fromLiteral: (lit) => entry.compiled!.fromLiteral(lit),
      get fieldNames() {
        return entry.compiled?.fieldNames;
      },
    };
  }

  private register(schema: AvroSchemaObject, ns: string, path: string, build: () => Compiled): Compiled {
    if (typeof schema.name !== 'string' || schema.name === '')
      throw schemaError(path, `${String(schema.type)} needs a name`);
    const full = fullName(schema.name, typeof schema.namespace === 'string' ? schema.namespace : ns);
    if (this.named.has(full)) throw schemaError(path, `type ${full} is defined twice`);
    const entry: { compiled?: Compiled } = {};
    this.named.set(full, entry);
    entry.compiled = build();
    return entry.compiled;
  }

  // ---- shared rules --------------------------------------------------------------------------

  /** `options` win over everything else; returns undefined when the node has none. */
  private options(props: ArgProperties, path: string, base: Compiled): Compiled | undefined {
    if (props.options === undefined) return undefined;
    for (const other of ['iteration', 'length', 'regex', 'range'])
      if (props[other] !== undefined)
        throw schemaError(path, `Cannot specify ${other} prop when options prop is given`);
    const raw = props.options;
    if (!Array.isArray(raw)) {
      throw schemaError(path, 'options prop must be an array (file-based options are not supported)');
    }
    if (raw.length === 0) throw schemaError(path, 'options property cannot be empty');
    const values = raw.map((lit, i) => {
      try {
        return base.fromLiteral(lit);
      } catch (e) {
        throw schemaError(path, `Invalid option ${i} (${describe(lit)}): ${(e as Error).message}`);
      }
    });
    const scalar = values.every((v) => v === null || typeof v !== 'object');
    const n = values.length;
    return {
      gen: scalar ? (ctx) => values[ctx.rng.below(n)] : (ctx) => cloneValue(values[ctx.rng.below(n)]),
      fromLiteral: base.fromLiteral,
      fieldNames: base.fieldNames,
    };
  }

  private iterationIndex(props: ArgProperties, path: string): number {
    for (const other of ['length', 'regex', 'range'])
      if (props[other] !== undefined)
        throw schemaError(path, `Cannot specify ${other} prop when iteration prop is given`);
    const it = props.iteration;
    if (typeof it !== 'object' || it === null || Array.isArray(it))
      throw schemaError(path, 'iteration prop must be an object');
    return this.iterationNodes++;
  }

  // ---- primitives ----------------------------------------------------------------------------

  private primitive(type: string, schema: AvroSchemaObject | undefined, path: string, props: ArgProperties): Compiled {
    const base: Compiled = { gen: () => null, fromLiteral: literalConverter(type, schema) };
    const withOptions = this.options(props, path, base);
    if (withOptions) return withOptions;
    if (props.iteration !== undefined)
      return { gen: this.iterationGen(type, props, path), fromLiteral: base.fromLiteral };
    try {
      return { gen: this.typeGen(type, schema, props, path), fromLiteral: base.fromLiteral };
    } catch (e) {
      if (e instanceof DatagenSchemaError) throw e;
      throw schemaError(path, (e as Error).message);
    }
  }

  private iterationGen(type: string, props: ArgProperties, path: string): Gen {
    const idx = this.iterationIndex(props, path);
    const spec = props.iteration!;
    const at = (ctx: GenContext): number => ctx.iteration + ctx.occurrences[idx]++;
    try {
      switch (type) {
        case 'int':
        case 'long':
        case 'float':
        case 'double': {
          const seq = numericIteration(type as NumericKind, spec);
          return (ctx) => seq.valueAt(at(ctx));
        }
        case 'string': {
          const seq = numericIteration('int', spec);
          const prefix = stringProp(props, 'prefix', path);
          const suffix = stringProp(props, 'suffix', path);
          return (ctx) => prefix + String(seq.valueAt(at(ctx))) + suffix;
        }
        case 'boolean': {
          const seq = booleanIteration(spec);
          return (ctx) => seq(at(ctx));
        }
        default:
          throw new Error(
            `iteration property can only be specified on numeric, boolean or string schemas, not ${type} schema`,
          );
      }
    } catch (e) {
      throw schemaError(path, (e as Error).message);
    }
  }

  private typeGen(type: string, schema: AvroSchemaObject | undefined, props: ArgProperties, path: string): Gen {
    switch (type) {
      case 'null':
        return () => null;
      case 'boolean': {
        const odds = props.odds;
        if (odds === undefined) return (ctx) => ctx.rng.nextBoolean();
        if (typeof odds !== 'number' || odds < 0 || odds > 1)
          throw new Error('odds property must be in the range [0.0, 1.0]');
        return (ctx) => ctx.rng.nextDouble() < odds;
      }
      case 'int':
      case 'long': {
        const [lo, hi] = typeMinMax(type);
        if (!props.range) {
          if (type === 'int') return (ctx) => ctx.rng.nextU32() | 0;
          // Uniform over the longs JS numbers hold exactly (±2^53), not the full 64-bit range.
          return (ctx) => {
            const v = ((ctx.rng.nextU32() >>> 10) - 0x200000) * 0x100000000 + ctx.rng.nextU32();
            return v < Number.MIN_SAFE_INTEGER ? Number.MIN_SAFE_INTEGER : v;
          };
        }
        const { min, max } = rangeBounds(props.range, lo, hi);
        const a = Math.ceil(min);
        const span = Math.ceil(max) - a;
        if (span <= 0) throw new Error("'min' field must be strictly less than 'max' field in range property");
        return (ctx) => a + ctx.rng.below(span);
      }
      case 'float':
      case 'double': {
        const isFloat = type === 'float';
        if (!props.range) return isFloat ? (ctx) => ctx.rng.nextFloat32() : (ctx) => ctx.rng.nextDouble();
        const [lo, hi] = typeMinMax(type);
        const { min, max } = rangeBounds(props.range, lo, hi);
        const width = max - min;
        if (isFloat) {
          return (ctx) => {
            const v = Math.fround(min + ctx.rng.nextDouble() * width);
            return v >= max ? Math.fround(min) : v; // rounding to float32 must not reach the exclusive max
          };
        }
        return (ctx) => min + ctx.rng.nextDouble() * width;
      }
      case 'bytes': {
        if (schema?.logicalType === 'decimal') {
          const g = decimalGenerator({ precision: schema.precision!, scale: schema.scale ?? 0, range: props.range });
          return (ctx) => g(ctx.rng);
        }
        const len = lengthBounds(props.length);
        return (ctx) => randomBytes(ctx.rng, len.min + ctx.rng.below(len.max - len.min));
      }
      case 'string':
        return stringGen(props, path);
      default:
        throw new Error(`unsupported type ${type}`);
    }
  }

  // ---- named and complex types -----------------------------------------------------------------

  private enumType(schema: AvroSchemaObject, path: string, props: ArgProperties): Compiled {
    const symbols = schema.symbols;
    if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string'))
      throw schemaError(path, 'enum needs a non-empty symbols array');
    const fromLiteral = (lit: unknown): unknown => {
      if (typeof lit !== 'string' || !symbols.includes(lit)) throw new Error(`not a symbol of the enum`);
      return lit;
    };
    const base: Compiled = { gen: (ctx) => symbols[ctx.rng.below(symbols.length)], fromLiteral };
    return this.options(props, path, base) ?? base;
  }

  private fixed(schema: AvroSchemaObject, path: string, props: ArgProperties): Compiled {
    const size = schema.size;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw schemaError(path, 'fixed needs a size');
    const fromLiteral = (lit: unknown): unknown => {
      if (typeof lit !== 'string') throw new Error('expected a string of bytes');
      const b = Buffer.from(lit, 'utf8');
      if (b.length !== size) throw new Error(`expected ${size} bytes`);
      return b;
    };
    let gen: Gen = (ctx) => randomBytes(ctx.rng, size);
    if (schema.logicalType === 'decimal') {
      try {
        const g = decimalGenerator({
          precision: schema.precision!,
          scale: schema.scale ?? 0,
          size,
          range: props.range,
        });
        gen = (ctx) => g(ctx.rng);
      } catch (e) {
        throw schemaError(path, (e as Error).message);
      }
    }
    const base: Compiled = { gen, fromLiteral };
    return this.options(props, path, base) ?? base;
  }

  private array(schema: AvroSchemaObject, ns: string, path: string, props: ArgProperties): Compiled {
    if (schema.items === undefined) throw schemaError(path, 'array needs items');
    const items = this.node(schema.items, ns, `${path}[]`);
    const fromLiteral = (lit: unknown): unknown => {
      if (!Array.isArray(lit)) throw new Error('expected a JSON array');
      return lit.map((x) => items.fromLiteral(x));
    };
    const base: Compiled = { gen: () => [], fromLiteral };
    const withOptions = this.options(props, path, base);
    if (withOptions) return withOptions;
    const len = lengthOrThrow(props.length, path);
    base.gen = (ctx) => {
      const n = len.min + ctx.rng.below(len.max - len.min);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = items.gen(ctx);
      return out;
    };
    return base;
  }

  private map(schema: AvroSchemaObject, ns: string, path: string, props: ArgProperties): Compiled {
    if (schema.values === undefined) throw schemaError(path, 'map needs values');
    const values = this.node(schema.values, ns, `${path}{}`);
    const fromLiteral = (lit: unknown): unknown => {
      if (lit === null || typeof lit !== 'object' || Array.isArray(lit)) throw new Error('expected a JSON object');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(lit)) out[k] = values.fromLiteral(v);
      return out;
    };
    const base: Compiled = { gen: () => ({}), fromLiteral };
    const withOptions = this.options(props, path, base);
    if (withOptions) return withOptions;
    const len = lengthOrThrow(props.length, path);
    const keyGen = mapKeyGen(props.keys, `${path}.keys`, this);
    base.gen = (ctx) => {
      const n = len.min + ctx.rng.below(len.max - len.min);
      const out: Record<string, unknown> = {};
      // Like the reference, colliding keys overwrite each other, so maps can come out smaller.
      for (let i = 0; i < n; i++) out[keyGen(ctx)] = values.gen(ctx);
      return out;
    };
    return base;
  }

  private record(schema: AvroSchemaObject, ns: string, path: string, props: ArgProperties): Compiled {
    const recordNs = typeof schema.namespace === 'string' ? schema.namespace : namespaceOf(schema.name, ns);
    return this.register(schema, ns, path, () => {
      if (!Array.isArray(schema.fields)) throw schemaError(path, 'record needs a fields array');
      const fields = schema.fields as AvroField[];
      const names: string[] = [];
      const compiled: Compiled[] = [];
      for (const f of fields) {
        if (typeof f?.name !== 'string') throw schemaError(path, 'every field needs a name');
        if (names.includes(f.name)) throw schemaError(path, `duplicate field ${f.name}`);
        names.push(f.name);
        compiled.push(this.node(f.type, recordNs, `${path}.${f.name}`, f['arg.properties']));
      }
      const fromLiteral = (lit: unknown): unknown => {
        if (lit === null || typeof lit !== 'object' || Array.isArray(lit)) throw new Error('expected a JSON object');
        const obj = lit as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        fields.forEach((f, i) => {
          if (f.name in obj) out[f.name] = compiled[i].fromLiteral(obj[f.name]);
          else if ('default' in f) out[f.name] = compiled[i].fromLiteral(f.default);
          else throw new Error(`field ${f.name} is missing and has no default`);
        });
        return out;
      };
      const n = names.length;
      const base: Compiled = {
        gen: (ctx) => {
          const out: Record<string, unknown> = {};
          for (let i = 0; i < n; i++) out[names[i]] = compiled[i].gen(ctx);
          return out;
        },
        fromLiteral,
        fieldNames: names,
      };
      return this.options(props, path, base) ?? base;
    });
  }

  private union(branches: AvroSchema[], ns: string, path: string, fieldProps?: AvroField['arg.properties']): Compiled {
    if (branches.length === 0) throw schemaError(path, 'union must have at least one branch');
    const compiled = branches.map((b, i) => this.node(b, ns, `${path}<${i}>`));
    const fromLiteral = (lit: unknown): unknown => {
      // Unions are produced unwrapped (avsc `wrapUnions: false`): the branch's value itself.
      const errors: string[] = [];
      for (const c of compiled) {
        try {
          return c.fromLiteral(lit);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      throw new Error(`matches no union branch (${errors.join('; ')})`);
    };
    const position = fieldProps?.position;
    if (position !== undefined) {
      if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position >= branches.length)
        throw schemaError(path, `position must be a branch index in [0, ${branches.length})`);
      const only = compiled[position];
      return { gen: (ctx) => only.gen(ctx), fromLiteral };
    }
    const n = compiled.length;
    return { gen: (ctx) => compiled[ctx.rng.below(n)].gen(ctx), fromLiteral };
  }

  /** Map keys: strings with their own options/regex/length/prefix/suffix, or one random ASCII character. */
  compileKeyRules(keys: ArgProperties, path: string): Gen {
    const c = this.primitive('string', undefined, path, keys);
    return c.gen;
  }
}

function mapKeyGen(keys: ArgProperties | undefined, path: string, compiler: Compiler): (ctx: GenContext) => string {
  if (keys === undefined) return (ctx) => String.fromCharCode(ctx.rng.below(128));
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys))
    throw schemaError(path, 'keys prop must be an object');
  const g = compiler.compileKeyRules(keys, path);
  return (ctx) => g(ctx) as string;
}

function fullName(name: string, ns: string): string {
  return name.includes('.') || !ns ? name : `${ns}.${name}`;
}

function namespaceOf(name: unknown, ns: string): string {
  if (typeof name === 'string' && name.includes('.')) return name.slice(0, name.lastIndexOf('.'));
  return ns;
}
