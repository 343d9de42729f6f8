// One run of one task instance, between a claim (new epoch) and a stop, as Kafka Connect's
// WorkerTask: what the source and sink loops share — status reports and fencing under the
// claim's epoch, the send check against the job lease, the task's Kafka client and error
// handling, and the target state (KIP-875): pause() and resume() act on the running task in
// place — same worker, same epoch, clients kept open. Graceful stops commit; aborts (fenced,
// lock lost) stop writing at once.
import type { Kafka } from 'kafkajs';
import type { PluginRegistry, Props, SinkTask, SourceTask } from '@libs/connect-spi';
import { converterConfig, type SchemaRegistryConfig } from '@libs/connect-converters';
import {
  looksLikeSecretEnvelope,
  openConnectorConfig,
  type ClaimedTask,
  type ConnectorRuntimeRepository,
  type ConnectRuntimeState,
} from '@libs/db';
import type { KafkaClientPool } from './kafka-pool';
import type { JobLease } from './job-lease';
import { connectorCredential, credentialFailure, type KafkaCredential } from './kafka-credential';
import type { RuntimeMetrics, TaskLabels } from './metrics';
import type { ConnectorTelemetry } from './connector-telemetry';
import type { RuntimeLog } from './runtime-log';
import { ConverterStage } from './converter-stage';
import { background } from './guard';
import type { ConnectorLogSink } from './connector-log-capture';
import type { ConnectorLogger } from './connector-log-levels';
import { CONNECTOR_EVENT_TYPES, type ConnectorEventSink } from './connector-events';
import { createTaskErrorHandling, type TaskErrorHandling } from './task-errors';

export interface TaskDeps {
  repo: ConnectorRuntimeRepository;
  registry: PluginRegistry;
  pool: KafkaClientPool;
  secrets: { decrypt(envelope: string, aad: string): string };
  metrics: RuntimeMetrics;
  /** The Metrics API's per-minute series; absent in tests that do not need them. */
  telemetry?: ConnectorTelemetry;
  log: RuntimeLog;
  /** The connectors' own log (the logs API); absent in tests that do not need it. */
  connectorLog?: ConnectorLogSink;
  /** Failures and recoveries as connector events; absent in tests that do not need them. */
  events?: ConnectorEventSink;
  workerId: string;
  /** How often source offsets / sink group offsets are committed while running. */
  offsetFlushIntervalMs: number;
  sinkSessionTimeoutMs: number;
  /**
   * How long a successful job-lock renewal proves the task is still ours (see job-lease.ts); the
   * ConnectWorker sets it from its lock duration. Without it, sends are not checked.
   */
  leaseMs?: number;
  /**
   * The Schema Registry of a connector's environment, for managed connectors whose
   * output/input.data.format needs one (AVRO, JSON_SR, PROTOBUF). apps/worker passes an in-process
   * client on the registry's use cases; absent, those formats fail with a missing-registry error.
   */
  schemaRegistry?: (connector: ClaimedTask['connector']) => Promise<SchemaRegistryConfig>;
}

export class FencedError extends Error {
  constructor(what: string) {
    super(`fenced: ${what} rejected, a newer epoch owns the task`);
  }
}

export interface ExecutionResult {
  error?: Error;
  fenced?: boolean;
}

/** Where the run stands on its lease: `valid` while no other worker can have claimed the task. */
export type TaskLease = Pick<JobLease, 'valid'>;

/** The RUNNING status message of a task that was restarted after failures. */
export function restartMessage(restartCount: number): string | null {
  return restartCount > 0 ? `restarted ${restartCount} time(s)` : null;
}

/** What a task loop runs with: the plugin's task instance, its cluster, the connector config and the task's props. */
export interface TaskSetup<T> {
  task: T;
  kafka: Kafka;
  config: Props;
  props: Props;
}

/** A connector log line as Kafka Connect words them: `WorkerSourceTask{id=<connector>-<task>} <event> k=v …`. */
export function connectorLogMessage(
  connectorId: string,
  taskId: number,
  event: string,
  fields: Record<string, unknown>,
): string {
  const extra = Object.entries(fields)
    .filter(([k, v]) => v !== undefined && k !== 'connector' && k !== 'task' && k !== 'epoch')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [`Task{id=${connectorId}-${taskId}}`, event, ...extra].join(' ');
}

const CONNECTOR_LOG_LEVELS = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' } as const;

/** How often a task re-records an active topic it keeps using (KIP-558). */
const ACTIVE_TOPIC_REFRESH_MS = 60_000;

export abstract class WorkerTask<T extends SourceTask | SinkTask = SourceTask | SinkTask> {
  protected stopping = false;
  protected aborted = false;
  private wake: () => void = () => undefined;
  /** Resolves on stop or abort. */
  protected readonly stopped = new Promise<void>((resolve) => (this.wake = resolve));
  readonly labels: TaskLabels;
  /** The connector's own Kafka login (kafka.api.key/secret): every client of this task uses it. */
  protected credential: KafkaCredential | null = null;
  /** Cuts error-handler retry waits short on stop/abort. */
  private readonly retryAbort = new AbortController();
  private readonly topicsRecordedAt = new Map<string, number>();
  private secretValues: string[] = [];
  /** performance.now() when the run reported RUNNING (null before): how long it ran healthily. */
  runningSince: number | null = null;
  /** The target state the loop must reach: paused (no poll / consumer paused) or not. */
  private pausedTarget: boolean;
  /** Ends the loop's current wait (interruptible/interruption) on stop, abort, pause or resume. */
  private interrupt: () => void = () => undefined;

