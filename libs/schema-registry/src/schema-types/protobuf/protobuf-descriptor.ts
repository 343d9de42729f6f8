// Confluent's serializers (@confluentinc/schemaregistry, confluent_kafka, the Go client) register a
// Protobuf schema as base64 of a serialized FileDescriptorProto and read it back with
// `?format=serialized`. The registry stores and compares the .proto text, as Confluent's does (it
// stores its canonical text), so these convert between the two forms.
//
// protobufjs' descriptor extension provides the descriptor message types (wire encoding and
// decoding, enum names); the mapping is ours: protobufjs' Root#toDescriptor splits files by package,
// names types relatively and marks proto3 fields packed=false, and Root.fromDescriptor needs every
// import resolved, while clients need one file with its imports as `dependency` and fully-qualified
// type names (@bufbuild/protobuf resolves nothing else), and the text must keep the file's order.
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';

/* eslint-disable @typescript-eslint/no-explicit-any -- descriptor objects are protobufjs' toObject() output */
type Obj = Record<string, any>;

const SCALAR_BY_TYPE: Record<string, string> = {
  TYPE_DOUBLE: 'double',
  TYPE_FLOAT: 'float',
  TYPE_INT64: 'int64',
  TYPE_UINT64: 'uint64',
  TYPE_INT32: 'int32',
  TYPE_FIXED64: 'fixed64',
  TYPE_FIXED32: 'fixed32',
  TYPE_BOOL: 'bool',
  TYPE_STRING: 'string',
  TYPE_BYTES: 'bytes',
  TYPE_UINT32: 'uint32',
  TYPE_SFIXED32: 'sfixed32',
  TYPE_SFIXED64: 'sfixed64',
  TYPE_SINT32: 'sint32',
  TYPE_SINT64: 'sint64',
};
const TYPE_BY_SCALAR: Record<string, string> = Object.fromEntries(
  Object.entries(SCALAR_BY_TYPE).map(([k, v]) => [v, k]),
);
const EXTENSION_MAX = 536870912; // exclusive end of "to max" in descriptor ranges

const TO_OBJECT = { enums: String, longs: String, bytes: String, defaults: false, arrays: true } as const;

/** File name Confluent's registry gives a schema's descriptor; clients rename references themselves. */
export const DESCRIPTOR_FILE_NAME = 'default';

/**
 * The FileDescriptorProto in `text` when it is base64 of one (what Confluent's registry tries when
 * .proto parsing fails), else undefined. Only decodes; the caller validates by parsing the result.
 */
export function decodeFileDescriptor(text: string): Obj | undefined {
  const b64 = text.replace(/\s+/g, '');
  if (b64.length === 0 || b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  try {
    const msg = descriptor.FileDescriptorProto.decode(Buffer.from(b64, 'base64'));
    return descriptor.FileDescriptorProto.toObject(msg, TO_OBJECT) as Obj;
  } catch {
    return undefined;
  }
}

// ── descriptor → .proto text ────────────────────────────────────────────────────────────────

const quote = (s: string): string =>
  '"' +
  // eslint-disable-next-line no-control-regex -- control characters are what gets escaped
  s.replace(/[\\"\n\r\t]|[\x00-\x1f\x7f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return '\\' + c.charCodeAt(0).toString(8).padStart(3, '0');
    }
  }) +
  '"';

const snake = (s: string): string =>
  s.charAt(0) + s.slice(1).replace(/([A-Z])(?=[a-z0-9]|$)/g, (_m, c: string) => '_' + c.toLowerCase());

/** protoc's default JSON name: underscores dropped, the next letter upper-cased. */
export function defaultJsonName(name: string): string {
  let out = '';
  let upper = false;
  for (const c of name) {
    if (c === '_') upper = true;
    else {
      out += upper ? c.toUpperCase() : c;
      upper = false;
    }
  }
  return out;
}

/** `Message` from `foo_bar` → `FooBarEntry` (protoc's map entry naming). */
function mapEntryName(field: string): string {
  const camel = defaultJsonName(field);
  return camel.charAt(0).toUpperCase() + camel.slice(1) + 'Entry';
}

