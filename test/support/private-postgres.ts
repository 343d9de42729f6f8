// A private PostgreSQL server for tests that stop, kill or restart the database (fault tests, CDC):
// `initdb` into a temp dir, the postmaster as a child process on a free port (trust auth, user
// `postgres`), `stop()` / `start()` again on the same port and data dir, `migrate()` to apply the
// project's migrations to a database on it. When the test runs as root (as here), the server runs
// as the `postgres` OS user (postgres refuses root); otherwise as the current user.
// The server is SIGKILLed and its dir removed when the test process exits, even on failure.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrateDatabase } from '@libs/db-migrations';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../../scripts/paths';
import { freePort } from './free-port';
import { onProcessExit } from './private-process';
import { WaitAborted, waitFor } from './wait-for';

export interface PrivatePostgresOptions {
  /** Extra server settings, e.g. `{ wal_level: 'logical' }` for CDC tests. */
  settings?: Record<string, string>;
}

export interface PrivatePostgres {
  port: number;
  /** Connection URL of database `name` (default `postgres`). */
  url(name?: string): string;
  /** Creates database `name` if needed and applies the project's migrations; returns its URL. */
  migrate(name?: string): Promise<string>;
  /** Starts the server again on the same port and data dir (after stop()). */
  start(): Promise<void>;
  /** 'fast' = SIGINT (clean shutdown); 'immediate' = SIGQUIT (no checkpoint: crash recovery on the next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** The server's recent log lines (for failure diagnostics). */
  logTail(lines?: number): string[];
  /** Stops the server and removes its data dir. */
  close(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'postgres'))) return join(root, v, 'bin');
  throw new Error(`no PostgreSQL server binaries under ${root}`);
}

/** uid/gid to run the server as: postgres refuses to run as root. */
function serverIdentity(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startPrivatePostgres(opts: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const bin = binDir();
  const who = serverIdentity();
  const dir = mkdtempSync(join(tmpdir(), 'cp-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (who) chownSync(dir, who.uid, who.gid);
  execFileSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
    stdio: 'pipe',
    ...who,
  });
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
    logging_collector: 'off',
    ...opts.settings,
  };
  const args = ['-D', dataDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  let proc: ChildProcess | undefined;

  const url = (name = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${name}`;
  const accepts = async () => {
    const c = new Client({ connectionString: url(), connectionTimeoutMillis: 1000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  };

  const start = async () => {
    if (proc) throw new Error('private postgres already running');
    // The server logs to stderr; kept in a file across restarts for failure diagnostics.
    const p = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...who });
    p.stderr!.pipe(createWriteStream(logFile, { flags: 'a' }));
    proc = p;
    p.once('exit', () => {
      if (proc === p) proc = undefined;
    });
    await waitFor(
      'private postgres to accept connections',
      async () => {
        if (p.exitCode !== null) throw new WaitAborted(`postgres exited (${p.exitCode}):\n${tail(20).join('\n')}`);
        return accepts();
      },
      30_000,
    );
  };

  // No SIGKILL mode: backends orphaned by a killed postmaster keep its shared memory and block a
  // restart on the same data dir; SIGQUIT is the crash-like stop postgres itself supports.
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
  };

  const tail = (lines = 30) =>
    existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean).slice(-lines) : [];

  const unregister = onProcessExit(() => {
    proc?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  await start();
  return {
    port,
    url,
    async migrate(name = 'connectplane') {
      const target = url(name);
      await migrateDatabase(target, MIGRATIONS_DIR, SCHEMA_PATH, readFileSync(SCHEMA_PATH, 'utf8'));
      return target;
    },
    start,
    stop,
    logTail: tail,
    async close() {
      await stop('fast');
      unregister();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
