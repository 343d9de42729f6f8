// Desired state (Postgres) → task configs and one BullMQ job per task that should run.
// Every worker runs a Reconciler; exactly one acts per pass: the one holding the Postgres
// advisory lock of the deployment (keyed by REDIS_PREFIX) for the duration of its pass.
// Jobs are recreated from Postgres whenever they are missing (Redis flushed or restarted).
// A PAUSED connector keeps its task jobs (its tasks pause in place on their workers, KIP-875);
// a STOPPED one has none. A deleted connector's plugin clean-up (Connector.onDelete) runs once its
// task jobs are gone (connector-deletions.ts).
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Props } from '@libs/connect-spi';
import {
  looksLikeSecretEnvelope,
  openConnectorConfig,
  type ConnectorRepository,
  type ConnectorRuntimeRepository,
  type ConnectRuntimeState,
  type RuntimeConnectorRow,
} from '@libs/db';
import {
  CONNECTOR_CHANGED_CHANNEL,
  CONNECTOR_DELETED_CHANNEL,
  TASKS_CHANGED_CHANNEL,
  reportConnectionOutages,
} from '@libs/redis';
import type { PluginRegistry } from '@libs/connect-spi';
import { TASK_QUEUE, bullPrefix, taskJobId, type TaskJobData } from './connect-worker';
import { background, errorText, guarded, withinTime } from './guard';

import type { KafkaClientPool } from './kafka-pool';
import type { RuntimeLog } from './runtime-log';
import { OffsetRequests } from './offset-requests';
import { CONNECTOR_EVENT_TYPES, type ConnectorEventSink } from './connector-events';
import { deleteConsumerGroup } from './sink-group-cleanup';
import type { MetricsHousekeeping } from './metrics-housekeeping';
import { ConnectorDeletionRunner, type ConnectorDeletionStore } from './connector-deletions';

const COMPUTE_CONCURRENCY = 8;
/** How long one connector's start()/taskConfigs()/stop() may take before it is FAILED. */
const CONNECTOR_CALL_TIMEOUT_MS = 30_000;

export interface ReconcilerDeps {
  repo: ConnectorRuntimeRepository;
  /** Offset requests are applied as the connector's own tenant (RuntimeConnectorRow.scope). */
  connectors: ConnectorRepository;
  registry: PluginRegistry;
  secrets: { decrypt(envelope: string, aad: string): string };
  pool: KafkaClientPool;
  log: RuntimeLog;
  /** Connectors' log lines: pruned by the acting reconciler once a minute. */
  connectorLogs?: { prune(olderThan: Date, keep: number, since: Date): Promise<number> };
  /** ConnectorFailed events. */
  events?: ConnectorEventSink;
  /** connector_status samples and the series' retention (the Metrics API). */
  metrics?: MetricsHousekeeping;
  /** Deleted connectors awaiting their plugin's Connector.onDelete (a CDC slot drop). */
  deletions?: ConnectorDeletionStore;
}

export interface ReconcilerOptions {
  workerId: string;
  redisUrl: string;
  redisPrefix: string;
  intervalMs?: number;
  /** Testing: only reconcile these organizations' connectors (others share the database). */
  organizationIds?: string[];
  connectorLogRetention?: { hours: number; maxLines: number };
}

export interface PassResult {
  acted: boolean;
  ms: number;
  jobsAdded: number;
}

export class Reconciler {
  /** Connector id → generation its task configs were computed for (by this process). */
  private readonly computed = new Map<string, number>();
  /** What we knew of each connector, to clean up (consumer group) once it is deleted. */
  private readonly known = new Map<string, { clusterId: string; type: string }>();
  private readonly redis: Redis;
  private sub: Redis | null = null;
  private readonly queue: Queue<TaskJobData>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PassResult> | null = null;
  private again = false;
  private closed = false;
  lastPass: PassResult | null = null;
  private readonly offsetRequests: OffsetRequests;
  private readonly deletions: ConnectorDeletionRunner | null;

  constructor(
    private readonly deps: ReconcilerDeps,
    private readonly opts: ReconcilerOptions,
  ) {
    this.redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
    reportConnectionOutages(this.redis, 'reconciler', deps.log);
    this.queue = new Queue<TaskJobData>(TASK_QUEUE, { connection: this.redis, prefix: bullPrefix(opts.redisPrefix) });
    this.offsetRequests = new OffsetRequests(deps);
    this.deletions = deps.deletions
      ? new ConnectorDeletionRunner({ ...deps, store: deps.deletions }, opts.organizationIds)
      : null;
  }