/** Option assignments (`name = value`) of a descriptor options object, nested messages dotted. */
function optionAssignments(opts: Obj | undefined, type: protobuf.Type, prefix = ''): string[] {
  if (!opts) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(opts)) {
    // uninterpreted options never reach a serialized descriptor from a compiler; map_entry is implied.
    if (key === 'uninterpretedOption' || key === 'mapEntry' || key.startsWith('.') || value === undefined) continue;
    const field = type.fields[key];
    if (!field) continue;
    field.resolve();
    const name = prefix + snake(key);
    if (field.resolvedType instanceof protobuf.Type) {
      if (value && typeof value === 'object' && !Array.isArray(value))
        out.push(...optionAssignments(value as Obj, field.resolvedType, name + '.'));
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value]) {
      const literal =
        typeof v === 'string' && !(field.resolvedType instanceof protobuf.Enum) ? quote(v) : String(v as unknown);
      out.push(`${name} = ${literal}`);
    }
  }
  return out;
}

function defaultLiteral(f: Obj): string {
  const v = String(f.defaultValue);
  switch (f.type) {
    case 'TYPE_STRING':
      return quote(v);
    case 'TYPE_BYTES':
      return `"${v}"`; // already C-escaped in descriptors
    default:
      return v; // numbers, inf/nan, true/false, enum value names
  }
}

interface PrintContext {
  syntax: 'proto2' | 'proto3' | 'editions';
  lines: string[];
}

function fieldOptions(f: Obj): string {
  const parts: string[] = [];
  if (f.defaultValue !== undefined && f.defaultValue !== '') parts.push(`default = ${defaultLiteral(f)}`);
  if (f.jsonName && f.jsonName !== defaultJsonName(String(f.name))) parts.push(`json_name = ${quote(f.jsonName)}`);
  parts.push(...optionAssignments(f.options, descriptor.FieldOptions));
  return parts.length ? ` [${parts.join(', ')}]` : '';
}

function label(f: Obj, ctx: PrintContext, inOneof: boolean): string {
  if (inOneof) return '';
  if (f.label === 'LABEL_REPEATED') return 'repeated ';
  if (ctx.syntax === 'editions') return '';
  if (f.label === 'LABEL_REQUIRED') return 'required ';
  if (ctx.syntax === 'proto2' || f.proto3Optional) return 'optional ';
  return '';
}

function typeRef(f: Obj): string {
  return SCALAR_BY_TYPE[f.type as string] ?? String(f.typeName);
}

function printField(f: Obj, ctx: PrintContext, indent: string, inOneof: boolean, nested: Map<string, Obj>): void {
  const entryName = f.typeName ? String(f.typeName).split('.').pop() : undefined;
  const entry = f.label === 'LABEL_REPEATED' && entryName ? nested.get(entryName) : undefined;
  if (entry?.options?.mapEntry) {
    const key = (entry.field as Obj[]).find((x) => x.number === 1) as Obj;
    const value = (entry.field as Obj[]).find((x) => x.number === 2) as Obj;
    ctx.lines.push(`${indent}map<${typeRef(key)}, ${typeRef(value)}> ${f.name} = ${f.number}${fieldOptions(f)};`);
    return;
  }
  if (f.type === 'TYPE_GROUP' && entryName && nested.has(entryName)) {
    const group = nested.get(entryName) as Obj;
    ctx.lines.push(`${indent}${label(f, ctx, inOneof)}group ${group.name} = ${f.number}${fieldOptions(f)} {`);
    printMessageBody(group, ctx, indent + '  ');
    ctx.lines.push(`${indent}}`);
    return;
  }
  ctx.lines.push(`${indent}${label(f, ctx, inOneof)}${typeRef(f)} ${f.name} = ${f.number}${fieldOptions(f)};`);
}

function printRanges(ranges: Obj[] | undefined, endExclusive: boolean): string {
  return (ranges ?? [])
    .map((r) => {
      const start = Number(r.start);
      const end = Number(r.end) - (endExclusive ? 1 : 0);
      if (endExclusive && Number(r.end) >= EXTENSION_MAX) return `${start} to max`;
      return start === end ? String(start) : `${start} to ${end}`;
    })
    .join(', ');
}

