import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import addFormats from 'ajv-formats';
import type AjvCore from 'ajv/dist/core';

// One Ajv instance per parsed schema: references are registered under their names, and a
// shared instance would refuse a second schema with the same $id.

export type JsonDraft = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

export function detectDraft(schema: unknown): JsonDraft {
  const uri = schema && typeof schema === 'object' ? (schema as Record<string, unknown>).$schema : undefined;
  if (typeof uri !== 'string') return 'draft-07';
  if (uri.includes('2020-12')) return '2020-12';
  if (uri.includes('2019-09')) return '2019-09';
  if (uri.includes('draft-06')) return 'draft-06';
  if (uri.includes('draft-04')) return 'draft-04';
  return 'draft-07';
}

export function createAjv(draft: JsonDraft): AjvCore {
  const opts = {
    strict: false,
    allErrors: false,
    // draft-04 meta-schema is not bundled with Ajv 8: validate structure as draft-07 would only
    // where it agrees, i.e. not at all; compile still catches malformed keywords.
    validateSchema: draft !== 'draft-04',
    // Confluent accepts unknown formats; so do we (they then validate nothing).
    validateFormats: true,
  };
  const ajv: AjvCore =
    draft === '2020-12' ? new Ajv2020(opts) : draft === '2019-09' ? new Ajv2019(opts) : new Ajv(opts);
  if (draft === 'draft-06') ajv.addMetaSchema(draft06);
  if (draft === 'draft-04') {
    // Tolerate the draft-04 meta-schema URI so `$schema` does not fail to resolve.
    ajv.addMetaSchema(
      { $id: 'http://json-schema.org/draft-04/schema#', type: ['object', 'boolean'] },
      undefined,
      false,
    );
  }
  addFormats(ajv as Ajv);
  return ajv;
}

export type { ValidateFunction };
