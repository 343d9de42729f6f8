/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Shared pieces of the Connect v1 API tests: a tenant with an environment and cluster, test
// plugins (a source with a PASSWORD property, a sink), and validation of responses against
// Confluent's connect-v1.openapi.yaml.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import {
  ConfigDef,
  SinkConnector,
  SourceConnector,
  ValidString,
  type Props,
  type TaskConstructor,
} from '@libs/connect-spi';
import { PluginRegistry, type ConnectorPlugin } from '@libs/connect-spi';
import { ConnectorRepository, type ConnectRuntimeState } from '@libs/db';
import type { ApiHarness, Tenant } from '../../support/api-harness';
import { createApiKey, createCluster, createEnvironment } from '../../support/cloud-fixtures';
import type { Credentials, HttpResult } from '../../support/http-client';
import { CONFLUENT_OPENAPI_DIR, escapePointer } from '../../support/openapi-validator';

export const MASK = '****************';

// ── test plugins ──

class NoTask {}

export class SecretSourceConnector extends SourceConnector {
  version() {
    return '9.9.9';
  }
  start(): void {}
  stop(): void {}
  taskClass(): TaskConstructor<unknown> {
    return NoTask;
  }
  taskConfigs(maxTasks: number): Props[] {
    return Array.from({ length: maxTasks }, () => ({}));
  }
  config(): ConfigDef {
    return new ConfigDef()
      .define({
        name: 'kafka.topic',
        type: 'STRING',
        importance: 'HIGH',
        documentation: 'Topic to write to.',
        group: 'Which topic do you want to send data to?',
        orderInGroup: 1,
      })
      .define({
        name: 'db.password',
        type: 'PASSWORD',
        importance: 'HIGH',
        documentation: 'Database password.',
        group: 'Database',
        orderInGroup: 1,
      })
      .define({
        name: 'mode',
        type: 'STRING',
        defaultValue: 'bulk',
        validator: ValidString.in('bulk', 'incrementing'),
        importance: 'MEDIUM',
        documentation: 'Mode.',
        group: 'Database',
        orderInGroup: 2,
      });
  }
}

export class TestSinkConnector extends SinkConnector {
  version() {
    return '9.9.9';
  }
  start(): void {}
  stop(): void {}
  taskClass(): TaskConstructor<unknown> {
    return NoTask;
  }
  taskConfigs(maxTasks: number): Props[] {
    return Array.from({ length: maxTasks }, () => ({}));
  }
  config(): ConfigDef {
    return new ConfigDef().define({
      name: 'connection.password',
      type: 'PASSWORD',
      defaultValue: '',
      importance: 'HIGH',
      documentation: 'Password.',
      group: 'Database',
      orderInGroup: 1,
    });
  }
}

export const TEST_PLUGINS: ConnectorPlugin[] = [
  {
    alias: 'SecretSource',
    className: 'io.connectplane.test.SecretSourceConnector',
    type: 'source',
    version: '9.9.9',
    create: () => new SecretSourceConnector(),
  },
  {
    alias: 'TestSink',
    className: 'io.connectplane.test.TestSinkConnector',
    type: 'sink',
    version: '9.9.9',
    create: () => new TestSinkConnector(),
  },
];

/** Adds the test plugins to the API's own registry (the same instance the use cases read). */
export function registerTestPlugins(api: ApiHarness): void {
  const registry = api.app.get(PluginRegistry, { strict: false });
  for (const p of TEST_PLUGINS) if (!registry.find(p.alias)) registry.register(p);
}

export function repository(api: ApiHarness): ConnectorRepository {
  return api.app.get(ConnectorRepository, { strict: false });
}

// ── tenants ──

export interface ConnectTenant extends Tenant {
  env: string;
  lkc: string;
  base: string;
  /** A real API key of the cluster, as connectors must carry (kafka.api.key / kafka.api.secret). */
  kafkaKey: Credentials;
}

export async function connectTenant(api: ApiHarness, name?: string): Promise<ConnectTenant> {
  const t = await api.newTenant(name);
  const env = await createEnvironment(api, t.admin, 'connect-env');
  const lkc = await createCluster(api, t.admin, env, 'connect-cluster');
  const key = await createApiKey(api, t.admin, t.adminServiceAccountId, lkc, env);
  return {
    ...t,
    env,
    lkc,
    base: `/connect/v1/environments/${env}/clusters/${lkc}`,
    kafkaKey: { key: key.key, secret: key.secret },
  };
}

/** The connector credentials of a tenant's cluster key. */
export const kafkaCredentials = (t: { kafkaKey: Credentials }): Record<string, string> => ({
  'kafka.api.key': t.kafkaKey.key,
  'kafka.api.secret': t.kafkaKey.secret,
});

export function sourceConfig(
  t: { kafkaKey: Credentials },
  name: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'connector.class': 'SecretSource',
    name,
    'kafka.auth.mode': 'KAFKA_API_KEY',
    ...kafkaCredentials(t),
    'kafka.topic': 'orders',
    'db.password': 'hunter2-db-password',
    'tasks.max': '2',
    ...extra,
  };
}