function printExtensions(exts: Obj[] | undefined, ctx: PrintContext, indent: string): void {
  const byExtendee = new Map<string, Obj[]>();
  for (const e of exts ?? []) {
    const list = byExtendee.get(String(e.extendee)) ?? [];
    list.push(e);
    byExtendee.set(String(e.extendee), list);
  }
  for (const [extendee, fields] of byExtendee) {
    ctx.lines.push(`${indent}extend ${extendee} {`);
    for (const f of fields) printField(f, ctx, indent + '  ', false, new Map());
    ctx.lines.push(`${indent}}`);
  }
}

function printMessageBody(m: Obj, ctx: PrintContext, indent: string): void {
  const nested = new Map<string, Obj>((m.nestedType ?? []).map((n: Obj) => [String(n.name), n]));
  for (const o of optionAssignments(m.options, descriptor.MessageOptions)) ctx.lines.push(`${indent}option ${o};`);
  const fields: Obj[] = m.field ?? [];
  const oneofs: Obj[] = m.oneofDecl ?? [];
  const printedOneofs = new Set<number>();
  const members = new Map<number, Obj[]>(); // oneof index → its fields (one pass: no fields × oneofs)
  for (const f of fields) {
    if (f.oneofIndex === undefined || f.proto3Optional) continue;
    const list = members.get(f.oneofIndex as number) ?? [];
    list.push(f);
    members.set(f.oneofIndex as number, list);
  }
  const groupTypes = new Set<string>();
  for (const f of fields) {
    if (f.type === 'TYPE_GROUP' && f.typeName) groupTypes.add(String(f.typeName).split('.').pop() as string);
    const oi = f.oneofIndex as number | undefined;
    if (oi !== undefined && !f.proto3Optional) {
      // A oneof is printed whole where its first member was declared.
      if (printedOneofs.has(oi)) continue;
      printedOneofs.add(oi);
      const oneof = oneofs[oi] ?? { name: `oneof_${oi}` };
      ctx.lines.push(`${indent}oneof ${oneof.name} {`);
      for (const o of optionAssignments(oneof.options, descriptor.OneofOptions))
        ctx.lines.push(`${indent}  option ${o};`);
      for (const member of members.get(oi) ?? []) printField(member, ctx, indent + '  ', true, nested);
      ctx.lines.push(`${indent}}`);
      continue;
    }
    printField(f, ctx, indent, false, nested);
  }
  for (const n of m.nestedType ?? []) {
    if (n.options?.mapEntry || groupTypes.has(String(n.name))) continue;
    printMessage(n, ctx, indent);
  }
  for (const e of m.enumType ?? []) printEnum(e, ctx, indent);
  if (m.extensionRange?.length) ctx.lines.push(`${indent}extensions ${printRanges(m.extensionRange, true)};`);
  if (m.reservedRange?.length) ctx.lines.push(`${indent}reserved ${printRanges(m.reservedRange, true)};`);
  if (m.reservedName?.length) ctx.lines.push(`${indent}reserved ${m.reservedName.map(quote).join(', ')};`);
  printExtensions(m.extension, ctx, indent);
}

function printMessage(m: Obj, ctx: PrintContext, indent: string): void {
  ctx.lines.push(`${indent}message ${m.name} {`);
  printMessageBody(m, ctx, indent + '  ');
  ctx.lines.push(`${indent}}`);
}

function printEnum(e: Obj, ctx: PrintContext, indent: string): void {
  ctx.lines.push(`${indent}enum ${e.name} {`);
  for (const o of optionAssignments(e.options, descriptor.EnumOptions)) ctx.lines.push(`${indent}  option ${o};`);
  for (const v of e.value ?? []) {
    const opts = optionAssignments(v.options, descriptor.EnumValueOptions);
    ctx.lines.push(`${indent}  ${v.name} = ${Number(v.number ?? 0)}${opts.length ? ` [${opts.join(', ')}]` : ''};`);
  }
  if (e.reservedRange?.length) ctx.lines.push(`${indent}  reserved ${printRanges(e.reservedRange, false)};`);
  if (e.reservedName?.length) ctx.lines.push(`${indent}  reserved ${e.reservedName.map(quote).join(', ')};`);
  ctx.lines.push(`${indent}}`);
}

