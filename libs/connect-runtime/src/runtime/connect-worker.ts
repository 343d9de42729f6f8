// A worker process's share of the runtime: a BullMQ worker whose long-lived jobs are tasks
// (jobId `<connectorId>:<taskId>:<generation>`, payload ids only). Lock renewal is liveness:
// a worker that loses a job's lock aborts that task at once; a dead worker's locks expire after
// lockDuration and another worker's stalled check hands its jobs on. The worker also watches the
// rows of the tasks it runs (pause/resume in place, stop/delete/restart/config change/fencing) —
// at once when the API announces a change (connectors:changed, heard here, not relayed by the
// reconciler), and every check interval as the backstop — and hands tasks over to newly added
// workers (fair share).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, Queue, WaitingError, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import {
  CONNECTOR_CHANGED_CHANNEL,
  CONNECTOR_DELETED_CHANNEL,
  TASKS_CHANGED_CHANNEL,
  reportConnectionOutages,
  throttledErrorLog,
} from '@libs/redis';
import { background, errorText, guarded } from './guard';
import type { TaskDeps } from './worker-task';
import { TaskRunner, type RestartPolicy } from './task-runner';
import { LeaseTrackingWorker, leaseMsFor } from './job-lease';

export const TASK_QUEUE = 'connect-tasks';

export interface TaskJobData {
  connectorId: string;
  taskId: number;
  generation: number;
}

export const taskJobId = (connectorId: string, taskId: number, generation: number): string =>
  `${connectorId}:${taskId}:${generation}`;

/** BullMQ timings: failover after SIGKILL ≈ lockDuration + stalledInterval (+ start-up). */
export interface LockSettings {
  lockDurationMs: number;
  lockRenewMs: number;
  stalledIntervalMs: number;
}

export const DEFAULT_LOCKS: LockSettings = { lockDurationMs: 4000, lockRenewMs: 1000, stalledIntervalMs: 1000 };

export interface ConnectWorkerOptions {
  workerId?: string;
  capacity: number;
  redisUrl: string;
  /** REDIS_PREFIX of the deployment; BullMQ keys live under `<prefix>bull`. */
  redisPrefix: string;
  locks?: Partial<LockSettings>;
  checkIntervalMs?: number;
  restart: RestartPolicy;
  /** Heartbeat in Postgres, for the Connect status of a dead worker's tasks (independent of Redis). */
  liveness?: WorkerLiveness;
}

export interface WorkerLiveness {
  beat(workerId: string): Promise<void>;
  forgetOld(): Promise<void>;
}

