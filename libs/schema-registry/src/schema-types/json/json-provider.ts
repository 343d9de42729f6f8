import { sortKeysDeep } from '@libs/canonical-json';
import { InvalidSchemaError, errorMessage } from '../../errors';
import { checkLevel } from '../../compatibility/levels';
import { assertJsonDepth, assertSchemaSize } from '../../limits';
import { flattenReferences } from '../../references';
import type { CompatibilityLevel, ParsedSchema, ParseOptions, ResolvedReference, SchemaProvider } from '../../types';
import { jsonReadIncompatibilities } from './json-compatibility';
import { JsonRefResolver, type JsonSchemaNode } from './json-refs';
import { checkJsonSchemaStructure } from './json-structure-check';
import { createAjv, detectDraft, type JsonDraft, type ValidateFunction } from './json-validator-factory';

export interface ParsedJsonSchema extends ParsedSchema {
  readonly schemaType: 'JSON';
  readonly json: JsonSchemaNode;
  readonly draft: JsonDraft;
  readonly resolver: JsonRefResolver;
  /**
   * Payload validator (used by the JSON Schema serializer), compiled on first access: Ajv's code
   * generation is slow for large schemas and registering one should not pay for it.
   */
  readonly validate: ValidateFunction;
}

function parseJson(text: string, what: string): JsonSchemaNode {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new InvalidSchemaError(`Invalid JSON schema${what}: not valid JSON: ${errorMessage(e)}`);
  }
  if (typeof v !== 'boolean' && (v === null || typeof v !== 'object' || Array.isArray(v))) {
    throw new InvalidSchemaError(`Invalid JSON schema${what}: a JSON Schema must be an object or a boolean`);
  }
  return v as JsonSchemaNode;
}

/** Keys whose array values are sets, so their order is not part of a schema's identity. */
const SET_KEYWORDS = new Set(['required', 'type']);
/** Keys holding instance data, not schemas: copied verbatim apart from key order. */
const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples']);

function canonicalNode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonicalNode);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const val = (v as Record<string, unknown>)[k];
    if (DATA_KEYWORDS.has(k)) out[k] = sortKeysDeep(val);
    else if (SET_KEYWORDS.has(k) && Array.isArray(val) && val.every((x) => typeof x === 'string'))
      out[k] = [...new Set(val as string[])].sort();
    else out[k] = canonicalNode(val);
  }
  return out;
}

export class JsonSchemaProvider implements SchemaProvider<ParsedJsonSchema> {
  readonly schemaType = 'JSON' as const;

  parse(text: string, references: ResolvedReference[] = [], options?: ParseOptions): ParsedJsonSchema {
    assertSchemaSize('JSON', text, options);
    assertJsonDepth('JSON', text, options);
    const json = parseJson(text, '');
    const draft = detectDraft(json);
    const ajv = createAjv(draft);
    const refDocs: Array<{ name: string; doc: JsonSchemaNode }> = [];
    for (const ref of flattenReferences(references)) {
      assertSchemaSize('JSON', ref.schema, options);
      assertJsonDepth('JSON', ref.schema, options);
      const doc = parseJson(ref.schema, ` (reference ${ref.name})`);
      try {
        // A referenced schema's own $id would clash with the name key if both are the same.
        if (typeof doc === 'object' && doc.$id === ref.name) ajv.addSchema(doc);
        else ajv.addSchema(doc as object, ref.name);
      } catch (e) {
        throw new InvalidSchemaError(`Invalid JSON schema (reference ${ref.name}): ${errorMessage(e)}`);
      }
      refDocs.push({ name: ref.name, doc });
    }
    if (draft !== 'draft-04') {
      let valid: boolean;
      try {
        valid = ajv.validateSchema(json as object) as boolean;
      } catch (e) {
        // e.g. a `$schema` URI that names no meta-schema Ajv knows
        throw new InvalidSchemaError(`Invalid JSON schema: ${errorMessage(e)}`);
      }
      if (!valid)
        throw new InvalidSchemaError(`Invalid JSON schema: ${ajv.errorsText(ajv.errors, { dataVar: 'schema' })}`);
    }
    const resolver = new JsonRefResolver(json, refDocs);
    const unresolved = checkJsonSchemaStructure(json, resolver);
    let compiled: ValidateFunction | undefined;
    const compile = (): ValidateFunction => {
      try {
        return (compiled ??= ajv.compile(json as object));
      } catch (e) {
        throw new InvalidSchemaError(`Invalid JSON schema: ${errorMessage(e)}`);
      }
    };
    // Refs our resolver cannot follow (anchors, $id-relative) are left to Ajv to accept or refuse.
    // draft-04 has no meta-schema validation here, so compile is its only structural check.
    if (unresolved.length || draft === 'draft-04') compile();
    const title = typeof json === 'object' && typeof json.title === 'string' ? json.title : undefined;
    return {
      schemaType: 'JSON',
      text,
      references,
      canonical: JSON.stringify(canonicalNode(json)),
      recordName: title,
      json,
      draft,
      resolver,
      get validate(): ValidateFunction {
        return compile();
      },
    };
  }

  isCompatible(
    newSchema: ParsedJsonSchema,
    previous: readonly ParsedJsonSchema[],
    level: CompatibilityLevel,
  ): string[] {
    return checkLevel(
      (r, w, labels) =>
        jsonReadIncompatibilities(
          { loc: { node: r.json, doc: r.json }, resolver: r.resolver },
          { loc: { node: w.json, doc: w.json }, resolver: w.resolver },
          labels,
        ),
      newSchema,
      previous,
      level,
    );
  }
}