  constructor(
    protected readonly deps: TaskDeps,
    readonly connectorId: string,
    readonly taskId: number,
    readonly claim: ClaimedTask,
    /** Without one (a run outside a BullMQ job), sends rely on the fenced commits alone. */
    private readonly lease: TaskLease | null = null,
  ) {
    this.labels = { connector: connectorId, task: String(taskId) };
    this.pausedTarget = claim.targetState === 'PAUSED';
  }

  get epoch(): number {
    return this.claim.epoch;
  }

  /** Graceful: finish the current batch, commit, stop the task. */
  stop(): void {
    this.stopping = true;
    this.wake();
    this.interrupt();
  }

  /** Immediate: no further writes of any kind (fenced, or our BullMQ lock is gone). */
  abort(): void {
    this.aborted = true;
    this.stopping = true;
    this.retryAbort.abort();
    this.wake();
    this.interrupt();
    this.onAbort();
  }

  /** Pause in place (KIP-875 PAUSED): the loop stops working, commits, reports PAUSED, keeps everything open. */
  pause(): void {
    this.setPaused(true);
  }

  /** Back to work from a pause, in place: same epoch, reports RUNNING. */
  resume(): void {
    this.setPaused(false);
  }

  private setPaused(paused: boolean): void {
    if (this.pausedTarget === paused) return;
    this.pausedTarget = paused;
    this.interrupt();
  }

  /** Whether the loop should be paused now. */
  protected get paused(): boolean {
    return this.pausedTarget;
  }

  /**
   * `work`'s value, or null as soon as the task is stopped, aborted, paused or resumed (`work`
   * goes on). The loop reads `stopping`/`paused` right before, with no await in between, so no
   * change slips through; one waiter at a time. Unlike a Promise.race with a long-lived promise,
   * nothing accumulates per call.
   */
  protected interruptible<V>(work: Promise<V>): Promise<{ value: V } | null> {
    return new Promise<{ value: V } | null>((resolve, reject) => {
      this.interrupt = () => resolve(null);
      work.then((value) => resolve({ value }), reject);
    }).finally(() => (this.interrupt = () => undefined));
  }

  /** Waits until the task is stopped, aborted, paused or resumed (same rules as interruptible). */
  protected async interruption(): Promise<void> {
    await this.interruptible(new Promise<never>(() => undefined));
  }

  /** What the loop must drop at once on abort (a sink leaves its group). */
  protected onAbort(): void {}

  get isAborted(): boolean {
    return this.aborted;
  }

  /**
   * KIP-558 active topics: a topic this task produced to or consumed from is recorded at most once a
   * minute (in the background, under the epoch), so a topics/reset is repopulated within a minute.
   */
  protected noteTopics(topics: Iterable<string>): void {
    const now = Date.now();
    const fresh: string[] = [];
    for (const t of topics) {
      const at = this.topicsRecordedAt.get(t);
      if (at !== undefined && now - at < ACTIVE_TOPIC_REFRESH_MS) continue;
      this.topicsRecordedAt.set(t, now);
      fresh.push(t);
    }
    if (fresh.length === 0 || this.aborted) return;
    background(this.deps.log, 'active topics not recorded', { ...this.labels, topics: fresh }, async () => {
      try {
        await this.deps.repo.recordActiveTopics(this.connectorId, this.taskId, this.epoch, fresh);
      } catch (e) {
        for (const t of fresh) this.topicsRecordedAt.delete(t); // tried again with the next record
        throw e;
      }
    });
  }

  /**
   * The logger the connector's lines are logged by (its plugin's class name, as log4j names a
   * class's logger), in its cluster: the level set for it (/admin/loggers) decides which are kept.
   */
  get logger(): ConnectorLogger {
    const c = this.claim.connector;
    return { clusterId: c.clusterId, logger: this.deps.registry.find(c.pluginClass)?.className ?? c.pluginClass };
  }

  /** To the process log (at its level) and the connector's log (if the cluster's logger levels allow). */
  protected log(
    level: 'debug' | 'info' | 'warn' | 'error',
    event: string,
    fields: Record<string, unknown> = {},
    exception?: string,
  ): void {
    this.deps.log(level, event, { connector: this.connectorId, task: this.taskId, epoch: this.epoch, ...fields });
    this.deps.connectorLog?.push(
      {
        connectorId: this.connectorId,
        taskId: this.taskId,
        level: CONNECTOR_LOG_LEVELS[level],
        message: connectorLogMessage(this.connectorId, this.taskId, event, fields),
        exception: exception ?? null,
      },
      this.secretValues,
      this.logger,
    );
  }

