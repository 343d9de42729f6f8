/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents and responses are untyped JSON */
// Fuzz over every operation of the API's own /openapi.json: bad bodies (one field broken, wrong
// types, nulls, huge strings and numbers, missing and extra fields, arrays for objects), malformed
// JSON, odd path and query values, each sent over HTTP with a valid key of the operation's kind.
// Only 4xx (or 2xx where the input happens to be valid) may come back, never a 5xx or a hang, and
// the API is ready at the end. Seeded: FUZZ_SEED replays a run, FUZZ_CASES sets cases per operation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { basic, type Credentials } from '../../support/http-client';
import { createApiKey, createServiceAccount } from '../../support/cloud-fixtures';
import { startKafkaRestEnv, type KafkaRestEnv } from '../kafka-rest/support';
import { newRegistry } from '../schema-registry/support';
import { badValue, malformedJson, mutate, oddPathSegment, oddQueryValue, resolve, sample } from './fuzz-gen';
import { fuzzSeed, Rng } from '../../support/seeded-random';

const SEED = fuzzSeed();
const CASES = Number(process.env.FUZZ_CASES ?? 16);
const REQUEST_TIMEOUT_MS = 30_000;
const BODY_METHODS = new Set(['post', 'put', 'patch']);

interface Op {
  method: string;
  template: string;
  params: Array<{ name: string; in: string }>;
  schema?: unknown;
}

interface Fixtures {
  org: string;
  env: string;
  lkc: string;
  lsrc: string;
  sa: string;
  keyId: string;
  bindingId: string;
  cloud: Credentials;
  cluster: Credentials;
  sr: Credentials;
  operator: Credentials;
}

const SR_PREFIXES = ['/subjects', '/schemas', '/config', '/compatibility', '/mode', '/contexts'];

function authFor(template: string, f: Fixtures): Credentials {
  if (template.startsWith('/kafka/')) return f.cluster;
  if (template.startsWith('/operator/')) return f.operator;
  if (SR_PREFIXES.some((p) => template === p || template.startsWith(`${p}/`))) return f.sr;
  return f.cloud;
}

/** Destructive operations never get the shared fixtures' ids, so one case cannot end the run's coverage. */
const destructive = (op: Op) => op.method === 'delete' || /\/(suspend|resume)$/.test(op.template);

function fixtureParam(op: Op, name: string, f: Fixtures): string | undefined {
  const t = op.template;
  const protect = destructive(op);
  switch (name) {
    case 'id':
      if (t.startsWith('/org/v2/environments')) return protect ? undefined : f.env;
      if (t.startsWith('/org/v2/organizations') || t.startsWith('/operator/')) return protect ? undefined : f.org;
      if (t.startsWith('/iam/v2/service-accounts')) return f.sa;
      if (t.startsWith('/iam/v2/api-keys')) return f.keyId;
      if (t.startsWith('/iam/v2/role-bindings')) return f.bindingId;
      if (t.startsWith('/cmk/')) return protect ? undefined : f.lkc;
      if (t.startsWith('/srcm/')) return f.lsrc;
      if (t.startsWith('/schemas/ids')) return '1';
      return undefined;
    case 'environment_id':
    case 'environment':
      return f.env;
    case 'kafka_cluster_id':
    case 'cluster_id':
      return f.lkc;
    case 'connector_name':
      return 'fz-conn';
    case 'task_id':
    case 'partition_id':
      return '0';
    case 'plugin_name':
      return 'DatagenSource';
    case 'subject':
      return 'fz-value';
    case 'version':
      return '1';
    case 'topic_name':
      return protect ? 'fz-other' : 'fuzz';
    case 'name':
      return t.includes('broker-configs') ? 'num.partitions' : 'retention.ms';
    case 'group_id':
      return 'fz-group';
    case 'consumer_id':
      return 'fz-consumer';
    default:
      return undefined;
  }
}

