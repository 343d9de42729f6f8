// A task slot held by one BullMQ job: claims the task (new epoch), runs it, and on failure
// reports FAILED and restarts it with capped exponential backoff (auto.restart.on.user.error,
// default true) or when the API asks (state UNASSIGNED + nextRestartAt). It returns when the
// task must no longer run here: stopped/deleted/reconfigured, handed over, shut down, fenced or
// the BullMQ lock lost. A pause does not end it: the task pauses in place (setTargetState).
import type { ClaimedTask, ConnectRuntimeState } from '@libs/db';
import { JobLease } from './job-lease';
import { buildWorkerTask } from './build-worker-task';
import { connectorLogMessage, restartMessage, type TaskDeps, type WorkerTask } from './worker-task';
import { isCredentialError } from './kafka-credential';
import { CONNECTOR_EVENT_TYPES } from './connector-events';

export type StopReason = 'stop' | 'restart' | 'shutdown' | 'handover' | 'fenced' | 'lock-lost';
export type RunOutcome = StopReason | 'gone';

export interface RestartPolicy {
  /** Worker default; a connector can turn it off with auto.restart.on.user.error=false. */
  enabled: boolean;
  baseMs: number;
  maxMs: number;
  /** RUNNING this long counts as healthy: the restart count starts over (default 60 s). */
  resetAfterMs?: number;
}

export const DEFAULT_RESTART_RESET_MS = 60_000;

/** The error's stack, then its causes ("Caused by: …", as a Java trace prints them). */
export function traceOf(err: Error): string {
  let out = err.stack ?? err.message;
  let cause = (err as { cause?: unknown }).cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    out += `\nCaused by: ${cause.stack ?? cause.message}`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return out;
}

export function restartBackoffMs(policy: RestartPolicy, restartCount: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(restartCount, 30));
}

/**
 * The restart count a failure continues from: 0 when the failed run had been RUNNING for the
 * reset period (a task that fails once a day backs off 1 s, not 60 s), else the stored count.
 */
export function restartCountAfterRun(policy: RestartPolicy, restartCount: number, healthyMs: number): number {
  return healthyMs >= (policy.resetAfterMs ?? DEFAULT_RESTART_RESET_MS) ? 0 : restartCount;
}

export class TaskRunner {
  private reason: StopReason | null = null;
  private finalState: ConnectRuntimeState | null = null;
  private execution: WorkerTask | null = null;
  private wakeWait: () => void = () => undefined;
  /** Between a restart's stop and its new claim: a restart request seen now is the one being served. */
  private claiming = false;
  epoch = 0;
  /** The job lock's lease (see job-lease.ts); null when the runner runs outside a BullMQ job. */
  readonly lease: JobLease | null;

  constructor(
    private readonly deps: TaskDeps & { restart: RestartPolicy },
    readonly connectorId: string,
    readonly taskId: number,
    readonly generation: number,
  ) {
    this.lease = deps.leaseMs ? new JobLease(deps.leaseMs) : null;
  }

  get key(): string {
    return `${this.connectorId}:${this.taskId}`;
  }

  get stopReason(): StopReason | null {
    return this.reason;
  }

  /** Graceful stop; `finalState` is written (fenced) once the task stopped (PAUSED, STOPPED, UNASSIGNED). */
  requestStop(reason: StopReason, finalState: ConnectRuntimeState | null = null): void {
    if (this.reason && this.reason !== 'restart') return;
    this.reason = reason;
    this.finalState = finalState;
    this.execution?.stop();
    this.wakeWait();
  }

  requestRestart(): void {
    if (this.reason || this.claiming) return;
    this.reason = 'restart';
    this.execution?.stop();
    this.wakeWait();
  }

  /** RUNNING or PAUSED, applied to the running task in place (a claim starts in the state it reads). */
  setTargetState(target: 'RUNNING' | 'PAUSED'): void {
    if (target === 'PAUSED') this.execution?.pause();
    else this.execution?.resume();
  }

  /** No more writes: another epoch owns the task or our lock is gone. */
  abort(reason: 'fenced' | 'lock-lost'): void {
    if (this.reason === 'fenced' || this.reason === 'lock-lost') return;
    this.reason = reason;
    this.deps.log('warn', reason === 'fenced' ? 'fenced' : 'lock lost, task aborted', {
      connector: this.connectorId,
      task: this.taskId,
      epoch: this.epoch,
    });
    this.execution?.abort();
    this.wakeWait();
  }

  /** A renewal of job `jobId`'s lock sent at `sentAt` succeeded (ignored for another generation's job). */
  leaseConfirmed(jobId: string, sentAt: number): void {
    if (jobId.endsWith(`:${this.generation}`)) this.lease?.confirm(sentAt);
  }

  get running(): boolean {
    return this.execution !== null;
  }

  async run(): Promise<RunOutcome> {
    try {
      return await this.runUntilGone();
    } finally {
      // the task's state series leaves the worker's metrics with the task
      this.deps.metrics.forgetTaskState(this.labels);
    }
  }

  private get labels(): { connector: string; task: string } {
    return { connector: this.connectorId, task: String(this.taskId) };
  }

