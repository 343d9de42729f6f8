import * as protobuf from 'protobufjs';
import { InvalidSchemaError, errorMessage } from '../../errors';
import { checkLevel } from '../../compatibility/levels';
import { assertJsonDepth, assertProtobufBlockSizes, assertSchemaSize } from '../../limits';
import { flattenReferences } from '../../references';
import type { CompatibilityLevel, ParsedSchema, ParseOptions, ResolvedReference, SchemaProvider } from '../../types';
import { protobufReadIncompatibilities } from './protobuf-compatibility';
import { buildPbFile, pbCanonicalString, type PbFile } from './protobuf-model';
import { decodeFileDescriptor, fileDescriptorToProto, protoFileToDescriptor } from './protobuf-descriptor';
import { loadWellKnownType } from './protobuf-well-known';

export interface ParsedProtobufSchema extends ParsedSchema {
  readonly schemaType: 'PROTOBUF';
  readonly file: PbFile;
  /** Root with this file and all its imports, resolved: for encoding/decoding. */
  readonly root: protobuf.Root;
  /** Confluent message-index path of a message (full name without leading dot). */
  messageIndexes(fullName: string): number[] | undefined;
  /** Message full name at an index path, or undefined. */
  messageAt(indexes: readonly number[]): string | undefined;
  /** Base64 of this file's FileDescriptorProto (`?format=serialized`, what Confluent's clients read). */
  serialized(): string;
}

const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: false };

/** Removes comments and string contents so the `syntax` regex sees only code. */
function detectSyntax(text: string): string {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  const m = /(?:^|[;\s])(syntax|edition)\s*=\s*["']([^"']+)["']/.exec(code);
  if (!m) return 'proto2'; // protobuf's own default when no syntax statement is present
  return m[1] === 'edition' ? `edition ${m[2]}` : m[2];
}

function parseInto(text: string, root: protobuf.Root, what: string): protobuf.IParserResult {
  try {
    return protobuf.parse(text, root, PARSE_OPTIONS);
  } catch (e) {
    throw new InvalidSchemaError(`Invalid PROTOBUF schema${what}: ${errorMessage(e)}`);
  }
}

/**
 * The .proto text of a schema given either as text or, as Confluent's serializers send it, as base64
 * of a serialized FileDescriptorProto (printed as text: the registry stores and compares text).
 * Base64 cannot be .proto text (no `;` or `{`), so trying the descriptor first answers as Confluent's
 * text-first detection does.
 */
export function protobufSchemaText(text: string, what = '', options?: ParseOptions): string {
  const fd = decodeFileDescriptor(text);
  if (!fd) return text;
  try {
    return fileDescriptorToProto(fd, options?.maxDepth);
  } catch (e) {
    throw new InvalidSchemaError(`Invalid PROTOBUF schema${what}: bad FileDescriptorProto: ${errorMessage(e)}`);
  }
}

export class ProtobufSchemaProvider implements SchemaProvider<ParsedProtobufSchema> {
  readonly schemaType = 'PROTOBUF' as const;

  parse(given: string, references: ResolvedReference[] = [], options?: ParseOptions): ParsedProtobufSchema {
    assertSchemaSize('PROTOBUF', given, options);
    const text = protobufSchemaText(given, '', options);
    assertSchemaSize('PROTOBUF', text, options);
    // The parser recurses per nested block; refuse absurd nesting before it does.
    assertJsonDepth('PROTOBUF', text, options);
    assertProtobufBlockSizes(text, options);
    const syntax = detectSyntax(text);
    // Standalone parse: what this file declares, in declaration order.
    const declared = parseInto(text, new protobuf.Root(), '');
    const root = new protobuf.Root();
    const provided = new Set<string>();
    const needed: Array<{ file: string; by: string }> = (declared.imports ?? []).map((file) => ({
      file,
      by: 'the schema',
    }));
    for (const ref of flattenReferences(references)) {
      assertSchemaSize('PROTOBUF', ref.schema, options);
      const refText = protobufSchemaText(ref.schema, ` (reference ${ref.name})`, options);
      assertJsonDepth('PROTOBUF', refText, options);
      assertProtobufBlockSizes(refText, options);
      const r = parseInto(refText, root, ` (reference ${ref.name})`);
      provided.add(ref.name);
      for (const file of r.imports ?? []) needed.push({ file, by: `reference ${ref.name}` });
    }
    for (const { file, by } of needed) {
      if (provided.has(file)) continue;
      if (!loadWellKnownType(root, file)) {
        throw new InvalidSchemaError(
          `Invalid PROTOBUF schema: import "${file}" of ${by} is neither a well-known type nor among the schema's references`,
        );
      }
      provided.add(file);
    }
    parseInto(text, root, '');
    try {
      root.resolveAll();
    } catch (e) {
      throw new InvalidSchemaError(`Invalid PROTOBUF schema: ${errorMessage(e)}`);
    }
    let file: PbFile;
    try {
      file = buildPbFile(declared, root, syntax);
    } catch (e) {
      throw new InvalidSchemaError(`Invalid PROTOBUF schema: ${errorMessage(e)}`);
    }
    const byName = new Map(file.messages.map((m) => [m.fullName, m.indexPath]));
    let serialized: string | undefined;
    const canonical = pbCanonicalString(file);
    const legacyCanonical = pbCanonicalString(file, true);
    const byPath = new Map(file.messages.map((m) => [m.indexPath.join('.'), m.fullName]));
    return {
      schemaType: 'PROTOBUF',
      text,
      references,
      canonical,
      ...(legacyCanonical !== canonical ? { legacyCanonical } : {}),
      recordName: file.messages[0]?.fullName,
      file,
      root,
      messageIndexes: (name) => byName.get(name.startsWith('.') ? name.slice(1) : name),
      messageAt: (indexes) => byPath.get(indexes.join('.')),
      serialized: () => (serialized ??= serializeFile(declared, root, syntax)),
    };
  }

  isCompatible(
    newSchema: ParsedProtobufSchema,
    previous: readonly ParsedProtobufSchema[],
    level: CompatibilityLevel,
  ): string[] {
    return checkLevel(
      (r, w, labels) => protobufReadIncompatibilities(r.file, w.file, labels),
      newSchema,
      previous,
      level,
    );
  }
}

/** The file's own top-level declarations, taken from the resolved root, as a base64 FileDescriptorProto. */
function serializeFile(declared: protobuf.IParserResult, root: protobuf.Root, syntax: string): string {
  const pkg = declared.package ?? '';
  const ns = pkg ? declared.root.lookup(pkg) : declared.root;
  const members: protobuf.ReflectionObject[] = [];
  const collect = (n: protobuf.NamespaceBase): void => {
    for (const child of n.nestedArray) {
      const real = root.lookup(child.fullName);
      if (child instanceof protobuf.Type || child instanceof protobuf.Enum) members.push(real ?? child);
      else if (child instanceof protobuf.Service && real instanceof protobuf.Service) {
        real.resolveAll();
        members.push(real);
      } else if (child instanceof protobuf.Namespace && !pkg) collect(child);
    }
  };
  if (ns instanceof protobuf.Namespace) collect(ns);
  const bytes = protoFileToDescriptor({
    syntax,
    package: pkg,
    imports: declared.imports ?? [],
    weakImports: declared.weakImports ?? [],
    options: ns instanceof protobuf.Namespace ? ns.options : undefined,
    members,
  });
  return Buffer.from(bytes).toString('base64');
}
