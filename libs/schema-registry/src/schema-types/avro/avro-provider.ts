import * as avro from 'avsc';
import { InvalidSchemaError, errorMessage } from '../../errors';
import { checkLevel } from '../../compatibility/levels';
import { assertJsonDepth, assertSchemaSize } from '../../limits';
import { flattenReferences } from '../../references';
import type { CompatibilityLevel, ParsedSchema, ParseOptions, ResolvedReference, SchemaProvider } from '../../types';
import { buildAvroAst, isNamed, type AvroNamed, type AvroNode } from './avro-ast';
import { avroCanonicalString } from './avro-canonical';
import { avroReadIncompatibilities } from './avro-compatibility';
import { avroRegistry } from './avro-registry';

export interface ParsedAvroSchema extends ParsedSchema {
  readonly schemaType: 'AVRO';
  readonly ast: AvroNode;
  /** avsc type for encoding/decoding (references' named types included). */
  readonly avroType: avro.Type;
  /**
   * Avro's Parsing Canonical Form (drops defaults, docs, aliases): what two schemas share when
   * they encode identically. Not the identity form, see `canonical`.
   */
  readonly parsingCanonicalForm: string;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InvalidSchemaError(`Invalid AVRO schema${what}: not valid JSON: ${errorMessage(e)}`);
  }
}

export class AvroSchemaProvider implements SchemaProvider<ParsedAvroSchema> {
  readonly schemaType = 'AVRO' as const;

  parse(text: string, references: ResolvedReference[] = [], options?: ParseOptions): ParsedAvroSchema {
    assertSchemaSize('AVRO', text, options);
    const registry = avroRegistry();
    const named = new Map<string, AvroNamed>();
    for (const ref of flattenReferences(references)) {
      assertSchemaSize('AVRO', ref.schema, options);
      assertJsonDepth('AVRO', ref.schema, options);
      const json = parseJson(ref.schema, ` (reference ${ref.name})`);
      try {
        avro.Type.forSchema(json as avro.Schema, { registry });
      } catch (e) {
        throw new InvalidSchemaError(`Invalid AVRO schema (reference ${ref.name}): ${errorMessage(e)}`);
      }
      buildAvroAst(json, named);
    }
    assertJsonDepth('AVRO', text, options);
    const json = parseJson(text, '');
    let avroType: avro.Type;
    try {
      avroType = avro.Type.forSchema(json as avro.Schema, { registry });
    } catch (e) {
      throw new InvalidSchemaError(`Invalid AVRO schema: ${errorMessage(e)}`);
    }
    const ast = buildAvroAst(json, named);
    return {
      schemaType: 'AVRO',
      text,
      references,
      canonical: avroCanonicalString(ast),
      recordName: isNamed(ast) ? ast.fullName : undefined,
      ast,
      avroType,
      parsingCanonicalForm: JSON.stringify(avroType.schema()),
    };
  }

  isCompatible(
    newSchema: ParsedAvroSchema,
    previous: readonly ParsedAvroSchema[],
    level: CompatibilityLevel,
  ): string[] {
    return checkLevel((r, w, labels) => avroReadIncompatibilities(r.ast, w.ast, labels), newSchema, previous, level);
  }
}
