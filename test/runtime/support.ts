// Shared set-up for the runtime tests: an in-process embedded broker that accepts the platform
// identity of one cluster, fixture rows (organization → environment → cluster) in the test
// database, connectors inserted as the Connect v1 API would, and helpers to wait and read.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { startBroker, StaticAuthenticator, type BrokerHandle } from '@libs/broker';
import { loadConfig, type AppConfig } from '@libs/config';
import { ConnectRuntime, type ConnectRuntimeOptions } from '@libs/connect-runtime';
import { connectorPluginRegistry } from '@libs/connectors';
import { PrismaService } from '@libs/db';
import { CONNECTOR_CHANGED_CHANNEL } from '@libs/redis';
import { platformBrokerPassword, PLATFORM_USER_PREFIX } from '@libs/kafka-clients';
import { applyTestEnv } from '../support/test-env';
import { startedProcess } from '../../scripts/processes';

export interface RuntimeFixture {
  config: AppConfig;
  db: PrismaService;
  broker: BrokerHandle;
  orgId: string;
  envId: string;
  clusterId: string;
  dir: string;
  close(): Promise<void>;
  /** Stops the broker and starts it again on the same port and data dir. */
  restartBroker(): Promise<void>;
}

const rand = () => randomBytes(5).toString('hex');

export async function runtimeFixture(): Promise<RuntimeFixture> {
  applyTestEnv();
  const config = loadConfig();
  const db = new PrismaService(config);
  const orgId = randomUUID();
  const envId = `env-rt${rand()}`;
  const clusterId = `lkc-rt${rand()}`;
  await db.organization.create({ data: { id: orgId, displayName: 'runtime test' } });
  await db.environment.create({
    data: { id: envId, organizationId: orgId, displayName: 'rt', schemaRegistryId: `lsrc-rt${rand()}` },
  });
  await db.kafkaCluster.create({
    data: {
      id: clusterId,
      organizationId: orgId,
      environmentId: envId,
      displayName: 'rt',
      availability: 'SINGLE_ZONE',
      cloud: 'GCP',
      region: 'us-west4',
      config: { kind: 'Basic' },
      phase: 'PROVISIONED',
      backend: 'EMBEDDED',
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'cp-runtime-'));
  const brokerOptions = (port: number): Parameters<typeof startBroker>[0] => ({
    host: '127.0.0.1',
    port,
    dataDir: join(dir, 'broker'),
    authenticator: new StaticAuthenticator([
      {
        username: `${PLATFORM_USER_PREFIX}${clusterId}`,
        password: platformBrokerPassword(config.apiKeyPepper, clusterId),
        tenant: clusterId,
      },
    ]),
    group: { minSessionTimeoutMs: 1000 },
    defaultPartitions: 1,
  });
  let broker = await startBroker(brokerOptions(0));
  process.env.BROKER_PORT = String(broker.port);
  process.env.BROKER_HOST = '127.0.0.1';
  config.BROKER_PORT = broker.port;
  config.BROKER_HOST = '127.0.0.1';
  return {
    config,
    db,
    get broker() {
      return broker;
    },
    orgId,
    envId,
    clusterId,
    dir,
    async close() {
      await db.organization.delete({ where: { id: orgId } }).catch(() => undefined);
      await db.$disconnect();
      await broker.close();
    },
    async restartBroker() {
      // same port and data dir: clients reconnect to the address they know, topics and offsets stay
      await broker.close();
      broker = await startBroker(brokerOptions(broker.port));
    },
  };
}

let seq = 0;

/** A connector row as the API would store it; SOURCE or SINK from the plugin alias (…Source / …Sink). */
export async function createConnector(
  f: RuntimeFixture,
  plugin: string,
  config: Record<string, string>,
  opts: { targetState?: 'RUNNING' | 'PAUSED' | 'STOPPED'; id?: string; name?: string } = {},
): Promise<string> {
  const id = opts.id ?? `lcc-rt${rand()}`;
  await f.db.connector.create({
    data: {
      id,
      organizationId: f.orgId,
      environmentId: f.envId,
      clusterId: f.clusterId,
      name: opts.name ?? `c${++seq}-${id}`,
      pluginClass: plugin,
      type: /Sink$/.test(plugin) ? 'SINK' : 'SOURCE',
      config: { 'connector.class': plugin, ...config },
      targetState: opts.targetState ?? 'RUNNING',
    },
  });
  return id;
}

/** What the API announces after writing a connector: workers reconcile now, not at their next pass. */
export async function announceConnectorChanged(f: RuntimeFixture, connectorId: string): Promise<void> {
  const redis = new Redis(f.config.REDIS_URL);
  try {
    await redis.publish(`${f.config.REDIS_PREFIX}${CONNECTOR_CHANGED_CHANNEL}`, connectorId);
  } finally {
    redis.disconnect();
  }
}

export async function tasksOf(f: RuntimeFixture, connectorId: string) {
  return f.db.connectorTask.findMany({ where: { connectorId }, orderBy: { taskId: 'asc' } });
}

export async function allTasksIn(f: RuntimeFixture, connectorId: string, state: string, count: number) {
  const tasks = await tasksOf(f, connectorId);
  return tasks.length === count && tasks.every((t) => t.state === state) ? tasks : null;
}

export function readJsonl(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * An in-process runtime on the fixture (the test plugins registered, only the fixture's organization
 * reconciled, quick passes and restarts, silent); `extra` overrides any option.
 */
export function fixtureRuntime(f: RuntimeFixture, extra: Partial<ConnectRuntimeOptions> = {}): ConnectRuntime {
  return new ConnectRuntime({
    db: f.db,
    registry: connectorPluginRegistry({ testPlugins: true }),
    redisUrl: f.config.REDIS_URL,
    redisPrefix: f.config.REDIS_PREFIX,
    secretsKeyring: f.config.secretsKeyring,
    pepper: f.config.apiKeyPepper,
    broker: { host: '127.0.0.1', port: f.broker.port },
    capacity: 10,
    organizationIds: [f.orgId],
    reconcileIntervalMs: 200,
    offsetFlushIntervalMs: 200,
    restart: { baseMs: 200, maxMs: 1000 },
    log: () => undefined,
    ...extra,
  });
}

/** A kafkajs client of the fixture's cluster, logged in as the platform (as the runtime does). */
export function platformKafka(f: RuntimeFixture, clientId: string, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: [`127.0.0.1:${f.broker.port}`],
    sasl: {
      mechanism: 'plain',
      username: `${PLATFORM_USER_PREFIX}${f.clusterId}`,
      password: platformBrokerPassword(f.config.apiKeyPepper, f.clusterId),
    },
    logLevel: logLevel.NOTHING,
    ...extra,
  });
}