function printService(s: Obj, ctx: PrintContext): void {
  ctx.lines.push(`service ${s.name} {`);
  for (const o of optionAssignments(s.options, descriptor.ServiceOptions)) ctx.lines.push(`  option ${o};`);
  for (const m of s.method ?? []) {
    const head = `  rpc ${m.name}(${m.clientStreaming ? 'stream ' : ''}${m.inputType}) returns (${m.serverStreaming ? 'stream ' : ''}${m.outputType})`;
    const opts = optionAssignments(m.options, descriptor.MethodOptions);
    if (!opts.length) ctx.lines.push(`${head};`);
    else {
      ctx.lines.push(`${head} {`);
      for (const o of opts) ctx.lines.push(`    option ${o};`);
      ctx.lines.push('  }');
    }
  }
  ctx.lines.push('}');
}

const EDITIONS: Record<string, string> = { EDITION_2023: '2023', EDITION_2024: '2024' };

/**
 * The .proto text of a FileDescriptorProto: syntax, package, imports, options, then messages, enums,
 * services and extensions in descriptor order (the relative order of messages and enums is not in
 * a descriptor; message indexes only count messages, which keep their order).
 */
export function fileDescriptorToProto(fd: Obj, maxDepth = 200): string {
  // Refused before printing (the text's own nesting check comes after): indentation grows with depth.
  const deepest = (msgs: Obj[] | undefined, depth: number): void => {
    if (depth > maxDepth) throw new Error(`messages nested deeper than ${maxDepth} levels`);
    for (const m of msgs ?? []) deepest(m.nestedType, depth + 1);
  };
  deepest(fd.messageType, 1);
  const syntax = fd.syntax === 'editions' ? 'editions' : fd.syntax === 'proto3' ? 'proto3' : 'proto2';
  const ctx: PrintContext = { syntax, lines: [] };
  if (syntax === 'editions') ctx.lines.push(`edition = ${quote(EDITIONS[String(fd.edition)] ?? '2023')};`);
  else ctx.lines.push(`syntax = "${syntax}";`);
  if (fd.package) ctx.lines.push(`package ${fd.package};`);
  const publicDeps = new Set<number>(fd.publicDependency ?? []);
  const weakDeps = new Set<number>(fd.weakDependency ?? []);
  (fd.dependency ?? []).forEach((d: string, i: number) =>
    ctx.lines.push(`import ${publicDeps.has(i) ? 'public ' : weakDeps.has(i) ? 'weak ' : ''}${quote(d)};`),
  );
  for (const o of optionAssignments(fd.options, descriptor.FileOptions)) ctx.lines.push(`option ${o};`);
  for (const m of fd.messageType ?? []) printMessage(m, ctx, '');
  for (const e of fd.enumType ?? []) printEnum(e, ctx, '');
  for (const s of fd.service ?? []) printService(s, ctx);
  printExtensions(fd.extension, ctx, '');
  return ctx.lines.join('\n') + '\n';
}

// ── .proto (parsed) → descriptor ────────────────────────────────────────────────────────────

const dotted = (fullName: string): string => (fullName.startsWith('.') ? fullName : '.' + fullName);

/** protobufjs option objects (snake_case keys as in .proto) → descriptor option objects; custom `(x)` options are dropped. */
function descriptorOptions(opts: Record<string, unknown> | undefined, drop: readonly string[] = []): Obj | undefined {
  if (!opts) return undefined;
  const out: Obj = {};
  for (const [k, v] of Object.entries(opts)) {
    if (drop.includes(k) || k.startsWith('(') || v === undefined) continue;
    const parts = k.split('.'); // `features.field_presence` arrives flat or nested
    let target = out;
    for (const p of parts.slice(0, -1)) target = target[protobuf.util.camelCase(p)] ??= {};
    const leaf = protobuf.util.camelCase(parts[parts.length - 1] as string);
    target[leaf] =
      v && typeof v === 'object' && !Array.isArray(v) ? descriptorOptions(v as Record<string, unknown>) : v;
  }
  return Object.keys(out).length ? out : undefined;
}

