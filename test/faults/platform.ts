// The whole platform as separate processes, each started privately by the fault test: a private
// Postgres (migrated) and Redis, the broker (apps/broker), the API (apps/api) and workers
// (apps/worker), all on free ports and one temp data dir, configured through the environment as
// `npm start` configures them. The test process only talks to them over the network.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { onProcessExit } from '../support/private-process';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { serviceProcess, workerProcess, type ServiceProcess, type WorkerProcess } from './service-process';

export const OPERATOR = { key: 'operator-faults', secret: 'operator-faults-secret-0123456789' };

export interface Platform {
  pg: PrivatePostgres;
  redis: PrivateRedis;
  broker: ServiceProcess;
  brokerPort: number;
  api: ServiceProcess;
  apiBase: string;
  workers: WorkerProcess[];
  /** Starts one more worker (ids w1, w2, …). */
  addWorker(): Promise<WorkerProcess>;
  /** Every process's recent log lines, for a failure report. */
  diagnostics(): string;
  /** Processes that exited without being stopped by the test. */
  unexpectedExits(): string[];
  close(): Promise<void>;
}

function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Log entries can be whole stack traces: keep the report readable. */
const clip = (line: string) => (line.length > 600 ? `${line.slice(0, 600)} …` : line);

/** The platform with `workers` workers (the database is private: workers reconcile every organization). */
export async function startPlatform(workerCount = 2): Promise<Platform> {
  const [pg, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  const databaseUrl = await pg.migrate('connectplane');
  const dir = mkdtempSync(join(tmpdir(), 'cp-faults-'));
  // also when npm test's file timeout ends this process
  onProcessExit(() => rmSync(dir, { recursive: true, force: true }));
  const [brokerPort, apiPort] = [await freePort(), await freePort()];
  const apiBase = `http://127.0.0.1:${apiPort}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    TEST_DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `cpfault:${randomBytes(3).toString('hex')}:`,
    DATA_DIR: dir,
    LOG_LEVEL: 'info',
    API_KEY_PEPPER: 'faults-pepper-0123456789abcdef0123456789abcdef',
    SECRETS_KEY: `k1:${randomBytes(32).toString('base64')}`,
    OPERATOR_API_KEY: OPERATOR.key,
    OPERATOR_API_SECRET: OPERATOR.secret,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    PUBLIC_URL: apiBase,
    BROKER_HOST: '127.0.0.1',
    BROKER_PORT: String(brokerPort),
    BROKER_ADVERTISED_HOST: '127.0.0.1',
    BROKER_DATA_DIR: join(dir, 'broker'),
    BROKER_METRICS_PORT: '0',
    BROKER_FSYNC: 'never',
    WORKER_METRICS_PORT: '0',
  };
  const broker = serviceProcess('broker', 'apps/broker/src/main.ts', env, () => listens(brokerPort));
  // the API logs every request at info: warn keeps its log tail to the errors that explain a failure
  const api = serviceProcess(
    'api',
    'apps/api/src/main.ts',
    { ...env, LOG_LEVEL: 'warn' },
    async () => (await fetch(`${apiBase}/readyz`)).ok,
  );
  const workers: WorkerProcess[] = [];
  const addWorker = async () => {
    const w = workerProcess('', brokerPort, `w${workers.length + 1}`, env);
    workers.push(w);
    await w.start();
    return w;
  };
  // all at once: on a small machine most of the start-up is compiling TypeScript, per process
  await Promise.all([broker.start(), api.start(), ...Array.from({ length: workerCount }, addWorker)]);

  const platform: Platform = {
    pg,
    redis,
    broker,
    brokerPort,
    api,
    apiBase,
    workers,
    addWorker,
    diagnostics() {
      const sections = [
        ...[broker, api, ...workers].map(
          (p) => `--- ${p.name}${p.exited ? ' (exited)' : ''}\n${p.logTail(25).map(clip).join('\n')}`,
        ),
        `--- postgres\n${pg.logTail(15).join('\n')}`,
        `--- redis\n${redis.logTail(10).join('\n')}`,
      ];
      return sections.join('\n');
    },
    unexpectedExits: () => [broker, api, ...workers].flatMap((p) => p.unexpectedExits),
    async close() {
      await Promise.all(workers.map((w) => w.stop('SIGKILL')));
      await api.stop('SIGKILL');
      await broker.stop('SIGTERM');
      await Promise.all([pg.close(), redis.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return platform;
}