/** Plausible bodies for operations whose body the document leaves open (Connect, SR, Kafka REST). */
function seedBody(op: Op, f: Fixtures): unknown {
  const t = op.template;
  const connectorConfig = {
    'connector.class': 'DatagenSource',
    name: 'fz-conn',
    'kafka.auth.mode': 'KAFKA_API_KEY',
    'kafka.api.key': f.cluster.key,
    'kafka.api.secret': f.cluster.secret,
    'kafka.topic': 'fuzz',
    quickstart: 'ORDERS',
    'output.data.format': 'JSON',
    'tasks.max': '1',
  };
  if (t.endsWith('/connectors') && op.method === 'post') return { name: 'fz-conn', config: connectorConfig };
  if (t.endsWith('/connectors/preview'))
    return { config: { 'connector.class': 'DatagenSource', topic: 'fuzz' }, records: [{ value: { a: 1 } }] };
  if (t.endsWith('/config') && t.includes('/connectors/')) return connectorConfig;
  if (t.endsWith('/config/validate')) return connectorConfig;
  if (t.endsWith('/offsets/request'))
    return { type: 'PATCH', offsets: [{ partition: { kafka_partition: 0 }, offset: { kafka_offset: 1 } }] };
  if (t.endsWith('/offsets')) return { offsets: [{ partition: { kafka_partition: 0 }, offset: { kafka_offset: 1 } }] };
  if (t.startsWith('/subjects/') || t.startsWith('/compatibility/'))
    return { schema: '{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}', schemaType: 'AVRO' };
  if (t.startsWith('/config')) return { compatibility: 'BACKWARD' };
  if (t.startsWith('/mode')) return { mode: 'READWRITE' };
  if (t.endsWith('configs:alter')) return { data: [{ name: 'retention.ms', value: '60000' }] };
  if (t.includes('/configs/')) return { value: '60000' };
  if (t.endsWith('/records'))
    return { partition_id: 0, key: { type: 'JSON', data: 'k' }, value: { type: 'JSON', data: { a: 1 } } };
  if (t.endsWith('/topics') && op.method === 'post')
    return { topic_name: 'fz-topic', partitions_count: 1, configs: [{ name: 'retention.ms', value: '1000' }] };
  if (t.endsWith('/topics/{topic_name}') && op.method === 'patch') return { partitions_count: 2 };
  return {};
}

interface Case {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  kind: string;
}

