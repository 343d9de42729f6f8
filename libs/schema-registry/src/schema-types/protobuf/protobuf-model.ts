import * as protobuf from 'protobufjs';

// A normalized view of one .proto file (the registered schema, not its imports), with every
// field type resolved to a full name. Drives canonical identity and compatibility.

export type PbFieldKind = 'scalar' | 'message' | 'enum' | 'map';
export type PbLabel = 'optional' | 'required' | 'repeated';

export interface PbField {
  name: string;
  number: number;
  label: PbLabel;
  kind: PbFieldKind;
  /** Scalar name (`int32`) or resolved full name without leading dot (`io.ex.Item`). */
  type: string;
  /**
   * Message/enum (or map value) name relative to the package of the file defining it
   * (`Order.Item`): Confluent compares named types this way, so a package rename is not a change.
   */
  typeRef?: string;
  /** Map key scalar type. */
  keyType?: string;
  /** Map fields: what the value type is (enums are varints on the wire). */
  mapValueKind?: 'scalar' | 'message' | 'enum';
  /** Real (non-synthetic) oneof the field belongs to. */
  oneof?: string;
  /** proto3 `optional` (explicit presence). */
  proto3Optional: boolean;
  options: Record<string, unknown>;
}

export interface PbMessage {
  fullName: string;
  /** Name relative to the package (`Order.Item`). */
  relName: string;
  fields: PbField[];
  oneofs: string[];
  reserved: Array<number[] | string>;
  options: Record<string, unknown>;
  /** Position path of this message among message types, for Confluent message indexes. */
  indexPath: number[];
}

export interface PbEnum {
  fullName: string;
  values: Record<string, number>;
  options: Record<string, unknown>;
}

export interface PbService {
  fullName: string;
  methods: Array<{
    name: string;
    requestType: string;
    responseType: string;
    requestStream: boolean;
    responseStream: boolean;
  }>;
}

export interface PbFile {
  syntax: string;
  package: string;
  imports: string[];
  options: Record<string, unknown>;
  /** Declaration order, outer before nested. */
  messages: PbMessage[];
  enums: PbEnum[];
  services: PbService[];
  /** Message types from imports that fields reach (transitively), keyed by relative name. */
  imported: Map<string, PbMessage>;
}

const stripDot = (n: string): string => (n.startsWith('.') ? n.slice(1) : n);

function sortedOptions(o: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o ?? {}).sort()) if (k !== 'proto3_optional') out[k] = (o as Record<string, unknown>)[k];
  return out;
}

/** Path of message names up to (not including) the enclosing package namespace. */
export function relativeName(t: protobuf.ReflectionObject): string {
  const parts: string[] = [];
  let cur: protobuf.ReflectionObject | null = t;
  while (cur && (cur instanceof protobuf.Type || cur instanceof protobuf.Enum)) {
    parts.unshift(cur.name);
    cur = cur.parent;
  }
  return parts.join('.');
}

function fieldOf(f: protobuf.Field): PbField {
  f.resolve();
  const mapField = f as unknown as protobuf.MapField;
  const isMap = f.map;
  const resolved = f.resolvedType;
  const kind: PbFieldKind = isMap
    ? 'map'
    : resolved instanceof protobuf.Type
      ? 'message'
      : resolved instanceof protobuf.Enum
        ? 'enum'
        : 'scalar';
  const type = resolved ? stripDot(resolved.fullName) : f.type;
  const oneof =
    f.partOf && !(f.options?.proto3_optional === true && f.partOf.oneof.length === 1 && f.partOf.name.startsWith('_'))
      ? f.partOf.name
      : undefined;
  return {
    name: f.name,
    number: f.id,
    label: f.repeated ? 'repeated' : f.required ? 'required' : 'optional',
    kind,
    type,
    ...(resolved ? { typeRef: relativeName(resolved) } : {}),
    ...(isMap
      ? {
          keyType: mapField.keyType,
          mapValueKind:
            resolved instanceof protobuf.Type
              ? ('message' as const)
              : resolved instanceof protobuf.Enum
                ? ('enum' as const)
                : ('scalar' as const),
        }
      : {}),
    ...(oneof ? { oneof } : {}),
    proto3Optional: f.options?.proto3_optional === true,
    options: sortedOptions(f.options),
  };
}

/**
 * Builds the model for the types `declared` (a standalone parse of the file, giving declaration
 * order) using `resolved`, the root with imports loaded, for type resolution.
 */
