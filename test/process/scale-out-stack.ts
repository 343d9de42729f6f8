// Many processes of one deployment on one machine, started exactly as `npm start` starts them
// (scripts/start.ts: `node --enable-source-maps <flags of scripts/processes.ts> <compiled entry>`,
// configured only through the environment): the code compiled by scripts/build.ts into a private
// directory (so a running `npm start`'s dist/ is left alone), a fresh database on the test server
// migrated as `npm run db:migrate` does, a private Redis prefix on the shared Redis, and the broker,
// the API (API_PROCESSES processes behind one port) and any number of workers as child processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrateDatabase } from '@libs/db-migrations';
import { MIGRATIONS_DIR, ROOT, SCHEMA_PATH } from '../../scripts/paths';
import { startedProcess, type StartedProcess } from '../../scripts/processes';
import { freePort } from '../support/free-port';
import { onProcessExit } from '../support/private-process';
import { TEST_DATABASE_URL } from '../support/test-env';
import { WaitAborted, waitFor } from '../support/wait-for';

export const OPERATOR = { key: 'operator-scale', secret: 'operator-scale-secret-0123456789' };

const MAX_LINES = 3000;

/** One child process with its output lines (kept, bounded) and line listeners. */
export class Proc {
  readonly lines: string[] = [];
  private readonly listeners = new Set<(line: string) => void>();
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stopping = false;
  unexpectedExit: string | undefined;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let buf = '';
    const onData = (prefix: string) => (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      for (const line of parts) {
        if (!line) continue;
        this.lines.push(prefix + line);
        if (this.lines.length > MAX_LINES) this.lines.splice(0, this.lines.length - MAX_LINES);
        for (const l of this.listeners) l(line);
      }
    };
    child.stdout!.on('data', onData(''));
    child.stderr!.on('data', onData('[stderr] '));
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (!this.stopping) this.unexpectedExit = `${name} exited (${signal ?? code})`;
        resolve({ code, signal });
      }),
    );
    onProcessExit(() => child.kill('SIGKILL'));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  onLine(fn: (line: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The first line (already seen or to come) matching `re`; fails if the process exits first. */
  waitForLine(re: RegExp, timeoutMs = 90_000, what = String(re)): Promise<RegExpMatchArray> {
    for (const l of this.lines) {
      const m = l.match(re);
      if (m) return Promise.resolve(m);
    }
    return this.nextLine(re, timeoutMs, what);
  }

  /** The next line from now on matching `re`. */
  nextLine(re: RegExp, timeoutMs = 90_000, what = String(re)): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms:\n${this.tail(30).join('\n')}`));
      }, timeoutMs);
      const off = this.onLine((line) => {
        const m = line.match(re);
        if (!m) return;
        clearTimeout(timer);
        off();
        resolve(m);
      });
      void this.exit.then(({ code, signal }) => {
        clearTimeout(timer);
        off();
        reject(new Error(`${this.name} exited (${signal ?? code}) before ${what}:\n${this.tail(30).join('\n')}`));
      });
    });
  }

  /** Sends `signal` as an operator would (a stop the test meant); resolves on exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.stopping = true;
    if (this.alive) this.child.kill(signal);
    return this.exit;
  }

  tail(n = 40): string[] {
    return this.lines.slice(-n).map((l) => (l.length > 500 ? `${l.slice(0, 500)} …` : l));
  }
}

export interface ScaleOutStack {
  env: Record<string, string>;
  databaseUrl: string;
  apiBase: string;
  apiPort: number;
  brokerPort: number;
  dataDir: string;
  broker: Proc;
  /** The API's cluster primary (API_PROCESSES > 1): its output carries every API process's lines. */
  api: Proc;
  workers: Proc[];
  /** Starts a worker as `npm start` does (its id is the default `<host>-<pid>-<random>`); resolves with its id once ready. */
  startWorker(): Promise<{ proc: Proc; id: string }>;
  diagnostics(): string;
  close(): Promise<void>;
}

export interface ScaleOutOptions {
  apiProcesses: number;
  workers: number;
  /** Extra environment for every process. */
  env?: Record<string, string>;
}

/** Compiles apps/ and libs/ as `npm run build` does, into a private directory under the repository. */
async function buildPrivately(): Promise<string> {
  const out = join('tmp', `scale-out-${process.pid}-${randomBytes(3).toString('hex')}`);
  onProcessExit(() => rmSync(join(ROOT, out), { recursive: true, force: true }));
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run.js'), join(ROOT, 'scripts', 'build.ts')], {
    cwd: ROOT,
    env: { ...process.env, BUILD_OUT_DIR: out },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`build failed:\n${output}`);
  return join(ROOT, out);
}

function startCompiled(out: string, p: StartedProcess, name: string, env: Record<string, string>): Proc {
  // the command line of scripts/start.ts, with the private build in place of dist/
  const entry = join(out, p.entry.replace(/^dist\//, ''));
  const child = spawn(process.execPath, ['--enable-source-maps', ...p.nodeArgs, entry], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Proc(name, child);
}

export async function startScaleOut(opts: ScaleOutOptions): Promise<ScaleOutStack> {
  const dbName = `cp_scale_${randomBytes(4).toString('hex')}`;
  const dbUrl = (name: string) => {
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const databaseUrl = dbUrl(dbName);
  const [out] = await Promise.all([
    buildPrivately(),
    migrateDatabase(databaseUrl, MIGRATIONS_DIR, SCHEMA_PATH, readFileSync(SCHEMA_PATH, 'utf8')),
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), 'cp-scale-'));
  onProcessExit(() => rmSync(dataDir, { recursive: true, force: true }));
  const [apiPort, brokerPort] = [await freePort(), await freePort()];
  const apiBase = `http://127.0.0.1:${apiPort}`;
  // What an operator sets for one deployment on one machine (docs/operations.md): one database,
  // one Redis prefix, one data dir and pepper/keys for all; per process only the listen ports.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    CONNECT_TEST_PLUGINS: 'true',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `cpscale:${randomBytes(3).toString('hex')}:`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    API_KEY_PEPPER: 'scale-pepper-0123456789abcdef0123456789abcdef',
    SECRETS_KEY: `k1:${randomBytes(32).toString('base64')}`,
    OPERATOR_API_KEY: OPERATOR.key,
    OPERATOR_API_SECRET: OPERATOR.secret,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    PUBLIC_URL: apiBase,
    API_PROCESSES: String(opts.apiProcesses),
    BROKER_HOST: '127.0.0.1',
    BROKER_PORT: String(brokerPort),
    BROKER_ADVERTISED_HOST: '127.0.0.1',
    BROKER_DATA_DIR: join(dataDir, 'broker'),
    BROKER_METRICS_PORT: '0',
    BROKER_FSYNC: 'never',
    // several workers on one machine: each needs its own metrics port (0: any free one)
    WORKER_METRICS_PORT: '0',
    ...opts.env,
  };

  const broker = startCompiled(out, startedProcess('broker'), 'broker', { ...env, LOG_LEVEL: 'warn' });
  const api = startCompiled(out, startedProcess('api'), 'api', env);
  const workers: Proc[] = [];
  let n = 0;
  const startWorker = async () => {
    const proc = startCompiled(out, startedProcess('worker'), `worker ${++n}`, env);
    workers.push(proc);
    const [, id] = await proc.waitForLine(/^connectplane worker ready: (\S+), capacity/, 90_000, 'ready line');
    return { proc, id };
  };
  const stack: ScaleOutStack = {
    env,
    databaseUrl,
    apiBase,
    apiPort,
    brokerPort,
    dataDir,
    broker,
    api,
    workers,
    startWorker,
    diagnostics: () =>
      [broker, api, ...workers]
        .map((p) => `--- ${p.name} (pid ${p.pid}${p.alive ? '' : ', exited'})\n${p.tail(25).join('\n')}`)
        .join('\n'),
    async close() {
      await Promise.all([...workers, api, broker].map((p) => p.stop('SIGKILL')));
      const admin = new Client({ connectionString: dbUrl('postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    },
  };
  try {
    // all at once, as `npm start` does
    await Promise.all([
      broker.waitForLine(/"msg":"broker ready"/),
      waitFor(
        'API ready',
        async () => {
          if (!api.alive) throw new WaitAborted(`api exited:\n${api.tail(30).join('\n')}`);
          return (await fetch(`${apiBase}/readyz`)).ok;
        },
        90_000,
        200,
      ),
      ...Array.from({ length: opts.workers }, startWorker),
    ]);
    // every API process listening, not only the first (one process listens itself: no primary, no such lines)
    if (opts.apiProcesses > 1)
      await waitFor(
        `${opts.apiProcesses} API processes listening`,
        () => apiPids(stack).length >= opts.apiProcesses,
        90_000,
        100,
      );
  } catch (err) {
    const diag = stack.diagnostics();
    await stack.close();
    throw new Error(`${(err as Error).message}\n${diag}`, { cause: err });
  }
  return stack;
}

/** Pids of the API processes currently listening (from the primary's `api process <pid> listening` lines). */
export function apiPids(stack: Pick<ScaleOutStack, 'api'>): number[] {
  const pids: number[] = [];
  for (const l of stack.api.lines) {
    const m = l.match(/^api process (\d+) listening$/);
    if (m) pids.push(Number(m[1]));
  }
  return pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}

/** Resident memory (MB) of a process, from /proc. */
export function rssMb(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Established TCP connections per process to `port` (ss -p). */
export function connectionsTo(port: number): Map<number, number> {
  const r = spawnSync('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  const counts = new Map<number, number>();
  for (const m of (r.stdout ?? '').matchAll(/pid=(\d+)/g))
    counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  return counts;
}

/** Pids holding the established connection between server port `port` and client port `clientPort`. */
export function socketOwners(port: number, clientPort: number): number[] {
  const r = spawnSync('ss', ['-tnpH', 'state', 'established', `( sport = :${port} and dport = :${clientPort} )`], {
    encoding: 'utf8',
  });
  return [...new Set([...(r.stdout ?? '').matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])))];
}
