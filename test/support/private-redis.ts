// A private redis-server for tests that stop or restart Redis (fault tests): a child process on a
// free port with no persistence (`--save '' --appendonly no`, so a restart comes back empty, as a
// lost cache node would), `stop()` / `start()` again on the same port, `url`.
// The server is SIGKILLed when the test process exits, even on failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './free-port';
import { onProcessExit } from './private-process';
import { WaitAborted, waitFor } from './wait-for';

export interface PrivateRedis {
  port: number;
  url: string;
  /** Starts the server again on the same port (after stop()). */
  start(): Promise<void>;
  /** 'term' = SIGTERM (clean shutdown), 'kill' = SIGKILL (a crash). */
  stop(mode?: 'term' | 'kill'): Promise<void>;
  /** The server's recent log lines (for failure diagnostics). */
  logTail(lines?: number): string[];
  close(): Promise<void>;
}

/** True when something answers PING on the port. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('error', () => done(false));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const log: string[] = [];
  let proc: ChildProcess | undefined;

  const start = async () => {
    if (proc) throw new Error('private redis already running');
    const p = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'notice'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (d: Buffer) => {
      log.push(...d.toString().split('\n').filter(Boolean));
      if (log.length > 500) log.splice(0, log.length - 500);
    };
    p.stdout!.on('data', keep);
    p.stderr!.on('data', keep);
    proc = p;
    p.once('exit', () => {
      if (proc === p) proc = undefined;
    });
    await waitFor(
      'private redis to answer PING',
      async () => {
        if (p.exitCode !== null)
          throw new WaitAborted(`redis-server exited (${p.exitCode}):\n${log.slice(-20).join('\n')}`);
        return pings(port);
      },
      30_000,
    );
  };

  const stop = async (mode: 'term' | 'kill' = 'term') => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(mode === 'term' ? 'SIGTERM' : 'SIGKILL');
    await exited;
  };

  const unregister = onProcessExit(() => proc?.kill('SIGKILL'));
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    logTail: (lines = 30) => log.slice(-lines),
    async close() {
      await stop('term');
      unregister();
    },
  };
}
