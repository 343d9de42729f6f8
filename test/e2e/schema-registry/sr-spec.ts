// Validates Schema Registry and SRCM responses against Confluent's schema-registry-v1.openapi.yaml and
// srcm-v3.openapi.yaml (the shared validator in test/support loads the cloud specs only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { CONFLUENT_OPENAPI_DIR, escapePointer, normalizeNullable } from '../../support/openapi-validator';

type Content = Record<string, { schema?: unknown }>;
interface Op {
  responses?: Record<string, { content?: Content }>;
}

class Spec {
  private readonly ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: false,
    unicodeRegExp: false,
  });
  private readonly paths: Record<string, Record<string, Op>>;
  private readonly templates: Array<{ template: string; regex: RegExp; params: number }> = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly name: string,
    private readonly errorSchema: string,
  ) {
    addFormats(this.ajv);
    const doc = normalizeNullable(parse(readFileSync(join(CONFLUENT_OPENAPI_DIR, `${name}.openapi.yaml`), 'utf8'))) as {
      paths: Record<string, Record<string, Op>>;
    };
    this.paths = doc.paths;
    this.ajv.addSchema({ ...doc, $id: `${name}.json` });
    for (const template of Object.keys(doc.paths)) {
      const regex = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      this.templates.push({ template, regex, params: template.match(/\{/g)?.length ?? 0 });
    }
  }

  validate(method: string, path: string, status: number, body: unknown): string[] {
    const bare = path.split('?')[0] as string;
    const hit = this.templates.filter((t) => t.regex.test(bare)).sort((a, b) => a.params - b.params)[0];
    if (!hit) return [`no ${this.name} path matches ${bare}`];
    const op = this.paths[hit.template]?.[method.toLowerCase()];
    if (!op) return [`${method} ${hit.template} is not in ${this.name}`];
    const response = op.responses?.[String(status)];
    let ref: string;
    if (response) {
      const media = Object.keys(response.content ?? {})[0];
      if (!media || !response.content?.[media]?.schema) return [];
      ref = ['paths', hit.template, method.toLowerCase(), 'responses', String(status), 'content', media, 'schema']
        .map(escapePointer)
        .join('/');
    } else if (status >= 400) {
      ref = this.errorSchema;
    } else {
      return [`${method} ${hit.template} does not document status ${status}`];
    }
    let v = this.compiled.get(ref);
    if (!v) {
      v = this.ajv.compile({ $ref: `${this.name}.json#/${ref}` });
      this.compiled.set(ref, v);
    }
    if (v(body)) return [];
    return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}

const specs = new Map<string, Spec>();

function check(
  name: string,
  errorSchema: string,
  method: string,
  path: string,
  res: { status: number; body: unknown },
): void {
  let spec = specs.get(name);
  if (!spec) {
    spec = new Spec(name, errorSchema);
    specs.set(name, spec);
  }
  const errors = spec.validate(method, path, res.status, res.body);
  if (errors.length > 0)
    throw new Error(
      `${method} ${path} → ${res.status} does not conform to ${name}:\n  ${errors.join('\n  ')}\nbody: ${JSON.stringify(res.body)}`,
    );
}

export const assertSrSpec = (method: string, path: string, res: { status: number; body: unknown }) =>
  check('schema-registry-v1', 'components/schemas/ErrorMessage', method, path, res);

export const assertSrcmSpec = (method: string, path: string, res: { status: number; body: unknown }) =>
  check('srcm-v3', 'components/schemas/Failure', method, path, res);