  private async runUntilGone(): Promise<RunOutcome> {
    for (;;) {
      if (this.reason && this.reason !== 'restart') return this.reason;
      this.reason = null;
      this.claiming = true;
      let claim: ClaimedTask | null;
      try {
        claim = await this.deps.repo.claimTask(this.connectorId, this.taskId, this.generation, this.deps.workerId);
        if (claim) this.epoch = claim.epoch;
      } finally {
        this.claiming = false;
      }
      if (!claim) return 'gone';
      if (this.reason === 'fenced' || this.reason === 'lock-lost') return this.reason;
      this.deps.metrics.restarts.inc({ connector: this.connectorId, task: String(this.taskId) });
      const exec = buildWorkerTask(this.deps, this.connectorId, this.taskId, claim, this.lease);
      this.execution = exec;
      if (this.reason) exec.stop();
      const cancelReset = claim.restartCount > 0 ? this.resetRestartsWhenHealthy(exec, claim) : () => undefined;
      const result = await exec.run().finally(cancelReset);
      this.execution = null;
      if (result.fenced || exec.isAborted) {
        if (this.reason !== 'lock-lost') this.reason = 'fenced';
        return this.reason;
      }
      if (result.error) {
        const auto =
          this.deps.restart.enabled &&
          String(claim.connector.config['auto.restart.on.user.error'] ?? 'true') !== 'false';
        const count = restartCountAfterRun(this.deps.restart, claim.restartCount, exec.healthyMs);
        // a refused credential is retried only at the slowest pace (fixing it restarts at once)
        const backoff = isCredentialError(result.error)
          ? this.deps.restart.maxMs
          : restartBackoffMs(this.deps.restart, count);
        const ok = await this.deps.repo.reportTaskState(this.connectorId, this.taskId, this.epoch, {
          state: 'FAILED',
          trace: traceOf(result.error),
          message: `last error: ${result.error.message}`.slice(0, 1000),
          nextRestartAt: auto ? new Date(Date.now() + backoff) : null,
          ...(auto ? { restartCount: count + 1 } : {}),
        });
        if (ok) {
          this.deps.metrics.setTaskState(this.labels, 'FAILED');
          this.deps.events?.emit({
            connectorId: this.connectorId,
            taskId: this.taskId,
            type: CONNECTOR_EVENT_TYPES.taskFailed,
            message: result.error.message.slice(0, 1000),
            rootCause: traceOf(result.error),
          });
        }
        if (!ok) {
          this.deps.metrics.fenced.inc(this.labels);
          this.deps.log('warn', 'fenced', {
            connector: this.connectorId,
            task: this.taskId,
            epoch: this.epoch,
            write: 'FAILED state',
          });
          return 'fenced';
        }
        if (auto) {
          this.deps.log('info', 'task will restart', { connector: this.connectorId, task: this.taskId, inMs: backoff });
          this.deps.connectorLog?.push(
            {
              connectorId: this.connectorId,
              taskId: this.taskId,
              level: 'INFO',
              message: connectorLogMessage(this.connectorId, this.taskId, 'task will restart', { inMs: backoff }),
            },
            [],
            exec.logger,
          );
        }
        // hold the slot until the backoff ends, a manual restart arrives, or the task must go
        await this.waitFor(auto ? backoff : Number.POSITIVE_INFINITY);
        continue;
      }
      if (this.reason === 'restart') continue;
      if (this.finalState) await exec.report(this.finalState, { message: null });
      return this.reason ?? 'stop';
    }
  }

  /**
   * Once the run has been RUNNING for the reset period, its restart count goes back to 0 in the
   * task row (fenced by the epoch), and the "restarted N time(s)" message goes with it.
   */
  private resetRestartsWhenHealthy(exec: WorkerTask, claim: ClaimedTask): () => void {
    const after = this.deps.restart.resetAfterMs ?? DEFAULT_RESTART_RESET_MS;
    let timer: NodeJS.Timeout | null = null;
    const arm = (ms: number) => {
      timer = setTimeout(tick, ms);
      timer.unref();
    };
    const tick = () => {
      const left = after - exec.healthyMs;
      if (left > 0) return arm(left);
      timer = null;
      this.deps.repo
        .resetRestartCount(this.connectorId, this.taskId, claim.epoch, restartMessage(claim.restartCount))
        .then((done) => {
          if (done)
            this.deps.log('info', 'restart count reset', {
              connector: this.connectorId,
              task: this.taskId,
              epoch: claim.epoch,
            });
        })
        .catch((e: Error) =>
          this.deps.log('warn', 'restart count reset failed', { connector: this.connectorId, error: e.message }),
        );
    };
    arm(after);
    return () => {
      if (timer) clearTimeout(timer);
    };
  }

  private waitFor(ms: number): Promise<void> {
    if (this.reason) return Promise.resolve();
    return new Promise((resolve) => {
      const t = Number.isFinite(ms) ? setTimeout(resolve, ms) : null;
      this.wakeWait = () => {
        if (t) clearTimeout(t);
        resolve();
      };
    });
  }
}