function isSyntheticOneof(o: protobuf.OneOf, t: protobuf.Type): boolean {
  return (
    o.name.startsWith('_') && o.oneof.length === 1 && t.fields[o.oneof[0] as string]?.options?.proto3_optional === true
  );
}

function cEscapeBytes(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else out += '\\' + (c & 0xff).toString(8).padStart(3, '0');
  }
  return out;
}

function defaultValueOf(f: protobuf.Field, v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (v === Infinity) return 'inf';
    if (v === -Infinity) return '-inf';
  }
  if (f.type === 'bytes' && typeof v === 'string') return cEscapeBytes(v);
  return String(v);
}

function fieldDescriptor(f: protobuf.Field, oneofIndex: number | undefined, syntax: string): Obj {
  f.resolve();
  const d: Obj = { name: f.name, number: f.id };
  const resolved = f.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    d.type = 'TYPE_ENUM';
    d.typeName = dotted(resolved.fullName);
  } else if (resolved instanceof protobuf.Type) {
    d.type = (resolved as protobuf.Type & { group?: boolean }).group || f.delimited ? 'TYPE_GROUP' : 'TYPE_MESSAGE';
    d.typeName = dotted(resolved.fullName);
  } else {
    d.type = TYPE_BY_SCALAR[f.type];
    if (!d.type) throw new Error(`field ${f.name}: unknown type ${f.type}`);
  }
  d.label = f.repeated ? 'LABEL_REPEATED' : f.required && syntax !== 'editions' ? 'LABEL_REQUIRED' : 'LABEL_OPTIONAL';
  if (oneofIndex !== undefined) d.oneofIndex = oneofIndex;
  const opts = f.options ?? {};
  if (opts.proto3_optional === true) d.proto3Optional = true;
  if (opts.default !== undefined) d.defaultValue = defaultValueOf(f, opts.default);
  // protoc writes every field's JSON name; @bufbuild/protobuf takes it as given.
  d.jsonName = typeof opts.json_name === 'string' ? opts.json_name : defaultJsonName(f.name);
  if (f.extend !== undefined) {
    const ext = f.extensionField?.parent ?? f.parent?.lookup(f.extend);
    d.extendee = ext ? dotted(ext.fullName) : f.extend;
  }
  const options = descriptorOptions(opts, ['default', 'json_name', 'proto3_optional']);
  if (options) d.options = options;
  return d;
}