export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}bull`;
}

export class ConnectWorker {
  readonly workerId: string;
  readonly capacity: number;
  private readonly locks: LockSettings;
  private readonly runners = new Map<string, TaskRunner>();
  private readonly redis: Redis;
  private sub: Redis | null = null;
  private bullConnection: Redis | null = null;
  private bull: LeaseTrackingWorker<TaskJobData> | null = null;
  private queue: Queue<TaskJobData> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private closing = false;
  private checking = false;
  private checkAgain = false;
  private share = Number.POSITIVE_INFINITY;
  private lastHandover = 0;

  constructor(
    private readonly deps: Omit<TaskDeps, 'workerId'>,
    private readonly opts: ConnectWorkerOptions,
  ) {
    this.workerId = opts.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.capacity = opts.capacity;
    this.locks = { ...DEFAULT_LOCKS, ...opts.locks };
    this.redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    reportConnectionOutages(this.redis, 'worker', this.deps.log);
  }

  private get taskDeps(): TaskDeps & { restart: RestartPolicy } {
    const leaseMs = leaseMsFor(this.locks.lockDurationMs);
    return { ...this.deps, workerId: this.workerId, restart: this.opts.restart, leaseMs };
  }

  private get workersKey(): string {
    return `${this.opts.redisPrefix}connect:workers`;
  }

  async start(): Promise<void> {
    const prefix = bullPrefix(this.opts.redisPrefix);
    this.queue = new Queue<TaskJobData>(TASK_QUEUE, { connection: this.redis, prefix });
    // BullMQ does not close a connection it is handed: keep it to close ourselves.
    this.bullConnection = this.redis.duplicate();
    reportConnectionOutages(this.bullConnection, 'task queue', this.deps.log);
    this.bull = new LeaseTrackingWorker<TaskJobData>(
      TASK_QUEUE,
      (job, token, signal) => this.process(job, token, signal),
      {
        connection: this.bullConnection,
        prefix,
        concurrency: this.capacity,
        lockDuration: this.locks.lockDurationMs,
        lockRenewTime: this.locks.lockRenewMs,
        stalledInterval: this.locks.stalledIntervalMs,
        // a stalled task job goes back to wait however often its workers die
        maxStalledCount: 1_000_000,
        drainDelay: 1,
        autorun: true,
      },
    );
    // BullMQ re-emits its connection's errors (reported above) and its own: once per message and 30 s
    this.bull.on('error', throttledErrorLog(this.deps.log, 'task queue error', { worker: this.workerId }));
    // a renewed lock extends the task's lease: its sends need no epoch check until it runs out
    this.bull.onLocksConfirmed = (jobIds, sentAt) => {
      for (const id of jobIds) this.runnerOfJob(id)?.leaseConfirmed(id, sentAt);
    };
    this.bull.on(
      'lockRenewalFailed',
      guarded(this.deps.log, 'lock renewal handler failed', (jobIds: string[]) => {
        for (const id of jobIds) this.runnerOfJob(id)?.abort('lock-lost');
      }),
    );
    this.deps.metrics.capacity.set({ worker: this.workerId }, this.capacity);
    await this.heartbeat();
    this.sub = this.redis.duplicate();
    reportConnectionOutages(this.sub, 'worker subscriber', this.deps.log);
    const tasksChanged = `${this.opts.redisPrefix}${TASKS_CHANGED_CHANNEL}`;
    const connectorChanged = `${this.opts.redisPrefix}${CONNECTOR_CHANGED_CHANNEL}`;
    const deleted = `${this.opts.redisPrefix}${CONNECTOR_DELETED_CHANNEL}`;
    this.sub.on(
      'message',
      guarded(this.deps.log, 'worker message handler failed', (channel: string, message: string) => {
        if (channel === deleted)
          for (const r of this.runners.values()) if (r.connectorId === message) r.requestStop('stop');
        // a connector change concerns us only when we hold one of its tasks
        if (channel === connectorChanged && ![...this.runners.values()].some((r) => r.connectorId === message)) return;
        background(this.deps.log, 'task check failed', {}, () => this.check());
      }),
    );
    await this.sub.subscribe(tasksChanged, connectorChanged, deleted);
    this.timers.push(
      setInterval(
        () => background(this.deps.log, 'task check failed', {}, () => this.check()),
        this.opts.checkIntervalMs ?? 500,
      ),
    );
    this.timers.push(setInterval(() => void this.heartbeat().catch(() => undefined), 1000));
    await this.startLiveness();
    this.deps.log('info', 'worker started', { worker: this.workerId, capacity: this.capacity });
  }

  private runnerOfJob(jobId: string): TaskRunner | undefined {
    const [c, t] = jobId.split(':');
    return this.runners.get(`${c}:${t}`);
  }

  get runningTasks(): { connectorId: string; taskId: number; epoch: number }[] {
    return [...this.runners.values()].map((r) => ({ connectorId: r.connectorId, taskId: r.taskId, epoch: r.epoch }));
  }

  /** The Postgres heartbeat every second; a failure is logged once until it works again. */
  private async startLiveness(): Promise<void> {
    const liveness = this.opts.liveness;
    if (!liveness) return;
    let failing = false;
    const beat = async () => {
      try {
        await liveness.beat(this.workerId);
        if (failing) this.deps.log('info', 'worker heartbeat restored', { worker: this.workerId });
        failing = false;
      } catch (e) {
        if (!failing) this.deps.log('warn', 'worker heartbeat failed', { worker: this.workerId, error: errorText(e) });
        failing = true;
      }
    };
    await beat();
    background(this.deps.log, 'old worker heartbeats not removed', {}, () => liveness.forgetOld());
    this.timers.push(setInterval(() => void beat(), 1000));
  }

  /** Liveness for the fair-share computation (not for failover: that is the BullMQ lock). */
  private async heartbeat(): Promise<void> {
    const now = Date.now();
    await this.redis.zadd(this.workersKey, now, this.workerId);
    await this.redis.zremrangebyscore(this.workersKey, 0, now - 3000);
    await this.updateShare();
  }

  /** Fair share = ceil(tasks wanted / live workers), at most the capacity. */
  private async updateShare(): Promise<void> {
    if (!this.queue) return;
    const live = await this.redis.zcard(this.workersKey);
    const counts = await this.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
    const total = (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
    const workers = Math.max(1, live);
    this.share = Math.min(this.capacity, Math.max(1, Math.ceil(total / workers)));
    // graceful handover: hand extra tasks back to the queue so a newer worker takes them
    if (!this.closing && this.runners.size > this.share && workers > 1 && Date.now() - this.lastHandover > 3000) {
      this.lastHandover = Date.now();
      const extra = [...this.runners.values()]
        .filter((r) => r.running && !r.stopReason)
        .slice(0, this.runners.size - this.share);
      for (const r of extra) r.requestStop('handover', 'UNASSIGNED');
      if (extra.length > 0)
        this.deps.log('info', 'handing over tasks', { worker: this.workerId, count: extra.length, share: this.share });
    }
  }

  private async process(job: Job<TaskJobData>, token: string | undefined, signal?: AbortSignal): Promise<string> {
    const { connectorId, taskId, generation } = job.data;
    const key = `${connectorId}:${taskId}`;
    // over our fair share (another worker has room), or this task already runs here: let it go
    const existing = this.runners.get(key);
    // the same job again while we still run it: it was recreated (Redis lost), so our lock is gone
    if (existing && existing.generation === generation) existing.abort('lock-lost');
    if (!this.closing && this.runners.size >= this.share) await this.updateShare().catch(() => undefined); // share may be stale
    if (this.closing || this.runners.size >= this.share || this.runners.has(key)) {
      await job.moveToDelayed(Date.now() + 50, token);
      throw new DelayedError();
    }
    const runner = new TaskRunner(this.taskDeps, connectorId, taskId, generation);
    runner.lease?.confirmWallClock(job.processedOn ?? 0); // the fetch took the lock at processedOn
    this.runners.set(key, runner);
    this.deps.metrics.running.set({ worker: this.workerId }, this.runners.size);
    signal?.addEventListener(
      'abort',
      guarded(this.deps.log, 'task abort failed', () => runner.abort('lock-lost')),
    );
    let outcome: string;
    try {
      outcome = await runner.run();
    } catch (e) {
      // a store error outside the task's own handling: the job fails and is removed, and the
      // reconciler adds it again (missing job), so the task is claimed afresh
      this.deps.log('error', 'task run failed', { connector: connectorId, task: taskId, error: errorText(e) });
      throw e;
    } finally {
      this.runners.delete(key);
      this.deps.metrics.running.set({ worker: this.workerId }, this.runners.size);
    }
    if (outcome === 'handover' || outcome === 'shutdown') {
      // straight back to wait: another worker starts it from the offsets just committed
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (outcome === 'fenced' || outcome === 'lock-lost') {
      // the job belongs to someone else now; do not touch it
      throw new DelayedError();
    }
    return outcome;
  }

  /** Compares the tasks we run with their rows: stop, restart, or abort (fenced) as needed. */
  async check(): Promise<void> {
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = true;
    try {
      do {
        this.checkAgain = false;
        const runners = [...this.runners.values()];
        if (runners.length === 0) break;
        const views = await this.deps.repo.viewTasks(
          runners.map((r) => ({ connectorId: r.connectorId, taskId: r.taskId })),
        );
        const byKey = new Map(views.map((v) => [`${v.connectorId}:${v.taskId}`, v]));
        const now = Date.now();
        for (const r of runners) {
          const v = byKey.get(r.key);
          if (!v) r.requestStop('stop');
          else if (r.epoch > 0 && v.epoch > r.epoch) r.abort('fenced');
          else if (v.generation !== r.generation) r.requestStop('stop');
          // KIP-875: STOPPED releases the task; PAUSED/RUNNING act on it in place
          else if (v.targetState === 'STOPPED') r.requestStop('stop', 'STOPPED');
          else if (
            r.epoch > 0 &&
            v.epoch === r.epoch &&
            v.state === 'UNASSIGNED' &&
            v.nextRestartAt &&
            v.nextRestartAt.getTime() <= now
          )
            r.requestRestart();
          else r.setTargetState(v.targetState);
        }
      } while (this.checkAgain);
    } catch (e) {
      this.deps.log('warn', 'task check failed', { error: (e as Error).message });
    } finally {
      this.checking = false;
    }
  }

  /** SIGTERM: stop every task cleanly (commit), put its job straight back to wait, then leave. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const r of this.runners.values()) r.requestStop('shutdown', 'UNASSIGNED');
    await this.bull?.close();
    await this.redis.zrem(this.workersKey, this.workerId).catch(() => undefined);
    await this.queue?.close();
    this.sub?.disconnect();
    this.bullConnection?.disconnect();
    this.redis.disconnect();
  }

  /** Test hook: vanish without any clean-up (what SIGKILL does to a process). */
  async crash(): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    for (const r of this.runners.values()) r.abort('lock-lost');
    await this.bull?.close(true);
    this.sub?.disconnect();
    this.bullConnection?.disconnect();
    this.redis.disconnect();
  }
}
