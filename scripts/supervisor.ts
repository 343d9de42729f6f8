// `npm start`'s process supervisor: runs each process, prefixes its output lines with its name,
// and restarts one that exits with capped exponential backoff (a crash-looping process does not
// spin; one that ran healthily for a while restarts at once). Stopping ends them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SupervisedProcess {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface BackoffPolicy {
  /** First restart delay, and the delay after a run longer than resetAfterMs. */
  initialMs: number;
  maxMs: number;
  /** A run at least this long counts as healthy: the next delay starts over. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** Delay before the next start: initial after a healthy run, else the previous one doubled, capped. */
export function nextRestartDelay(previousMs: number | null, uptimeMs: number, policy: BackoffPolicy): number {
  if (previousMs === null || uptimeMs >= policy.resetAfterMs) return policy.initialMs;
  return Math.min(policy.maxMs, previousMs * 2);
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

interface Slot {
  spec: SupervisedProcess;
  child: ChildProcess | null;
  startedAt: number;
  lastDelayMs: number | null;
  timer: NodeJS.Timeout | null;
}

export interface SupervisorOptions {
  backoff?: BackoffPolicy;
  /** Where prefixed output and the supervisor's own lines go (default: stdout). */
  write?: (line: string) => void;
}

export class Supervisor {
  private readonly slots: Slot[];
  private readonly backoff: BackoffPolicy;
  private readonly write: (line: string) => void;
  private stopping = false;

  constructor(specs: SupervisedProcess[], opts: SupervisorOptions = {}) {
    this.slots = specs.map((spec) => ({ spec, child: null, startedAt: 0, lastDelayMs: null, timer: null }));
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.write = opts.write ?? ((line) => process.stdout.write(`${line}\n`));
  }

  start(): void {
    for (const slot of this.slots) this.launch(slot);
  }

  /** Current child of a process (tests). */
  child(name: string): ChildProcess | null {
    return this.slots.find((s) => s.spec.name === name)?.child ?? null;
  }

  private launch(slot: Slot): void {
    slot.timer = null;
    if (this.stopping) return;
    const { name, command, args, env } = slot.spec;
    const child = spawn(command, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    slot.child = child;
    slot.startedAt = Date.now();
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream! }).on('line', (line) => this.write(`[${name}] ${line}`));
    // a spawn failure (missing binary) also ends in 'exit' or 'error'; both lead to one restart
    let ended = false;
    const onEnd = (how: string) => {
      if (ended) return;
      ended = true;
      slot.child = null;
      if (this.stopping) return;
      const delay = nextRestartDelay(slot.lastDelayMs, Date.now() - slot.startedAt, this.backoff);
      slot.lastDelayMs = delay;
      this.write(`[${name}] exited (${how}); restarting in ${seconds(delay)}`);
      slot.timer = setTimeout(() => this.launch(slot), delay);
    };
    child.on('exit', (code, signal) => onEnd(String(signal ?? code)));
    child.on('error', (err) => onEnd(err.message));
  }

  /** SIGTERM to every running process; resolves once all have exited (or after graceMs, SIGKILL). */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    const running: ChildProcess[] = [];
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      if (slot.child && slot.child.exitCode === null && slot.child.signalCode === null) running.push(slot.child);
    }
    const exited = running.map((c) => new Promise<void>((r) => c.once('exit', () => r())));
    for (const c of running) c.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }, graceMs);
    await Promise.all(exited);
    clearTimeout(force);
  }
}