  async start(): Promise<void> {
    this.sub = this.redis.duplicate();
    reportConnectionOutages(this.sub, 'reconciler subscriber', this.deps.log);
    const deleted = `${this.opts.redisPrefix}${CONNECTOR_DELETED_CHANNEL}`;
    const changed = `${this.opts.redisPrefix}${CONNECTOR_CHANGED_CHANNEL}`;
    this.sub.on(
      'message',
      guarded(this.deps.log, 'reconciler message handler failed', (channel: string, message: string) => {
        if (channel === deleted) this.onDeleted(message);
        this.trigger();
      }),
    );
    await this.sub.subscribe(deleted, changed);
    const loop = () => {
      if (this.closed) return;
      this.timer = setTimeout(() => {
        background(this.deps.log, 'reconcile pass failed', {}, () => this.pass().finally(loop));
      }, this.opts.intervalMs ?? 500);
    };
    await this.pass();
    loop();
  }

  /** Run a pass now (or right after the current one). */
  trigger(): void {
    if (this.running) this.again = true;
    else background(this.deps.log, 'reconcile pass failed', {}, () => this.pass());
  }

  async pass(): Promise<PassResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let result: PassResult = { acted: false, ms: 0, jobsAdded: 0 };
      do {
        this.again = false;
        const t0 = performance.now();
        try {
          const acted = await this.deps.repo.asReconciler(`connect-reconciler:${this.opts.redisPrefix}`, () =>
            this.reconcile(),
          );
          if (!acted) this.computed.clear();
          result = { acted: acted !== null, ms: 0, jobsAdded: acted?.value ?? 0 };
        } catch (e) {
          this.deps.log('warn', 'reconcile pass failed', { error: (e as Error).message });
        }
        result.ms = performance.now() - t0;
        this.lastPass = result;
      } while (this.again && !this.closed);
      return result;
    })();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async reconcile(): Promise<number> {
    this.pruneConnectorLogs();
    const connectors = await this.deps.repo.listForReconcile(this.opts.organizationIds);
    this.deps.metrics?.afterPass(connectors);
    const ids = new Set(connectors.map((c) => c.id));
    for (const id of [...this.known.keys()]) if (!ids.has(id)) this.onDeleted(id);
    const requests = await this.deps.repo.pendingOffsetRequests([...ids]);
    const wanted: { jobId: string; data: TaskJobData }[] = [];
    const idle: { c: RuntimeConnectorRow; state: ConnectRuntimeState }[] = [];
    let changed = false;
    const wantJobs = (c: RuntimeConnectorRow) => {
      for (const t of c.tasks)
        wanted.push({
          jobId: taskJobId(c.id, t.taskId, t.generation),
          data: { connectorId: c.id, taskId: t.taskId, generation: t.generation },
        });
    };
    // task configs of new/changed/restarted connectors, a few connectors at a time
    const outcome = new Map<string, 'ok' | 'changed' | 'skip'>();
    const toCompute = connectors.filter(
      (c) => c.targetState === 'RUNNING' && (c.state === 'PROVISIONING' || this.computed.get(c.id) !== c.generation),
    );
    for (let i = 0; i < toCompute.length; i += COMPUTE_CONCURRENCY) {
      const chunk = toCompute.slice(i, i + COMPUTE_CONCURRENCY);
      const results = await Promise.all(chunk.map((c) => this.computeTasksSafely(c)));
      chunk.forEach((c, j) => outcome.set(c.id, results[j]));
    }
    for (const c of connectors) {
      this.known.set(c.id, { clusterId: c.clusterId, type: c.type });
      if (c.targetState === 'RUNNING') {
        const r = outcome.get(c.id);
        if (r) {
          if (r === 'skip') continue;
          if (r === 'changed') changed = true;
        } else if (c.state !== 'RUNNING' && c.state !== 'FAILED') {
          await this.deps.repo.setConnectorState(c.id, 'RUNNING', null, this.opts.workerId);
        }
        if (c.state === 'FAILED' && this.computed.get(c.id) === c.generation && c.tasks.length === 0) continue;
        wantJobs(c);
      } else if (c.targetState === 'PAUSED') {
        // the connector instance is paused; its tasks stay where they run, paused by their workers
        // (who hear connectors:changed themselves), and a task without a job is claimed paused
        if (c.state !== 'PAUSED') await this.deps.repo.setConnectorState(c.id, 'PAUSED', null, this.opts.workerId);
        wantJobs(c);
      } else {
        this.computed.delete(c.id); // resume recomputes (offsets may have changed)
        idle.push({ c, state: 'STOPPED' });
      }
    }
    const exists = await this.existingJobs([
      ...wanted.map((w) => w.jobId),
      ...idle.flatMap(({ c }) => c.tasks.map((t) => taskJobId(c.id, t.taskId, t.generation))),
    ]);
    const missing = wanted.filter((w) => !exists.has(w.jobId));
    if (missing.length > 0) {
      await this.queue.addBulk(
        missing.map((m) => ({
          name: 'task',
          data: m.data,
          opts: { jobId: m.jobId, removeOnComplete: true, removeOnFail: true },
        })),
      );
    }
    // stopped connectors: tasks nobody runs any more show STOPPED (their workers stop them on their own)
    for (const { c, state } of idle) {
      let busy = false;
      for (const t of c.tasks) {
        if (exists.has(taskJobId(c.id, t.taskId, t.generation))) {
          busy = true;
          continue;
        }
        if (t.state !== state) await this.deps.repo.setIdleTaskState(c.id, t.taskId, t.epoch, state);
      }
      if (!busy && c.state !== state) await this.deps.repo.setConnectorState(c.id, state, null, this.opts.workerId);
    }
    // Confluent's offsets/request on a running connector: stop, apply once nothing runs, restore
    for (const r of requests) {
      const c = connectors.find((x) => x.id === r.connectorId);
      if (!c) continue;
      if (c.targetState !== 'STOPPED') {
        await this.deps.repo.setTargetState(c.id, 'STOPPED');
        changed = true;
        continue;
      }
      const busy = c.tasks.some((t) => exists.has(taskJobId(c.id, t.taskId, t.generation)));
      if (busy) continue;
      await this.offsetRequests.apply(c, r);
      this.computed.delete(c.id);
      changed = true;
    }
    if (changed || missing.length > 0) await this.redis.publish(`${this.opts.redisPrefix}${TASKS_CHANGED_CHANNEL}`, '');
    // deleted connectors whose tasks are gone: their plugin's clean-up
    await this.deletions?.pass(
      async (d) =>
        (await this.existingJobs(d.tasks.map((t) => taskJobId(d.connectorId, t.taskId, t.generation)))).size === 0,
    );
    return missing.length;
  }

  /** Which of these task jobs exist (waiting, active, delayed): the job hash is there until it finishes. */
  private async existingJobs(jobIds: string[]): Promise<Set<string>> {
    const prefix = `${bullPrefix(this.opts.redisPrefix)}:${TASK_QUEUE}:`;
    const exists = new Set<string>();
    for (let i = 0; i < jobIds.length; i += 1000) {
      const chunk = jobIds.slice(i, i + 1000);
      const pipe = this.redis.pipeline();
      for (const id of chunk) pipe.exists(prefix + id);
      const res = (await pipe.exec()) ?? [];
      chunk.forEach((id, j) => {
        if (res[j]?.[1] === 1) exists.add(id);
      });
    }
    return exists;
  }

  /**
   * computeTasks, isolated: what escapes its own handling (the plugin's failures already mark the
   * connector FAILED there) is a store error; it skips this connector until the next pass instead
   * of failing the pass of every other connector.
   */
  private async computeTasksSafely(c: RuntimeConnectorRow): Promise<'ok' | 'changed' | 'skip'> {
    try {
      return await this.computeTasks(c);
    } catch (e) {
      this.deps.log('error', 'connector task configs not computed', { connector: c.id, error: errorText(e) });
      return 'skip';
    }
  }

  /** Starts the connector instance, asks it for task configs and writes them. */
  private async computeTasks(c: RuntimeConnectorRow): Promise<'ok' | 'changed' | 'skip'> {
    const plugin = this.deps.registry.find(c.pluginClass);
    if (!plugin) {
      const message = `connector plugin ${c.pluginClass} is not installed`;
      await this.deps.repo.setConnectorState(c.id, 'FAILED', message, this.opts.workerId);
      if (c.state !== 'FAILED') this.connectorFailed(c.id, message, message);
      this.computed.set(c.id, c.generation);
      return 'skip';
    }
    const stored = c.config as Record<string, string>;
    let sealed: Record<string, string>[];
    try {
      const plain = openConnectorConfig(this.deps.secrets, c.id, stored);
      const connector = plugin.create();
      connector.initialize({
        requestTaskReconfiguration: () => {
          this.computed.delete(c.id);
          this.trigger();
        },
        raiseError: (e) => {
          this.deps.log('warn', 'connector raised an error', { connector: c.id, error: errorText(e) });
          background(this.deps.log, 'connector state not saved', { connector: c.id }, () =>
            this.deps.repo.setConnectorState(c.id, 'FAILED', e.stack ?? e.message, this.opts.workerId),
          );
          this.connectorFailed(c.id, e.message, e.stack ?? e.message);
        },
      });
      await withinTime('Connector.start()', CONNECTOR_CALL_TIMEOUT_MS, connector.start(plain));
      const maxTasks = Math.max(1, Number(plain['tasks.max'] ?? 1) || 1);
      let configs: Props[];
      try {
        configs = (
          await withinTime('Connector.taskConfigs()', CONNECTOR_CALL_TIMEOUT_MS, connector.taskConfigs(maxTasks))
        ).slice(0, maxTasks);
      } finally {
        await withinTime('Connector.stop()', CONNECTOR_CALL_TIMEOUT_MS, connector.stop());
      }
      // task configs keep PASSWORD values sealed: a value equal to a decrypted secret goes back to its envelope
      sealed = configs.map((tc) => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(tc))
          out[k] = looksLikeSecretEnvelope(stored[k]) && plain[k] === v ? stored[k] : String(v);
        return out;
      });
    } catch (e) {
      const err = e as Error;
      this.deps.log('warn', 'connector failed', { connector: c.id, error: err.message });
      await this.deps.repo.setConnectorState(c.id, 'FAILED', err.stack ?? err.message, this.opts.workerId);
      this.connectorFailed(c.id, err.message, err.stack ?? err.message);
      this.computed.set(c.id, c.generation);
      return 'skip';
    }
    // Store writes stay outside the plugin's failure handling: a store error (a deadlock with a
    // task's offset commit, an outage) is not the connector's failure; the next pass tries again.
    const changedIds = await this.deps.repo.replaceTaskConfigs(c.id, c.generation, sealed);
    if (changedIds === null) return 'skip';
    this.computed.set(c.id, c.generation);
    if (c.state !== 'RUNNING') await this.deps.repo.setConnectorState(c.id, 'RUNNING', null, this.opts.workerId);
    c.tasks = await this.deps.repo.tasksOf(c.id);
    c.state = 'RUNNING';
    if (changedIds.length > 0)
      this.deps.log('info', 'task configs updated', { connector: c.id, generation: c.generation, tasks: changedIds });
    return changedIds.length > 0 ? 'changed' : 'ok';
  }

  private connectorFailed(connectorId: string, message: string, rootCause: string): void {
    this.deps.events?.emit({
      connectorId,
      taskId: null,
      type: CONNECTOR_EVENT_TYPES.connectorFailed,
      message: message.slice(0, 1000),
      rootCause,
    });
  }

  private lastLogPrune = 0;

  /** Once a minute, by whichever reconciler acts: connectors' log lines past their age or count. */
  private pruneConnectorLogs(): void {
    const retention = this.opts.connectorLogRetention;
    if (!this.deps.connectorLogs || !retention || Date.now() - this.lastLogPrune < 60_000) return;
    // a reconciler that just took over looks back over the whole retention once
    const since = new Date(
      this.lastLogPrune === 0 ? Date.now() - retention.hours * 3_600_000 : this.lastLogPrune - 60_000,
    );
    this.lastLogPrune = Date.now();
    const olderThan = new Date(Date.now() - retention.hours * 3_600_000);
    background(this.deps.log, 'connector log lines not pruned', {}, () =>
      this.deps.connectorLogs!.prune(olderThan, retention.maxLines, since),
    );
  }

  /** A deleted connector: its tasks stop on their own (row gone); a sink's consumer group goes. */
  private onDeleted(id: string): void {
    const info = this.known.get(id);
    this.known.delete(id);
    this.computed.delete(id);
    if (!info || info.type !== 'SINK') return;
    // best effort, in the background: deleteGroup logs its own failures
    background(this.deps.log, 'consumer group not deleted', { connector: id }, () =>
      deleteConsumerGroup(this.deps, info.clusterId, `connect-${id}`, { connectorId: id, stopped: () => this.closed }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await this.deletions?.close();
    this.sub?.disconnect();
    await this.queue.close();
    this.redis.disconnect();
  }
}
