// Our own model of an Avro schema: named types resolved to shared nodes (cycles allowed),
// names fully qualified. avsc validates the schema; this model drives canonical form and
// compatibility, where we need things avsc's exported schema drops (logicalType, enum default).

export const AVRO_PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type AvroPrimitiveName = (typeof AVRO_PRIMITIVES)[number];

interface NodeBase {
  /** Attributes outside the ones Avro resolution uses (logicalType, doc, custom props). */
  extra: Record<string, unknown>;
}
export interface AvroPrimitive extends NodeBase {
  kind: 'primitive';
  type: AvroPrimitiveName;
}
export interface AvroField {
  name: string;
  aliases: string[];
  type: AvroNode;
  hasDefault: boolean;
  default?: unknown;
  extra: Record<string, unknown>;
}
export interface AvroRecord extends NodeBase {
  kind: 'record';
  recordType: 'record' | 'error';
  fullName: string;
  aliases: string[];
  fields: AvroField[];
}
export interface AvroEnum extends NodeBase {
  kind: 'enum';
  fullName: string;
  aliases: string[];
  symbols: string[];
  default?: string;
}
export interface AvroFixed extends NodeBase {
  kind: 'fixed';
  fullName: string;
  aliases: string[];
  size: number;
}
export interface AvroArray extends NodeBase {
  kind: 'array';
  items: AvroNode;
}
export interface AvroMap extends NodeBase {
  kind: 'map';
  values: AvroNode;
}
export interface AvroUnion extends NodeBase {
  kind: 'union';
  branches: AvroNode[];
}
export type AvroNode = AvroPrimitive | AvroRecord | AvroEnum | AvroFixed | AvroArray | AvroMap | AvroUnion;
export type AvroNamed = AvroRecord | AvroEnum | AvroFixed;

export function isNamed(n: AvroNode): n is AvroNamed {
  return n.kind === 'record' || n.kind === 'enum' || n.kind === 'fixed';
}

export function shortName(fullName: string): string {
  const i = fullName.lastIndexOf('.');
  return i < 0 ? fullName : fullName.slice(i + 1);
}

function qualify(name: string, namespace: string | undefined): string {
  if (name.includes('.')) return name;
  return namespace ? `${namespace}.${name}` : name;
}

function namespaceOf(fullName: string): string | undefined {
  const i = fullName.lastIndexOf('.');
  return i < 0 ? undefined : fullName.slice(0, i);
}

const isPrimitive = (s: string): s is AvroPrimitiveName => (AVRO_PRIMITIVES as readonly string[]).includes(s);

function pickExtra(obj: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!known.includes(k)) extra[k] = v;
  return extra;
}

/**
 * Builds the model from schema JSON that avsc already accepted. `named` carries types defined by
 * referenced schemas (and collects this schema's), keyed by full name.
 */
export function buildAvroAst(json: unknown, named: Map<string, AvroNamed>): AvroNode {
  return build(json, undefined, named);
}

function lookupNamed(ref: string, namespace: string | undefined, named: Map<string, AvroNamed>): AvroNamed {
  const found = named.get(qualify(ref, namespace)) ?? named.get(ref);
  // avsc validated the schema first, so this only trips on a bug in our namespace handling.
  if (!found) throw new Error(`undefined type name: ${ref}`);
  return found;
}

function build(json: unknown, namespace: string | undefined, named: Map<string, AvroNamed>): AvroNode {
  if (typeof json === 'string') {
    return isPrimitive(json) ? { kind: 'primitive', type: json, extra: {} } : lookupNamed(json, namespace, named);
  }
  if (Array.isArray(json)) {
    return { kind: 'union', branches: json.map((b) => build(b, namespace, named)), extra: {} };
  }
  const obj = json as Record<string, unknown>;
  const type = obj.type;
  if (Array.isArray(type) || (typeof type === 'object' && type !== null)) {
    // `{"type": {...}}` / `{"type": [...]}` wraps another schema.
    return build(type, namespace, named);
  }
  const t = String(type);
  if (isPrimitive(t)) return { kind: 'primitive', type: t, extra: pickExtra(obj, ['type']) };
  if (t === 'array')
    return { kind: 'array', items: build(obj.items, namespace, named), extra: pickExtra(obj, ['type', 'items']) };
  if (t === 'map')
    return { kind: 'map', values: build(obj.values, namespace, named), extra: pickExtra(obj, ['type', 'values']) };
  if (t === 'record' || t === 'error' || t === 'enum' || t === 'fixed') {
    const fullName = qualify(
      String(obj.name),
      typeof obj.namespace === 'string' && obj.namespace !== '' ? obj.namespace : namespace,
    );
    const ownNs = namespaceOf(fullName);
    const aliases = ((obj.aliases as string[] | undefined) ?? []).map((a) => qualify(a, ownNs));
    const known = ['type', 'name', 'namespace', 'aliases'];
    if (t === 'enum') {
      const node: AvroEnum = {
        kind: 'enum',
        fullName,
        aliases,
        symbols: [...(obj.symbols as string[])],
        extra: pickExtra(obj, [...known, 'symbols', 'default']),
      };
      if (typeof obj.default === 'string') node.default = obj.default;
      named.set(fullName, node);
      return node;
    }
    if (t === 'fixed') {
      const node: AvroFixed = {
        kind: 'fixed',
        fullName,
        aliases,
        size: Number(obj.size),
        extra: pickExtra(obj, [...known, 'size']),
      };
      named.set(fullName, node);
      return node;
    }
    const node: AvroRecord = {
      kind: 'record',
      recordType: t,
      fullName,
      aliases,
      fields: [],
      extra: pickExtra(obj, [...known, 'fields']),
    };
    // Registered before its fields so recursive references resolve to this node.
    named.set(fullName, node);
    for (const f of obj.fields as Record<string, unknown>[]) {
      const field: AvroField = {
        name: String(f.name),
        aliases: [...((f.aliases as string[] | undefined) ?? [])],
        type: build(f.type, ownNs, named),
        hasDefault: Object.prototype.hasOwnProperty.call(f, 'default'),
        extra: pickExtra(f, ['name', 'type', 'default', 'aliases']),
      };
      if (field.hasDefault) field.default = f.default;
      node.fields.push(field);
    }
    return node;
  }
  // Unknown names as `{"type": "com.x.Foo"}`.
  return lookupNamed(t, namespace, named);
}