function messageDescriptor(t: protobuf.Type, syntax: string): Obj {
  const d: Obj = { name: t.name, field: [], nestedType: [], enumType: [], oneofDecl: [], extension: [] };
  // protoc puts proto3 `optional`'s synthetic oneofs after every real one (descriptor validation requires it).
  const oneofs = [
    ...t.oneofsArray.filter((o) => !isSyntheticOneof(o, t)),
    ...t.oneofsArray.filter((o) => isSyntheticOneof(o, t)),
  ];
  d.oneofDecl = oneofs.map((o) => {
    const od: Obj = { name: o.name };
    const options = descriptorOptions(o.options);
    if (options) od.options = options;
    return od;
  });
  const entries: Obj[] = [];
  for (const f of t.fieldsArray) {
    const oi = f.partOf ? oneofs.indexOf(f.partOf) : -1;
    if (f.map) {
      const mf = f as unknown as protobuf.MapField;
      mf.resolve();
      const entry = mapEntryName(f.name);
      const value: Obj = { name: 'value', number: 2, label: 'LABEL_OPTIONAL', jsonName: 'value' };
      if (mf.resolvedType) {
        value.type = mf.resolvedType instanceof protobuf.Enum ? 'TYPE_ENUM' : 'TYPE_MESSAGE';
        value.typeName = dotted(mf.resolvedType.fullName);
      } else value.type = TYPE_BY_SCALAR[mf.type];
      entries.push({
        name: entry,
        field: [
          { name: 'key', number: 1, label: 'LABEL_OPTIONAL', type: TYPE_BY_SCALAR[mf.keyType], jsonName: 'key' },
          value,
        ],
        options: { mapEntry: true },
      });
      const fd: Obj = {
        name: f.name,
        number: f.id,
        label: 'LABEL_REPEATED',
        type: 'TYPE_MESSAGE',
        typeName: `${dotted(t.fullName)}.${entry}`,
      };
      fd.jsonName = typeof f.options?.json_name === 'string' ? f.options.json_name : defaultJsonName(f.name);
      const options = descriptorOptions(f.options, ['json_name']);
      if (options) fd.options = options;
      d.field.push(fd);
      continue;
    }
    d.field.push(fieldDescriptor(f, oi >= 0 ? oi : undefined, syntax));
  }
  for (const n of t.nestedArray) {
    if (n instanceof protobuf.Type) d.nestedType.push(messageDescriptor(n, syntax));
    else if (n instanceof protobuf.Enum) d.enumType.push(n.toDescriptor());
    else if (n instanceof protobuf.Field) d.extension.push(fieldDescriptor(n, undefined, syntax));
  }
  // Map entries after the declared nested messages: protoc interleaves them by source position,
  // which a parsed root no longer has (this only shifts Java/Go message indexes of nested messages
  // declared after a map field; @bufbuild/protobuf ignores map entries when indexing).
  d.nestedType.push(...entries);
  if (t.extensions?.length)
    d.extensionRange = t.extensions.map(([start, end]) => ({ start, end: Math.min(end + 1, EXTENSION_MAX) }));
  const reserved = t.reserved ?? [];
  const ranges = reserved.filter((r): r is number[] => Array.isArray(r));
  const names = reserved.filter((r): r is string => typeof r === 'string');
  if (ranges.length) d.reservedRange = ranges.map(([start, end]) => ({ start, end: (end as number) + 1 }));
  if (names.length) d.reservedName = names;
  const options = descriptorOptions(t.options);
  if (options) d.options = options;
  return d;
}

export interface ProtoFileParts {
  syntax: string;
  package: string;
  imports: string[];
  weakImports: string[];
  options: Record<string, unknown> | undefined;
  /** The file's own top-level messages, enums, services and extensions, resolved, in declaration order. */
  members: protobuf.ReflectionObject[];
}

/** A FileDescriptorProto (as protoc would write it, without source info) of one parsed .proto file. */
export function protoFileToDescriptor(file: ProtoFileParts): Uint8Array {
  const syntax = file.syntax.startsWith('edition') ? 'editions' : file.syntax;
  const fd: Obj = {
    name: DESCRIPTOR_FILE_NAME,
    dependency: [...file.imports, ...file.weakImports],
    messageType: [],
    enumType: [],
    service: [],
    extension: [],
  };
  if (file.package) fd.package = file.package;
  if (file.weakImports.length) fd.weakDependency = file.weakImports.map((_w, i) => file.imports.length + i);
  if (syntax === 'editions') {
    fd.syntax = 'editions';
    fd.edition = `EDITION_${file.syntax.replace(/^edition\s*/, '')}`;
  } else if (syntax === 'proto3') fd.syntax = 'proto3'; // protoc leaves proto2 files without syntax
  const options = descriptorOptions(file.options);
  if (options) fd.options = options;
  for (const m of file.members) {
    if (m instanceof protobuf.Type) fd.messageType.push(messageDescriptor(m, syntax));
    else if (m instanceof protobuf.Enum) fd.enumType.push(m.toDescriptor());
    else if (m instanceof protobuf.Service) fd.service.push(m.toDescriptor());
    else if (m instanceof protobuf.Field) fd.extension.push(fieldDescriptor(m, undefined, syntax));
  }
  const msg = descriptor.FileDescriptorProto.fromObject(fd);
  return descriptor.FileDescriptorProto.encode(msg).finish();
}
