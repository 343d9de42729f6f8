// Validates our responses against Confluent's published OpenAPI documents (the wire contract).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** Confluent's OpenAPI documents, vendored unedited (their source and licence: README.md there). */
export const CONFLUENT_OPENAPI_DIR = resolve(__dirname, '../fixtures/confluent-openapi');

export const SPEC_FILES = ['org-v2', 'iam-v2', 'iam-v2-api-keys', 'mds-v2-role-bindings', 'cmk-v2'] as const;

interface SpecDoc {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
}

export interface ValidationOutcome {
  ok: boolean;
  spec?: string;
  template?: string;
  errors: string[];
}

export const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly docs = new Map<string, SpecDoc>();
  private readonly templates: { spec: string; template: string; regex: RegExp }[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(dir = CONFLUENT_OPENAPI_DIR) {
    // OpenAPI 3.0 schemas: `nullable` is understood by ajv; `discriminator`, `example`, x-* are ignored.
    // unicodeRegExp off: the specs' patterns are ECMA-262 without the u flag (e.g. `\"` escapes).
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      logger: false,
      unicodeRegExp: false,
      verbose: true,
    });
    addFormats(this.ajv);
    for (const name of SPEC_FILES) {
      const doc = normalizeNullable(parse(readFileSync(join(dir, `${name}.openapi.yaml`), 'utf8'))) as SpecDoc &
        Record<string, unknown>;
      this.docs.set(name, doc);
      this.ajv.addSchema({ ...doc, $id: `${name}.json` });
      for (const template of Object.keys(doc.paths)) {
        const regex = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
        this.templates.push({ spec: name, template, regex });
      }
    }
  }

  /** The spec and path template an actual request path (query string ignored) falls under. */
  match(path: string): { spec: string; template: string } | undefined {
    const bare = path.split('?')[0] as string;
    // Most specific first: templates with fewer parameters win.
    const hits = this.templates.filter((t) => t.regex.test(bare));
    hits.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
    return hits[0];
  }

  /** Validates a response body for method + actual path + status. A status the spec does not list fails. */
  validate(method: string, path: string, status: number, body: unknown): ValidationOutcome {
    const m = this.match(path);
    if (!m) return { ok: false, errors: [`no spec path matches ${path}`] };
    const op = this.docs.get(m.spec)?.paths[m.template]?.[method.toLowerCase()];
    if (!op) return { ok: false, ...m, errors: [`${method} ${m.template} is not in ${m.spec}`] };
    const response = op.responses?.[String(status)];
    let ref: string;
    if (response) {
      const media = response.content?.['application/json'];
      if (!media?.schema && body === undefined) return { ok: true, ...m, errors: [] };
      // e.g. 429 is documented without content: an extra error body must still be a Failure.
      if (!media?.schema && status < 400)
        return { ok: false, ...m, errors: [`${status} has no body in the spec, got one`] };
      ref = !media?.schema
        ? 'components/schemas/Failure'
        : [
            'paths',
            m.template,
            method.toLowerCase(),
            'responses',
            String(status),
            'content',
            'application/json',
            'schema',
          ]
            .map(escapePointer)
            .join('/');
    } else if (status >= 400) {
      // An error status this operation does not list (e.g. 404 on create): it must still be a Failure.
      ref = 'components/schemas/Failure';
    } else {
      return { ok: false, ...m, errors: [`${method} ${m.template} does not document status ${status} in ${m.spec}`] };
    }
    const key = `${m.spec}#/${ref}`;
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${m.spec}.json#/${ref}` });
      this.compiled.set(key, validate);
    }
    if (validate(body)) return { ok: true, ...m, errors: [] };
    const errors = (validate.errors ?? []).filter((e) => !isKnownDeviation(e));
    if (errors.length === 0) return { ok: true, ...m, errors: [] };
    return {
      ok: false,
      ...m,
      errors: errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`),
    };
  }
}

/**
 * Where the live service is known to differ from its own spec, we follow the service: a Cloud API key's
 * `spec.resource` is recorded as {"related":"cloud","resource_name":"cloud"} (Confluent's Terraform provider's
 * recorded response, confluentinc/terraform-provider-confluent `internal/testdata/apikey/create_cloud_api_key.json`),
 * which the spec's `format: uri` rejects.
 */
function isKnownDeviation(e: ErrorObject): boolean {
  return (
    e.keyword === 'format' && e.data === 'cloud' && /\/spec\/resource\/(related|resource_name)$/.test(e.instancePath)
  );
}

/**
 * OpenAPI 3.0 `nullable: true` beside `type` is understood by ajv; beside `$ref`/`allOf` (no type) it
 * is not, so such a schema becomes `anyOf: [schema, {type: null}]`.
 */
/** OpenAPI 3.0 `nullable` without a `type` (e.g. on a $ref) as JSON Schema's anyOf-null. */
export function normalizeNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = normalizeNullable(v);
  if ('nullable' in out && !('type' in out)) {
    const { nullable, ...rest } = out;
    return nullable === true ? { anyOf: [rest, { type: 'null' }] } : rest;
  }
  return out;
}

let shared: OpenApiValidator | undefined;
/** One validator per process (loading and compiling the specs takes a moment). */
export function openApiValidator(): OpenApiValidator {
  shared ??= new OpenApiValidator();
  return shared;
}

/** Throws an assertion-style error when the response does not match Confluent's spec. */
export function assertConformsToSpec(method: string, path: string, res: { status: number; body: unknown }): void {
  const out = openApiValidator().validate(method, path, res.status, res.body);
  if (!out.ok) {
    throw new Error(
      `${method} ${path} → ${res.status} does not conform to ${out.spec ?? '?'} ${out.template ?? ''}:\n  ${out.errors.join('\n  ')}\nbody: ${JSON.stringify(res.body)}`,
    );
  }
}