function buildCase(doc: any, op: Op, f: Fixtures, r: Rng): Case {
  const hasBody = BODY_METHODS.has(op.method);
  const pathParams = op.params.filter((p) => p.in === 'path');
  const kinds = [
    ...(pathParams.length > 0 ? ['path', 'path'] : []),
    'query',
    ...(hasBody ? ['body', 'body', 'body', 'raw', 'valid'] : ['valid']),
  ];
  const kind = r.pick(kinds);
  const oddOne = kind === 'path' && pathParams.length > 0 ? r.pick(pathParams).name : undefined;
  let path = op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const fixture = fixtureParam(op, name, f);
    if (name === oddOne || fixture === undefined) return oddPathSegment(r);
    return encodeURIComponent(fixture);
  });
  const query: string[] = [];
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const fixture = fixtureParam(op, p.name, f);
    if (kind === 'query' && r.chance(0.7)) query.push(`${encodeURIComponent(p.name)}=${oddQueryValue(r)}`);
    else if (fixture !== undefined) query.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(fixture)}`);
  }
  if (kind === 'query' && r.chance(0.3))
    query.push(`${r.pick(['page_size', 'page_token', 'expand', 'x'])}=${oddQueryValue(r)}`);
  if (query.length > 0) path += `?${query.join('&')}`;
  if (!hasBody) return { method: op.method.toUpperCase(), path, kind };
  const base = op.schema ? sample(doc, op.schema, r) : seedBody(op, f);
  if (kind === 'raw') {
    const contentType = r.chance(0.8)
      ? 'application/json'
      : r.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded']);
    return { method: op.method.toUpperCase(), path, kind, body: malformedJson(r), contentType };
  }
  const body =
    kind === 'body' ? mutate(base, r) : kind === 'path' || kind === 'query' || kind === 'valid' ? base : badValue(r);
  return { method: op.method.toUpperCase(), path, kind, body: JSON.stringify(body) ?? 'null' };
}

async function send(baseUrl: string, c: Case, auth: Credentials): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { authorization: basic(auth) };
  if (c.body !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
  try {
    const res = await fetch(`${baseUrl}${c.path}`, {
      method: c.method,
      headers,
      body: c.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: res.status, text: (await res.text()).slice(0, 300) };
  } catch (e) {
    return { status: 0, text: `request failed: ${(e as Error).message}` };
  }
}

describe(`OpenAPI fuzz (FUZZ_SEED=${SEED}, ${CASES} cases per operation)`, () => {
  let env: KafkaRestEnv;
  let f: Fixtures;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);

  before(async () => {
    // A fuzz run sends a few thousand requests with one key: the rate limiter is not under test.
    process.env.RATE_LIMIT_REQUESTS = '1000000';
    process.on('unhandledRejection', onUnhandled);
    env = await startKafkaRestEnv();
    const { api, tenant } = env;
    const sa = await createServiceAccount(api, tenant.admin, 'fuzz-sa');
    const spare = await createApiKey(api, tenant.admin, sa);
    const registry = await newRegistry(api, tenant, 'fuzz-sr');
    const binding = await api.request('POST', '/iam/v2/role-bindings', {
      auth: tenant.admin,
      body: {
        principal: `User:${sa}`,
        role_name: 'EnvironmentAdmin',
        crn_pattern: `crn://confluent.cloud/organization=${tenant.organizationId}/environment=${env.envId}`,
      },
    });
    assert.equal(binding.status, 201, binding.text);
    const topic = await api.request('POST', `/kafka/v3/clusters/${env.clusterId}/topics`, {
      auth: env.key,
      body: { topic_name: 'fuzz', partitions_count: 2 },
    });
    assert.equal(topic.status, 201, topic.text);
    f = {
      org: tenant.organizationId,
      env: env.envId,
      lkc: env.clusterId,
      lsrc: registry.lsrc,
      sa,
      keyId: spare.id,
      bindingId: binding.body.id,
      cloud: tenant.admin,
      cluster: env.key,
      sr: registry.key,
      operator: api.operator,
    };
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await env?.close();
  });

  it('every operation answers bad input with a 4xx, never a 5xx or a hang; the API stays ready', async () => {
    console.log(`fuzz: FUZZ_SEED=${SEED} FUZZ_CASES=${CASES} (set FUZZ_SEED to replay this run)`);
    const docRes = await fetch(`${env.api.baseUrl}/openapi.json`);
    assert.equal(docRes.status, 200);
    const doc = (await docRes.json()) as any;
    const ops: Op[] = [];
    for (const [template, item] of Object.entries<any>(doc.paths)) {
      for (const [method, o] of Object.entries<any>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const schema = o.requestBody?.content?.['application/json']?.schema;
        ops.push({
          method,
          template,
          params: (o.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in })),
          schema: schema ? resolve(doc, schema) : undefined,
        });
      }
    }
    assert.ok(ops.length > 100, `the document lists ${ops.length} operations`);
    const rng = new Rng(SEED);
    const failures: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const op of ops) {
      for (let i = 0; i < CASES; i++) {
        const c = buildCase(doc, op, f, rng);
        const res = await send(env.api.baseUrl, c, authFor(op.template, f));
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (process.env.FUZZ_VERBOSE)
          console.log(`${res.status} ${c.kind} ${c.method} ${c.path.slice(0, 120)} ${res.text.slice(0, 160)}`);
        if (res.status < 200 || res.status >= 500) {
          failures.push(
            `${op.method.toUpperCase()} ${op.template} [${c.kind}] → ${res.status} ${res.text}\n    ${c.method} ${c.path.slice(0, 200)}${c.body !== undefined ? `\n    body: ${c.body.slice(0, 300)}` : ''}`,
          );
        }
      }
    }
    console.log(
      `fuzz: ${sent} requests over ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    const ready = await fetch(`${env.api.baseUrl}/readyz`);
    assert.equal(ready.status, 200, 'the API is ready after the fuzz run');
    assert.deepEqual(unhandled, [], 'no unhandled promise rejections');
    assert.equal(
      failures.length,
      0,
      `FUZZ_SEED=${SEED}: ${failures.length} cases answered 5xx or failed:\n${failures.join('\n')}`,
    );
  });
});
