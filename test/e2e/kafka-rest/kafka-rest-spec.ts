// Validates Kafka REST responses against Confluent's kafkarest-v3.openapi.yaml (the shared validator
// in test/support loads the cloud specs only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { CONFLUENT_OPENAPI_DIR, escapePointer, normalizeNullable } from '../../support/openapi-validator';

interface Op {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

class KafkaRestSpec {
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

  constructor() {
    addFormats(this.ajv);
    const doc = normalizeNullable(
      parse(readFileSync(join(CONFLUENT_OPENAPI_DIR, 'kafkarest-v3.openapi.yaml'), 'utf8')),
    ) as {
      paths: Record<string, Record<string, Op>>;
    };
    this.paths = doc.paths;
    this.ajv.addSchema({ ...doc, $id: 'kafkarest.json' });
    for (const template of Object.keys(doc.paths)) {
      const regex = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      this.templates.push({ template, regex, params: template.match(/\{/g)?.length ?? 0 });
    }
  }

  validate(method: string, path: string, status: number, body: unknown): string[] {
    const bare = path.split('?')[0] as string;
    const hits = this.templates.filter((t) => t.regex.test(bare)).sort((a, b) => a.params - b.params);
    const hit = hits[0];
    if (!hit) return [`no Kafka REST path matches ${bare}`];
    const op = this.paths[hit.template]?.[method.toLowerCase()];
    if (!op) return [`${method} ${hit.template} is not in the spec`];
    const code = op.responses?.[String(status)]
      ? String(status)
      : status >= 500 && op.responses?.['5XX']
        ? '5XX'
        : undefined;
    let ref: string;
    if (code) {
      const schema = op.responses?.[code]?.content?.['application/json']?.schema;
      if (!schema) return body === undefined ? [] : [`${status} has no body in the spec, got one`];
      ref = ['paths', hit.template, method.toLowerCase(), 'responses', code, 'content', 'application/json', 'schema']
        .map(escapePointer)
        .join('/');
    } else if (status >= 400) {
      ref = 'components/schemas/Error';
    } else {
      return [`${method} ${hit.template} does not document status ${status}`];
    }
    let v = this.compiled.get(ref);
    if (!v) {
      v = this.ajv.compile({ $ref: `kafkarest.json#/${ref}` });
      this.compiled.set(ref, v);
    }
    if (v(body)) return [];
    return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}

let spec: KafkaRestSpec | undefined;

export function assertKafkaRestSpec(method: string, path: string, res: { status: number; body: unknown }): void {
  spec ??= new KafkaRestSpec();
  const errors = spec.validate(method, path, res.status, res.body);
  if (errors.length > 0)
    throw new Error(
      `${method} ${path} → ${res.status} does not conform to kafkarest-v3:\n  ${errors.join('\n  ')}\nbody: ${JSON.stringify(res.body)}`,
    );
}
