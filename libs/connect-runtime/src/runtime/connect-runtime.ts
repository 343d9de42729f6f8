// Everything one worker process runs: the task worker (BullMQ), the reconciler (acts when it holds
// the advisory lock), shared Kafka clients and the metrics. apps/worker builds it from AppConfig.
import {
  ConnectorRepository,
  PlatformRepository,
  ServiceAccountRepository,
  type ConnectorRuntimeRepository,
  type PrismaService,
} from '@libs/db';
import { pino, type Logger } from 'pino';
import { SecretBox } from '@libs/secrets';
import type { PluginRegistry } from '@libs/connect-spi';
import { ConnectWorker, type LockSettings } from './connect-worker';
import { KafkaClientPool } from './kafka-pool';
import { pooledClusterConfig } from './pool-config';
import { RuntimeMetrics } from './metrics';
import { Reconciler } from './reconciler';
import type { RuntimeLog } from './runtime-log';
import type { TaskDeps } from './worker-task';
import type { RestartPolicy } from './task-runner';
import { ConnectorLogCapture } from './connector-log-capture';
import { ConnectorEventEmitter } from './connector-events';
import { ConnectorTelemetry } from './connector-telemetry';
import { MetricsHousekeeping } from './metrics-housekeeping';

export interface ConnectRuntimeOptions {
  db: PrismaService;
  registry: PluginRegistry;
  redisUrl: string;
  redisPrefix: string;
  secretsKeyring: string;
  pepper: string;
  broker: { host: string; port: number };
  capacity: number;
  workerId?: string;
  locks?: Partial<LockSettings>;
  restart?: Partial<RestartPolicy>;
  reconcileIntervalMs?: number;
  offsetFlushIntervalMs?: number;
  sinkSessionTimeoutMs?: number;
  organizationIds?: string[];
  log?: RuntimeLog;
  /** How long connectors' log lines are kept (hours, default 72) and how many per connector (default 10,000). */
  connectorLogRetentionHours?: number;
  connectorLogMaxLines?: number;
  /** How often the Metrics API's per-minute series are written (ms, default 60,000) and kept (days, default 7). */
  metricsFlushMs?: number;
  metricsRetentionDays?: number;
  /** The Schema Registry of a task's connector (managed formats AVRO/JSON_SR/PROTOBUF). */
  schemaRegistry?: TaskDeps['schemaRegistry'];
  /**
   * false: tasks report no Metrics API series and capture no connector log lines (default true).
   * Exists only so bench/metrics/telemetry-overhead.bench.ts can measure their cost A/B.
   */
  observability?: boolean;
}

export const DEFAULT_RESTART: RestartPolicy = { enabled: true, baseMs: 1000, maxMs: 60_000 };

/** The runtime's log through a pino logger: JSON lines, each with the connector and task ids when about a task. */
export function pinoRuntimeLog(logger: Logger): RuntimeLog {
  return (level, event, fields) => logger[level](fields, event);
}

export class ConnectRuntime {
  readonly metrics = new RuntimeMetrics();
  readonly pool: KafkaClientPool;
  readonly worker: ConnectWorker;
  readonly reconciler: Reconciler;
  readonly repo: ConnectorRuntimeRepository;
  /** The connectors' own log lines from this worker's tasks (the logs API reads them). */
  readonly connectorLog: ConnectorLogCapture;
  /** This worker's tasks' records, bytes, DLQ records and lag per minute (the Metrics API reads them). */
  readonly telemetry: ConnectorTelemetry;
  private readonly connectorLogRetention: { hours: number; maxLines: number };

  constructor(readonly opts: ConnectRuntimeOptions) {
    const log = opts.log ?? pinoRuntimeLog(pino({ name: 'connect-runtime' }));
    const secrets = new SecretBox(opts.secretsKeyring);
    // the runtime is platform code: it reads every tenant's connectors (PlatformRepository) and acts
    // on one tenant's rows with the scope those rows carry
    const platform = new PlatformRepository(opts.db);
    this.repo = platform.runtime;
    const stores = { clusters: platform.clusters, accounts: new ServiceAccountRepository(opts.db) };
    // tasks pass their connector's credential; housekeeping (no credential) runs as the platform
    this.pool = new KafkaClientPool((clusterId, credential) =>
      pooledClusterConfig(stores, clusterId, credential, { secrets, pepper: opts.pepper, embedded: opts.broker }),
    );
    const restart = { ...DEFAULT_RESTART, ...opts.restart };
    this.connectorLog = new ConnectorLogCapture(platform.connectorLogs, log);
    this.telemetry = new ConnectorTelemetry(
      platform.metricSeries,
      (e) => log('warn', 'metric series not written', { error: e.message }),
      opts.metricsFlushMs,
    );
    const events = new ConnectorEventEmitter(platform.connectorEvents, this.pool, log);
    this.connectorLogRetention = {
      hours: opts.connectorLogRetentionHours ?? 72,
      maxLines: opts.connectorLogMaxLines ?? 10_000,
    };
    this.worker = new ConnectWorker(
      {
        repo: this.repo,
        registry: opts.registry,
        pool: this.pool,
        secrets,
        metrics: this.metrics,
        log,
        connectorLog: opts.observability === false ? undefined : this.connectorLog,
        telemetry: opts.observability === false ? undefined : this.telemetry,
        events,
        offsetFlushIntervalMs: opts.offsetFlushIntervalMs ?? 1000,
        sinkSessionTimeoutMs: opts.sinkSessionTimeoutMs ?? 6000,
        schemaRegistry: opts.schemaRegistry,
      },
      {
        workerId: opts.workerId,
        capacity: opts.capacity,
        redisUrl: opts.redisUrl,
        redisPrefix: opts.redisPrefix,
        locks: opts.locks,
        restart,
        liveness: platform.workers,
      },
    );
    this.reconciler = new Reconciler(
      {
        repo: this.repo,
        connectors: new ConnectorRepository(opts.db),
        registry: opts.registry,
        secrets,
        pool: this.pool,
        log,
        connectorLogs: platform.connectorLogs,
        events,
        metrics: new MetricsHousekeeping(this.telemetry, platform.metricSeries, log, opts.metricsRetentionDays ?? 7),
        deletions: platform.connectorDeletions,
      },
      {
        workerId: this.worker.workerId,
        connectorLogRetention: this.connectorLogRetention,
        redisUrl: opts.redisUrl,
        redisPrefix: opts.redisPrefix,
        intervalMs: opts.reconcileIntervalMs,
        organizationIds: opts.organizationIds,
      },
    );
  }

  get workerId(): string {
    return this.worker.workerId;
  }

  async start(): Promise<void> {
    this.connectorLog.start();
    this.telemetry.series.start();
    await this.worker.start();
    await this.reconciler.start();
  }

  /** Graceful: reconciler off, tasks stopped with a final commit and handed back to the queue. */
  async close(): Promise<void> {
    await this.reconciler.close();
    await this.worker.close();
    await this.connectorLog.close();
    await this.telemetry.series.close();
    await this.pool.close();
  }
}