  async report(
    state: ConnectRuntimeState,
    extra: { trace?: string | null; message?: string | null } = {},
  ): Promise<boolean> {
    if (this.aborted) return false;
    const ok = await this.deps.repo.reportTaskState(this.connectorId, this.taskId, this.epoch, { state, ...extra });
    if (ok) this.deps.metrics.setTaskState(this.labels, state);
    else this.fence('state write');
    return ok;
  }

  protected fence(what: string): void {
    this.deps.metrics.fenced.inc(this.labels);
    this.log('warn', 'fenced', { write: what });
    this.abort();
  }

  /**
   * Before every send (produce, DLQ, put): is our epoch still current? Free while the job lease
   * holds; after it ran out (a stall or freeze past the lock), one Postgres read first. Throws
   * FencedError (and aborts the run) when another worker owns the task.
   */
  protected async ensureCurrent(what: string): Promise<void> {
    if (this.aborted) throw new FencedError(what);
    if (!this.lease || this.lease.valid) return;
    const current = await this.deps.repo.isCurrent(this.connectorId, this.taskId, this.epoch);
    if (this.aborted) throw new FencedError(what);
    if (!current) {
      this.fence(what);
      throw new FencedError(what);
    }
  }

  /** How long the run has been RUNNING (0 if it never got there). */
  get healthyMs(): number {
    return this.runningSince === null ? 0 : performance.now() - this.runningSince;
  }

  /** The first RUNNING of the run (clears the trace, shows the restart message); a resume keeps both. */
  protected async reportRunning(): Promise<boolean> {
    if (this.runningSince !== null) return this.report('RUNNING');
    if (!(await this.report('RUNNING', { trace: null, message: restartMessage(this.claim.restartCount) })))
      return false;
    this.runningSince = performance.now();
    // running again after failing (auto-restarted): the failure event is closed by a recovery
    if (this.claim.restartCount > 0)
      this.deps.events?.emit({
        connectorId: this.connectorId,
        taskId: this.taskId,
        type: CONNECTOR_EVENT_TYPES.taskRecovered,
        message: `Task ${this.connectorId}-${this.taskId} is running again after ${restartMessage(this.claim.restartCount)}`,
      });
    return true;
  }

  async run(): Promise<ExecutionResult> {
    const c = this.claim.connector;
    const plugin = this.deps.registry.find(c.pluginClass);
    try {
      if (!plugin)
        throw new Error(`connector plugin ${c.pluginClass} is not installed on worker ${this.deps.workerId}`);
      const config = openConnectorConfig(this.deps.secrets, this.connectorId, c.config as Record<string, string>);
      // the plaintext of every sealed value: never written to the connector's log
      this.secretValues = Object.entries(c.config as Record<string, string>)
        .filter(([, stored]) => looksLikeSecretEnvelope(stored))
        .map(([k]) => config[k])
        .filter((v): v is string => typeof v === 'string');
      const props: Props = { ...openConnectorConfig(this.deps.secrets, this.connectorId, this.claim.config) };
      const TaskClass = plugin.create().taskClass() as new () => T;
      const task = new TaskClass();
      this.credential = connectorCredential(config);
      const kafka = await this.deps.pool.acquire(c.clusterId, this.credential);
      try {
        await this.execute({ task, kafka, config, props });
      } finally {
        await this.deps.pool.release(c.clusterId, this.credential);
        this.deps.metrics.forget(this.labels);
      }
      return this.aborted ? { fenced: true } : {};
    } catch (e) {
      if (this.aborted) return { fenced: true };
      const err = credentialFailure(e, this.credential) ?? (e instanceof Error ? e : new Error(String(e)));
      if (err instanceof FencedError) return { fenced: true };
      this.deps.metrics.errors.inc(this.labels);
      this.log('error', 'task failed', { error: err.message }, err.stack);
      return { error: err };
    }
  }

  /** The task's loop, from initialize/start to stop. */
  protected abstract execute(setup: TaskSetup<T>): Promise<void>;

  /** The task's error handling (KIP-298) and its conversion stage under it. */
  protected async conversion(
    type: 'source' | 'sink',
    kafka: Kafka,
    config: Props,
  ): Promise<{ eh: TaskErrorHandling; stage: ConverterStage }> {
    const schemaRegistry = async () => this.deps.schemaRegistry?.(this.claim.connector);
    const eh = createTaskErrorHandling({
      props: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)])),
      type,
      connectorId: this.connectorId,
      clusterId: this.claim.connector.clusterId,
      credential: this.credential,
      kafka,
      pool: this.deps.pool,
      metrics: this.deps.metrics,
      telemetry: this.deps.telemetry,
      labels: this.labels,
      log: (level, event, fields) => this.log(level, event, fields),
      signal: this.retryAbort.signal,
      beforeSend: () => this.ensureCurrent('DLQ produce'),
    });
    const stage = await ConverterStage.create(converterConfig(type, config), schemaRegistry, eh.operator, {
      connectorName: this.connectorId,
      taskId: this.taskId,
    });
    return { eh, stage };
  }
}