/**
 * Every record of a topic (read as the platform), from the beginning up to its end offsets when
 * called, and at least `expectAtLeast` (within `timeoutMs`).
 */
export async function readTopic(
  f: RuntimeFixture,
  topic: string,
  expectAtLeast: number,
  timeoutMs = 15_000,
): Promise<{ key: string | null; value: string | null; partition: number; offset: string }[]> {
  const kafka = platformKafka(f, 'rt-test-reader');
  const admin = kafka.admin();
  await admin.connect();
  try {
    // what the topic holds now (none yet: the topic does not exist)
    const held = await admin
      .fetchTopicOffsets(topic)
      .then((ps) => ps.reduce((n, p) => n + Number(p.high) - Number(p.low), 0))
      .catch(() => 0);
    const want = Math.max(expectAtLeast, held);
    const out: { key: string | null; value: string | null; partition: number; offset: string }[] = [];
    const consumer = kafka.consumer({
      groupId: `rt-reader-${rand()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const deadline = Date.now() + timeoutMs;
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        out.push({
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          partition,
          offset: message.offset,
        });
      },
    });
    while (out.length < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await consumer.disconnect();
    return out;
  } finally {
    await admin.disconnect();
  }
}

export interface SpawnedWorker {
  proc: ChildProcess;
  id: string;
  output: string[];
  ready: Promise<void>;
}

/** A real worker process (apps/worker/src/main.ts) on the fixture's database, Redis prefix and broker. */
export function spawnWorker(
  f: Pick<RuntimeFixture, 'orgId'> & { broker: { port: number } },
  id: string,
  extraEnv: Record<string, string> = {},
): SpawnedWorker {
  // WORKER_FROM_DIST=1: the compiled worker with the flags `npm start` gives it (after `npm run build`).
  const asStarted = startedProcess('worker');
  const entry =
    process.env.WORKER_FROM_DIST === '1'
      ? [...asStarted.nodeArgs, asStarted.entry]
      : ['-r', '@swc-node/register', 'apps/worker/src/main.ts'];
  // WORKER_NODE_ARGS: extra node flags for the worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" when profiling a bench.
  const nodeArgs = (process.env.WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      WORKER_ID: id,
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      CONNECT_SCOPE_ORGANIZATIONS: f.orgId,
      BROKER_PORT: String(f.broker.port),
      BROKER_HOST: '127.0.0.1',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  // WORKER_OUTPUT_FILE: the worker's stdout and stderr appended to that file too (e.g. with --trace-gc).
  const copyTo = process.env.WORKER_OUTPUT_FILE;
  if (copyTo) for (const s of [proc.stdout!, proc.stderr!]) s.on('data', (d: Buffer) => appendFileSync(copyTo, d));
  let buf = '';
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        output.push(line);
        if (line.startsWith('connectplane worker ready')) resolve();
      }
    });
    proc.stderr!.on('data', (d: Buffer) => output.push(`[stderr] ${d.toString()}`));
    proc.once('exit', (code) => reject(new Error(`worker ${id} exited (${code}) before ready:\n${output.join('\n')}`)));
  });
  ready.catch(() => undefined);
  return { proc, id, output, ready };
}

export function tempDir(f: RuntimeFixture, name: string): string {
  return mkdtempSync(join(f.dir, name));
}
