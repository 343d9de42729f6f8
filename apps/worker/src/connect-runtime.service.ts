import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, processLogger, type AppConfig } from '@libs/config';
import { PrismaService } from '@libs/db';
import { ConnectRuntime, pinoRuntimeLog } from '@libs/connect-runtime';
import { connectorPluginRegistry, EgressPolicy, setEgressPolicy } from '@libs/connectors';
import { inProcessSchemaRegistry } from './schema-registry-client';

/**
 * The connector runtime of this worker process, tuned by the WORKER_* and CONNECT_* settings of the
 * config schema (libs/config/src/env.schema.ts, docs/operations.md).
 */
@Injectable()
export class ConnectRuntimeService {
  readonly runtime: ConnectRuntime;

  constructor(@Inject(APP_CONFIG) config: AppConfig, db: PrismaService) {
    // tasks check connection targets (connection.host, …) against this policy when they connect
    setEgressPolicy(EgressPolicy.fromConfig(config));
    const scope = config.CONNECT_SCOPE_ORGANIZATIONS;
    this.runtime = new ConnectRuntime({
      db,
      registry: connectorPluginRegistry({ testPlugins: config.CONNECT_TEST_PLUGINS }),
      redisUrl: config.REDIS_URL,
      redisPrefix: config.REDIS_PREFIX,
      secretsKeyring: config.secretsKeyring,
      pepper: config.apiKeyPepper,
      broker: { host: config.BROKER_HOST === '0.0.0.0' ? '127.0.0.1' : config.BROKER_HOST, port: config.BROKER_PORT },
      capacity: config.WORKER_CAPACITY,
      workerId: config.WORKER_ID,
      locks: {
        lockDurationMs: config.CONNECT_LOCK_DURATION_MS,
        lockRenewMs: config.CONNECT_LOCK_RENEW_MS,
        stalledIntervalMs: config.CONNECT_STALLED_INTERVAL_MS,
      },
      restart: {
        enabled: config.CONNECT_AUTO_RESTART,
        baseMs: config.CONNECT_RESTART_BACKOFF_MS,
        maxMs: config.CONNECT_RESTART_BACKOFF_MAX_MS,
        resetAfterMs: config.CONNECT_RESTART_RESET_MS,
      },
      reconcileIntervalMs: config.CONNECT_RECONCILE_INTERVAL_MS,
      offsetFlushIntervalMs: config.CONNECT_OFFSET_FLUSH_INTERVAL_MS,
      sinkSessionTimeoutMs: config.CONNECT_SINK_SESSION_TIMEOUT_MS,
      connectorLogRetentionHours: config.CONNECTOR_LOG_RETENTION_HOURS,
      connectorLogMaxLines: config.CONNECTOR_LOG_MAX_LINES,
      metricsFlushMs: config.METRICS_FLUSH_MS,
      metricsRetentionDays: config.METRICS_RETENTION_DAYS,
      organizationIds: scope.length > 0 ? scope : undefined,
      schemaRegistry: inProcessSchemaRegistry(db),
      log: pinoRuntimeLog(processLogger('worker', config.LOG_LEVEL)),
    });
  }
}
