// Loads Kafka's JSON message specs and compiles one field layout per (message, version).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inRange, parseVersions, VersionRange } from './versions';

export interface FieldSpec {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  flexibleVersions?: string;
  default?: string;
  fields?: FieldSpec[];
}

export interface MessageSpec {
  apiKey?: number;
  type: 'request' | 'response' | 'header';
  name: string;
  validVersions: string;
  flexibleVersions: string;
  fields: FieldSpec[];
  // Structs shared by several fields, referenced by type name (e.g. "[]AddPartitionsToTxnTopic").
  commonStructs?: { name: string; fields: FieldSpec[] }[];
}

export type Kind =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid'
  | 'struct';

export interface CompiledField {
  key: string;
  kind: Kind;
  array: boolean;
  nullable: boolean;
  compact: boolean;
  struct?: CompiledStruct;
  tag?: number;
  def: unknown;
}

export interface CompiledStruct {
  flexible: boolean;
  fields: CompiledField[];
  tagged: CompiledField[];
  byTag: Map<number, CompiledField>;
}

export interface CompiledMessage {
  spec: MessageSpec;
  valid: VersionRange;
  flexible: VersionRange;
  versions: Map<number, CompiledStruct>;
}

const PRIMITIVES = new Set<string>([
  'bool',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'string',
  'bytes',
  'records',
  'uuid',
]);

export const ZERO_UUID = Buffer.alloc(16);

// JSON names are PascalCase; JS objects use camelCase.
export function fieldKey(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function defaultFor(kind: Kind, array: boolean, nullable: boolean, spec: string | undefined): unknown {
  if (spec === 'null' && nullable) return null;
  if (array) return nullable && spec === 'null' ? null : [];
  switch (kind) {
    case 'bool':
      return spec === 'true';
    case 'string':
      return spec ?? '';
    case 'bytes':
    case 'records':
      return nullable ? null : Buffer.alloc(0);
    case 'uuid':
      return ZERO_UUID;
    case 'struct':
      return null;
    default:
      return spec === undefined ? 0 : Number(spec);
  }
}

type CommonStructs = Map<string, FieldSpec[]>;

function compileStruct(
  fields: FieldSpec[],
  version: number,
  flexible: boolean,
  common: CommonStructs = new Map(),
): CompiledStruct {
  const out: CompiledStruct = { flexible, fields: [], tagged: [], byTag: new Map() };
  for (const f of fields) {
    if (!inRange(parseVersions(f.versions), version)) continue;
    let t = f.type;
    const array = t.startsWith('[]');
    if (array) t = t.slice(2);
    const kind: Kind = PRIMITIVES.has(t) ? (t as Kind) : 'struct';
    const structFields = f.fields ?? common.get(t);
    if (kind === 'struct' && !structFields) throw new Error(`struct ${t} in ${f.name} has no fields`);
    const nullable = inRange(parseVersions(f.nullableVersions), version);
    const fieldFlexible =
      f.flexibleVersions === undefined ? flexible : inRange(parseVersions(f.flexibleVersions), version);
    const cf: CompiledField = {
      key: fieldKey(f.name),
      kind,
      array,
      nullable,
      compact: fieldFlexible,
      struct: kind === 'struct' ? compileStruct(structFields!, version, flexible, common) : undefined,
      def: defaultFor(kind, array, nullable, f.default),
    };
    const tagged = flexible && f.tag !== undefined && inRange(parseVersions(f.taggedVersions), version);
    if (tagged) {
      cf.tag = f.tag;
      out.tagged.push(cf);
      out.byTag.set(f.tag!, cf);
    } else {
      out.fields.push(cf);
    }
  }
  out.tagged.sort((a, b) => a.tag! - b.tag!);
  return out;
}

export function compileMessage(spec: MessageSpec): CompiledMessage {
  return {
    spec,
    valid: parseVersions(spec.validVersions),
    flexible: parseVersions(spec.flexibleVersions),
    versions: new Map(),
  };
}

export function layoutFor(msg: CompiledMessage, version: number): CompiledStruct {
  let s = msg.versions.get(version);
  if (!s) {
    if (!inRange(msg.valid, version)) throw new Error(`${msg.spec.name} has no version ${version}`);
    const common: CommonStructs = new Map((msg.spec.commonStructs ?? []).map((c) => [c.name, c.fields]));
    s = compileStruct(msg.spec.fields, version, inRange(msg.flexible, version), common);
    msg.versions.set(version, s);
  }
  return s;
}

export const MESSAGES_DIR = join(__dirname, '..', 'messages');

let cache: Map<string, CompiledMessage> | undefined;

// All specs by name, e.g. "ProduceRequest".
export function allMessages(): Map<string, CompiledMessage> {
  if (cache) return cache;
  cache = new Map();
  for (const f of readdirSync(MESSAGES_DIR)) {
    if (!f.endsWith('.json')) continue;
    const spec = JSON.parse(readFileSync(join(MESSAGES_DIR, f), 'utf8')) as MessageSpec;
    cache.set(spec.name, compileMessage(spec));
  }
  return cache;
}

export function message(name: string): CompiledMessage {
  const m = allMessages().get(name);
  if (!m) throw new Error(`unknown message ${name}`);
  return m;
}