export function buildPbFile(declared: protobuf.IParserResult, resolvedRoot: protobuf.Root, syntax: string): PbFile {
  const pkg = declared.package ?? '';
  const file: PbFile = {
    syntax,
    package: pkg,
    imports: [...(declared.imports ?? []), ...(declared.weakImports ?? [])],
    options: {},
    messages: [],
    enums: [],
    services: [],
    imported: new Map(),
  };
  const pkgNs = pkg ? declared.root.lookup(pkg) : declared.root;
  if (pkgNs instanceof protobuf.Namespace) file.options = sortedOptions(pkgNs.options);
  const walk = (ns: protobuf.NamespaceBase, path: number[]): void => {
    let msgIndex = 0;
    for (const child of ns.nestedArray) {
      if (child instanceof protobuf.Type) {
        const real = resolvedRoot.lookupType(stripDot(child.fullName));
        const indexPath = [...path, msgIndex++];
        file.messages.push(messageOf(real, indexPath));
        walk(child, indexPath);
      } else if (child instanceof protobuf.Enum) {
        file.enums.push({
          fullName: stripDot(child.fullName),
          values: { ...child.values },
          options: sortedOptions(child.options),
        });
      } else if (child instanceof protobuf.Service) {
        const real = resolvedRoot.lookupService(stripDot(child.fullName));
        file.services.push({
          fullName: stripDot(child.fullName),
          methods: real.methodsArray.map((m) => {
            m.resolve();
            return {
              name: m.name,
              requestType: m.resolvedRequestType ? stripDot(m.resolvedRequestType.fullName) : m.requestType,
              responseType: m.resolvedResponseType ? stripDot(m.resolvedResponseType.fullName) : m.responseType,
              requestStream: !!m.requestStream,
              responseStream: !!m.responseStream,
            };
          }),
        });
      } else if (child instanceof protobuf.Namespace && !pkg) {
        // Without a package, nested namespaces only appear through fully-qualified declarations.
        walk(child, path);
      }
    }
  };
  if (pkgNs instanceof protobuf.Namespace) walk(pkgNs, []);
  collectImported(file, resolvedRoot);
  return file;
}

function messageOf(real: protobuf.Type, indexPath: number[]): PbMessage {
  return {
    fullName: stripDot(real.fullName),
    relName: relativeName(real),
    fields: real.fieldsArray.map((f) => fieldOf(f)).sort((a, b) => a.number - b.number),
    oneofs: real.oneofsArray
      .filter(
        (o) => !(o.name.startsWith('_') && o.oneof.length === 1 && real.fields[o.oneof[0]]?.options?.proto3_optional),
      )
      .map((o) => o.name),
    reserved: (real.reserved ?? []).map((r) => (typeof r === 'string' ? r : [...r])),
    options: sortedOptions(real.options),
    indexPath,
  };
}

/** Message types declared in imports that this file's fields reach, for structural comparison. */
function collectImported(file: PbFile, root: protobuf.Root): void {
  const own = new Set(file.messages.map((m) => m.fullName));
  const queue = file.messages.flatMap((m) => m.fields);
  while (queue.length) {
    const f = queue.pop() as PbField;
    if (f.kind !== 'message' && f.kind !== 'map') continue;
    if (own.has(f.type) || [...file.imported.values()].some((m) => m.fullName === f.type)) continue;
    const t = root.lookup(f.type);
    if (!(t instanceof protobuf.Type)) continue;
    const m = messageOf(t, []);
    if (!file.imported.has(m.relName)) file.imported.set(m.relName, m);
    own.add(m.fullName);
    queue.push(...m.fields);
  }
}

/**
 * Identity form: the model as JSON (imports sorted, fields by number, options sorted). Enums are
 * sorted by name and reserved ranges come before reserved names: a FileDescriptorProto keeps
 * neither order (enums and messages are separate lists), and the same schema registered as text and
 * as a descriptor must be the same schema. `legacy` gives the form used before that (declaration
 * order), still stored as the identity of schemas registered earlier.
 */
export function pbCanonicalString(file: PbFile, legacy = false): string {
  const messages = file.messages.map(({ indexPath: _i, relName: _r, ...m }) =>
    legacy
      ? m
      : {
          ...m,
          reserved: [
            ...m.reserved.filter((x) => typeof x !== 'string'),
            ...m.reserved.filter((x) => typeof x === 'string'),
          ],
        },
  );
  return JSON.stringify({
    syntax: file.syntax,
    package: file.package,
    imports: [...file.imports].sort(),
    options: file.options,
    messages,
    enums: legacy
      ? file.enums
      : [...file.enums].sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0)),
    services: file.services,
  });
}
