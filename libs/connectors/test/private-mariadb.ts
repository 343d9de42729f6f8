// A PRIVATE MariaDB server for tests that must stop, restart or reconfigure it (own datadir, socket
// and port under a tmpdir), so the shared server on 3306 is never disturbed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type ConnectionOptions } from 'mysql2/promise';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export class PrivateMariaDb {
  private server: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Initialises a datadir (root without password) and starts the server with `args`. */
  static async create(args: string[] = []): Promise<PrivateMariaDb> {
    const dir = mkdtempSync(join(tmpdir(), 'cp-mariadb-'));
    // its own tmpdir: the install's bootstrap server lost its temporary tables in the shared /tmp
    // when several test files installed at once ("Could not remove temporary table", error 2)
    mkdirSync(join(dir, 'tmp'));
    const install = spawnSync(
      'mariadb-install-db',
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${join(dir, 'data')}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        `--tmpdir=${join(dir, 'tmp')}`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (install.status !== 0) throw new Error(`mariadb-install-db failed:\n${install.stdout}\n${install.stderr}`);
    const db = new PrivateMariaDb(dir, await freePort());
    await db.start(args);
    return db;
  }

  errLog(): string {
    try {
      return readFileSync(join(this.dir, 'err.log'), 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no err.log)';
    }
  }

  /** Starts mariadbd on the datadir/port with extra `args` and waits until it accepts connections. */
  async start(args: string[] = []): Promise<void> {
    const child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${join(this.dir, 'data')}`,
        `--port=${this.port}`,
        `--socket=${join(this.dir, 'mysqld.sock')}`,
        `--pid-file=${join(this.dir, 'mysqld.pid')}`,
        `--log-error=${join(this.dir, 'err.log')}`,
        `--tmpdir=${join(this.dir, 'tmp')}`,
        '--bind-address=127.0.0.1',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=16M',
        ...args,
      ],
      { stdio: 'ignore' },
    );
    this.server = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited) throw new Error(`mariadbd exited during startup:\n${this.errLog()}`);
      try {
        const c = await this.connect({ connectTimeout: 1000 });
        await c.end();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`mariadbd not ready after 30 s:\n${this.errLog()}`, { cause: e });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Signals the server and waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.server;
    this.server = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  }

  connect(extra: ConnectionOptions = {}) {
    return createConnection({ host: '127.0.0.1', port: this.port, user: 'root', password: '', ...extra });
  }

  async query<T>(sql: string, database?: string): Promise<T> {
    const c = await this.connect(database ? { database } : {});
    try {
      const [rows] = await c.query(sql);
      return rows as T;
    } finally {
      await c.end();
    }
  }

  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
