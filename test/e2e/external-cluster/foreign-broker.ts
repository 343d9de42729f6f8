// A "foreign" Kafka cluster for the external-cluster tests: apps/broker started as its own process
// (as an operator would run it, configured only through the environment) with static SASL/PLAIN
// users read from a file and, optionally, a TLS listener with a certificate from a test CA.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StaticUser } from '@libs/broker';
import { onProcessExit } from '../../support/private-process';
import type { TestPki } from '../../support/test-ca';

const ROOT = join(__dirname, '..', '..', '..');

export interface ForeignBroker {
  child: ChildProcess;
  dir: string;
  /** SASL_PLAINTEXT listener */
  port: number;
  /** SASL_SSL listener (with `tls`) */
  tlsPort?: number;
  output(): string;
  /** SIGTERM and wait for the exit; the data dir stays unless `remove`. */
  stop(remove?: boolean): Promise<void>;
}

export interface ForeignBrokerOptions {
  users: StaticUser[];
  tls?: TestPki;
  /** Fixed ports, for a restart on the same addresses. */
  port?: number;
  tlsPort?: number;
  /** Reuse a stopped broker's data dir. */
  dir?: string;
}

export async function startForeignBroker(opts: ForeignBrokerOptions): Promise<ForeignBroker> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'cp-foreign-'));
  const usersFile = join(dir, 'users.json');
  writeFileSync(usersFile, JSON.stringify(opts.users), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    SWCRC: 'true',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    BROKER_HOST: '127.0.0.1',
    BROKER_PORT: String(opts.port ?? 0),
    BROKER_METRICS_PORT: '0',
    BROKER_DATA_DIR: join(dir, 'data'),
    BROKER_STATIC_USERS_FILE: usersFile,
    BROKER_AUTO_CREATE_TOPICS: 'false',
    BROKER_FSYNC: 'never',
    BROKER_GROUP_MIN_SESSION_TIMEOUT_MS: '1000',
    ...(opts.tls && {
      BROKER_TLS_PORT: String(opts.tlsPort ?? 0),
      BROKER_TLS_CERT_FILE: opts.tls.serverCertFile,
      BROKER_TLS_KEY_FILE: opts.tls.serverKeyFile,
    }),
  };
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/broker/src/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const unhook = onProcessExit(() => child.kill('SIGKILL'));
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ port: number; tlsPort?: number }>((resolve, reject) => {
    // compiling the broker with swc at start takes seconds, far more on a loaded machine
    const timer = setTimeout(() => reject(new Error(`foreign broker did not start:\n${out}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"msg":"broker ready"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { port: number; tlsPort?: number });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`foreign broker exited (${child.exitCode ?? child.signalCode}):\n${out}`));
    });
  });
  return {
    child,
    dir,
    port: ready.port,
    tlsPort: ready.tlsPort,
    output: () => out,
    async stop(remove = false) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      unhook();
      if (remove) rmSync(dir, { recursive: true, force: true });
    },
  };
}