export function sinkConfig(
  t: { kafkaKey: Credentials },
  name: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'connector.class': 'TestSink',
    name,
    ...kafkaCredentials(t),
    topics: 'orders',
    'connection.password': 'sink-db-password',
    'tasks.max': '1',
    ...extra,
  };
}

/** Seeds task rows as the runtime would write them. */
export async function seedTasks(
  api: ApiHarness,
  t: ConnectTenant,
  name: string,
  states: ConnectRuntimeState[],
  extra: { trace?: string; workerId?: string } = {},
): Promise<void> {
  const repo = repository(api);
  const c = await repo.findByName(t.scope, t.lkc, name);
  assert.ok(c, `connector ${name} exists`);
  await repo.putTasks(
    t.scope,
    t.lkc,
    c.id,
    states.map((state, taskId) => ({
      taskId,
      state,
      workerId: extra.workerId ?? 'worker-1',
      trace: state === 'FAILED' ? (extra.trace ?? `task ${taskId} failed`) : null,
    })),
  );
}

// ── Confluent's connect-v1.openapi.yaml ──

interface SpecDoc {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
}

class ConnectSpec {
  private readonly ajv: Ajv;
  private readonly doc: SpecDoc;
  private readonly templates: { template: string; regex: RegExp }[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      logger: false,
      unicodeRegExp: false,
      verbose: true,
    });
    addFormats(this.ajv);
    this.doc = parse(readFileSync(join(CONFLUENT_OPENAPI_DIR, 'connect-v1.openapi.yaml'), 'utf8')) as SpecDoc;
    this.ajv.addSchema({ ...this.doc, $id: 'connect-v1.json' });
    for (const template of Object.keys(this.doc.paths)) {
      if (template.includes('?')) continue;
      const regex = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      this.templates.push({ template, regex });
    }
  }

  /** null when the path is not in the spec (Kafka-native extras). */
  validate(method: string, path: string, status: number, body: unknown): string[] | null {
    const [bare, query = ''] = path.split('?') as [string, string?];
    let template = this.templates
      .filter((t) => t.regex.test(bare))
      .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0))[0]?.template;
    if (!template) return null;
    if (method === 'GET' && template.endsWith('/connectors') && /(^|&)expand=/.test(query))
      template = `${template}?expand=info,status,id`;
    const op = this.doc.paths[template]?.[method.toLowerCase()];
    if (!op) return null;
    const response = op.responses?.[String(status)];
    if (!response)
      return status >= 400
        ? this.check('components/schemas/connect.v1.ConnectorError', body)
        : [`${method} ${template} does not document ${status}`];
    const media = response.content?.['application/json'];
    if (!media?.schema) return body === undefined ? [] : [`${status} has no body in the spec`];
    return this.check(
      ['paths', template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema']
        .map(escapePointer)
        .join('/'),
      body,
    );
  }

  private check(ref: string, body: unknown): string[] {
    let v = this.compiled.get(ref);
    if (!v) {
      v = this.ajv.compile({ $ref: `connect-v1.json#/${ref}` });
      this.compiled.set(ref, v);
    }
    if (v(body)) return [];
    return (v.errors ?? [])
      .filter((e) => !knownDeviation(e))
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}

/** STOPPED is Kafka Connect's state (KIP-875); Confluent's enum predates it. */
function knownDeviation(e: ErrorObject): boolean {
  if (e.keyword === 'enum' && e.data === 'STOPPED' && /\/connector\/state$/.test(e.instancePath)) return true;
  // Kafka Connect's alter request removes a partition with a null offset; the spec has no null.
  return e.keyword === 'type' && e.data === null && /\/offsets\/\d+\/offset$/.test(e.instancePath);
}

let spec: ConnectSpec | undefined;

/** A request whose response must match connect-v1.openapi.yaml (when the route is in it). */
export async function connectRequest<T = any>(
  api: ApiHarness,
  method: string,
  path: string,
  opts: { auth: Credentials; body?: unknown },
): Promise<HttpResult<T>> {
  const res = await api.request<T>(method, path, opts);
  spec ??= new ConnectSpec();
  const errors = spec.validate(method, path, res.status, res.body);
  if (errors && errors.length > 0)
    throw new Error(
      `${method} ${path} → ${res.status} does not conform to connect-v1.openapi.yaml:\n  ${errors.join('\n  ')}\nbody: ${res.text}`,
    );
  return res;
}

/** Connect v1's error body: {"error": {"code": <status>, "message": …}}. */
export function assertConnectError(res: HttpResult, status: number, message?: string | RegExp): string {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.equal(typeof res.body?.error, 'object', `error object in ${res.text}`);
  assert.equal(res.body.error.code, status);
  assert.equal(typeof res.body.error.message, 'string');
  if (typeof message === 'string') assert.equal(res.body.error.message, message);
  else if (message) assert.match(res.body.error.message, message);
  return res.body.error.message;
}
