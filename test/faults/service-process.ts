// One platform process (apps/broker or apps/api) as a child of the fault test, run through
// `node -r @swc-node/register` like the runtime tests run workers: kept log tail for diagnostics,
// `start()` again with the same environment (same ports, same data dir) after `stop()`.
// Workers come from test/runtime/support.ts (spawnWorker), wrapped by `workerProcess` below.
import { spawn, type ChildProcess } from 'node:child_process';
import { spawnWorker, type SpawnedWorker } from '../runtime/support';
import { onProcessExit } from '../support/private-process';
import { WaitAborted, waitFor } from '../support/wait-for';

export interface ServiceProcess {
  name: string;
  /** Has the current child exited (or was never started)? */
  readonly exited: boolean;
  /** The exit of a child we did not stop ourselves (a crash), if any. */
  unexpectedExits: string[];
  start(): Promise<void>;
  /** SIGTERM and wait for the exit, or SIGKILL (a crash) and wait for the exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  logTail(lines?: number): string[];
}

const MAX_LINES = 400;

function keepLines(log: string[], prefix = ''): (d: Buffer) => void {
  let buf = '';
  return (d) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const line of parts) if (line) log.push(`${prefix}${line}`);
    if (log.length > MAX_LINES) log.splice(0, log.length - MAX_LINES);
  };
}

/**
 * A node process on `entry` (a .ts file) with `env`; `ready` polls until the process serves.
 * Children are SIGKILLed when the test process exits.
 */
export function serviceProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
): ServiceProcess {
  const log: string[] = [];
  const unexpectedExits: string[] = [];
  let child: ChildProcess | undefined;
  let stopping = false;
  onProcessExit(() => child?.kill('SIGKILL'));

  const self: ServiceProcess = {
    name,
    get exited() {
      return !child || child.exitCode !== null || child.signalCode !== null;
    },
    unexpectedExits,
    async start() {
      if (!self.exited) throw new Error(`${name} is already running`);
      stopping = false;
      const p = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
        cwd: process.cwd(),
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = p;
      p.stdout!.on('data', keepLines(log));
      p.stderr!.on('data', keepLines(log, '[stderr] '));
      p.once('exit', (code, signal) => {
        log.push(`[exited ${signal ?? code}]`);
        if (!stopping) unexpectedExits.push(`${name} exited (${signal ?? code})`);
      });
      await waitFor(
        `${name} to serve`,
        async () => {
          if (p.exitCode !== null)
            throw new WaitAborted(`${name} exited (${p.exitCode}):\n${log.slice(-30).join('\n')}`);
          return ready().catch(() => false);
        },
        90_000,
      );
    },
    async stop(signal = 'SIGTERM') {
      const p = child;
      if (!p || self.exited) return;
      stopping = true;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill(signal);
      await exited;
    },
    logTail: (lines = 40) => log.slice(-lines),
  };
  return self;
}

/** A worker process from spawnWorker, with the same stop / log-tail surface. */
export interface WorkerProcess extends ServiceProcess {
  id: string;
}

/** `orgId` '' for a worker of every organization. */
export function workerProcess(
  orgId: string,
  brokerPort: number,
  id: string,
  env: Record<string, string>,
): WorkerProcess {
  const unexpectedExits: string[] = [];
  let w: SpawnedWorker | undefined;
  let stopping = false;
  onProcessExit(() => w?.proc.kill('SIGKILL'));
  const self: WorkerProcess = {
    id,
    name: `worker ${id}`,
    get exited() {
      return !w || w.proc.exitCode !== null || w.proc.signalCode !== null;
    },
    unexpectedExits,
    async start() {
      stopping = false;
      const spawned = spawnWorker({ orgId, broker: { port: brokerPort } }, id, env);
      w = spawned;
      spawned.proc.once('exit', (code, signal) => {
        spawned.output.push(`[exited ${signal ?? code}]`);
        if (!stopping) unexpectedExits.push(`worker ${id} exited (${signal ?? code})`);
      });
      await spawned.ready;
    },
    async stop(signal = 'SIGTERM') {
      const p = w?.proc;
      if (!p || self.exited) return;
      stopping = true;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill(signal);
      await exited;
    },
    logTail: (lines = 40) => (w?.output ?? []).slice(-lines),
  };
  return self;
}
