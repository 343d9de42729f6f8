/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies and decoded Avro are untyped */
// What every CDC e2e test shares, whatever its database: the stack (API + embedded broker) with a
// tenant, a cluster and its Schema Registry, a runtime, Connect API calls (create, RUNNING wait,
// FAILED check), a consumer decoding the topics with @kafkajs/confluent-schema-registry, and a
// wait until a sink's target table equals the source. The database halves (a private MariaDB with
// the binlog, a private Postgres with wal_level=logical) are in mysql-cdc/ and postgres-cdc/.
import assert from 'node:assert/strict';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { AVRO_LONG_64 } from '@libs/schema-registry';
import type { ConnectRuntime } from '@libs/connect-runtime';
import { createApiKey } from '../../support/cloud-fixtures';
import type { Tenant } from '../../support/api-harness';
import {
  clusterKafka,
  provisionCluster,
  startRuntime,
  startStack,
  type ProvisionedCluster,
  type Stack,
} from '../../support/stack-harness';
import { connectRequest } from '../connect-api/support';
import { srcmCluster } from '../schema-registry/support';
import { waitFor } from '../../support/wait-for';

export interface CdcStack {
  stack: Stack;
  tenant: Tenant;
  cluster: ProvisionedCluster;
  registry: SrDecoder;
  rt: ConnectRuntime | null;
  connectPath: string;
}

/** The stack, a tenant `name` with a cluster and Schema Registry, and a runtime `w-<name>`. */
export async function startCdcStack(name: string): Promise<CdcStack> {
  const stack = await startStack({ CONNECT_TEST_PLUGINS: 'false' });
  const tenant = await stack.api.newTenant(name);
  const cluster = await provisionCluster(stack.api, tenant, name);
  const sr = await srcmCluster(stack.api, tenant.admin, cluster.environmentId);
  const key = await createApiKey(stack.api, tenant.admin, tenant.adminServiceAccountId, sr.id, cluster.environmentId);
  const env: CdcStack = {
    stack,
    tenant,
    cluster,
    registry: new SrDecoder(stack.api.baseUrl, { username: key.key, password: key.secret }),
    rt: null,
    connectPath: `/connect/v1/environments/${cluster.environmentId}/clusters/${cluster.clusterId}`,
  };
  env.rt = await runtime(env, `w-${name}`);
  return env;
}

/** Deletes the connectors, then closes the runtime and the stack. */
export async function stopCdcStack(env: CdcStack | undefined, connectors: string[]): Promise<void> {
  if (!env) return;
  for (const n of connectors) await req(env, 'DELETE', `/connectors/${n}`).catch(() => undefined);
  await env.rt?.close().catch(() => undefined);
  await env.stack.close();
}

export function runtime(env: CdcStack, workerId: string): Promise<ConnectRuntime> {
  return startRuntime(env.stack, env.tenant.organizationId, {
    capacity: 10,
    workerId,
    offsetFlushIntervalMs: 200,
    schemaRegistry: true,
    testPlugins: false,
  });
}

export const req = (env: CdcStack, method: string, path: string, body?: unknown) =>
  connectRequest(env.stack.api, method, `${env.connectPath}${path}`, { auth: env.tenant.admin, body });

export async function createConnector(env: CdcStack, name: string, config: Record<string, string>): Promise<void> {
  const res = await req(env, 'PUT', `/connectors/${name}/config`, {
    name,
    'kafka.auth.mode': 'KAFKA_API_KEY',
    'kafka.api.key': env.cluster.key.key,
    'kafka.api.secret': env.cluster.key.secret,
    'tasks.max': '1',
    ...config,
  });
  assert.ok(res.status === 200 || res.status === 201, `${name}: ${res.status} ${res.text}`);
}

export async function waitRunning(env: CdcStack, name: string): Promise<void> {
  await waitFor(
    `${name} RUNNING`,
    async () => {
      const s = (await req(env, 'GET', `/connectors/${name}/status`)).body as any;
      const task = s?.tasks?.[0];
      if (task?.state === 'FAILED') throw new Error(`${name} task FAILED: ${task.trace}`);
      return task?.state === 'RUNNING' ? true : undefined;
    },
    60_000,
    200,
  );
}

/** Throws with the trace when the connector or its task FAILED (a test then fails fast and says why). */
export async function assertNotFailed(env: CdcStack, name: string): Promise<void> {
  const s = (await req(env, 'GET', `/connectors/${name}/status`)).body as any;
  for (const x of [s?.connector, ...(s?.tasks ?? [])])
    if (x?.state === 'FAILED') throw new Error(`${name} FAILED: ${String(x.trace).slice(0, 3000)}`);
}

/** Waits until `topic` exists (a sink created before it would have nothing to subscribe to). */
export async function waitTopic(env: CdcStack, topic: string): Promise<void> {
  const admin = clusterKafka(env.stack, env.cluster).admin();
  await admin.connect();
  try {
    await waitFor(
      'source topic',
      async () => ((await admin.listTopics()).includes(topic) ? true : undefined),
      60_000,
      200,
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until `target()` returns the same rows as `source()` (each a list ordered by key), and
 * on timeout says where they differ and how the connectors stand.
 */
export async function waitSameRows(
  env: CdcStack,
  what: string,
  source: () => Promise<unknown[]>,
  target: () => Promise<unknown[]>,
  connectors: string[],
  timeoutMs = 60_000,
): Promise<void> {
  const same = async () => {
    for (const n of connectors) await assertNotFailed(env, n);
    const [a, b] = await Promise.all([source(), target().catch(() => [])]);
    return JSON.stringify(a) === JSON.stringify(b) ? true : undefined;
  };
  await waitFor(what, same, timeoutMs, 250).catch(async (e: Error) => {
    const [a, b] = await Promise.all([source(), target().catch((x: Error) => [x.message])]);
    const diff = a.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(b[i]));
    const st = await Promise.all(
      connectors.map(async (n) =>
        JSON.stringify((await req(env, 'GET', `/connectors/${n}/status`)).body).slice(0, 1500),
      ),
    );
    throw new Error(
      `${e.message}: source ${a.length} rows, target ${b.length}; first difference at ${diff}: ` +
        `${JSON.stringify(a[diff])} vs ${JSON.stringify(b[diff])}; ${st.join(' ')}`,
    );
  });
}

/**
 * @kafkajs/confluent-schema-registry with a 64-bit Avro long (Debezium's ts_ns exceeds 2^53, which
 * avsc's default long refuses). One client per schema id: avsc adds named types to the registry
 * object it is given, so two versions of one schema cannot share it.
 */
export class SrDecoder {
  private readonly clients = new Map<number, SchemaRegistry>();
  constructor(
    private readonly host: string,
    private readonly auth: { username: string; password: string },
  ) {}
  private client(id: number): SchemaRegistry {
    let c = this.clients.get(id);
    if (!c)
      this.clients.set(
        id,
        (c = new SchemaRegistry({ host: this.host, auth: this.auth }, {
          [SchemaType.AVRO]: { registry: { long: AVRO_LONG_64 } },
        } as any)),
      );
    return c;
  }
  decode(buf: Buffer): Promise<any> {
    return this.client(buf.readInt32BE(1)).decode(buf);
  }
  getLatestSchemaId(subject: string): Promise<number> {
    return this.client(-1).getLatestSchemaId(subject);
  }
  getSchema(id: number): Promise<any> {
    return this.client(id).getSchema(id);
  }
}

/** avsc's record instances as plain objects (Buffers and bigints kept). */
export function plain(v: any): any {
  if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return v;
  if (Array.isArray(v)) return v.map(plain);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
}

export interface Decoded {
  topic: string;
  offset: number;
  key: any;
  value: any;
  keyBytes: Buffer | null;
  valueBytes: Buffer | null;
}

/** Every record of `topics` from the beginning, decoded, once at least `min` are there. */
export async function readAll(
  env: CdcStack,
  topics: string[],
  min: number,
  timeoutMs = 60_000,
  watch: string[] = [],
): Promise<Decoded[]> {
  const kafka = clusterKafka(env.stack, env.cluster, 'cdc-e2e-reader');
  const consumer = kafka.consumer({ groupId: `cdc-e2e-${Math.random().toString(36).slice(2)}` });
  const out: Decoded[] = [];
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        out.push({
          topic,
          offset: Number(message.offset),
          key: message.key ? plain(await env.registry.decode(message.key)) : null,
          value: message.value ? plain(await env.registry.decode(message.value)) : null,
          keyBytes: message.key,
          valueBytes: message.value,
        });
      },
    });
    await waitFor(
      `${min} records in ${topics.join(',')}`,
      async () => {
        for (const name of watch) await assertNotFailed(env, name);
        return out.length >= min ? true : undefined;
      },
      timeoutMs,
      100,
    ).catch(async (e: Error) => {
      const states = await Promise.all(
        watch.map(async (n) => JSON.stringify((await req(env, 'GET', `/connectors/${n}/status`)).body)),
      );
      throw new Error(
        `${e.message}; got ${out.length}: ${out.map((o) => o.value?.op ?? 'tombstone').join(',')}; ${states.join(' ')}`,
      );
    });
    await new Promise((r) => setTimeout(r, 300)); // anything past min shows too
  } finally {
    await consumer.disconnect();
  }
  return out.sort((a, b) => (a.topic === b.topic ? a.offset - b.offset : a.topic < b.topic ? -1 : 1));
}
