import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { PrismaService } from '@libs/db';
import { createBuiltinRegistry } from '../../../libs/connect-runtime/src/plugins/builtin-registry';
import { ConnectRuntime, jsonLog } from '../../../libs/connect-runtime/src/runtime';
import { EgressPolicy, setEgressPolicy } from '@libs/connectors';
import { inProcessSchemaRegistry } from './schema-registry-client';

const int = (v: string | undefined, d: number): number => {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : d;
};

/**
 * The connector runtime of this worker process. Tunables (env, read here so the shared config
 * schema stays untouched): WORKER_CAPACITY (tasks, default 100), WORKER_ID,
 * CONNECT_LOCK_DURATION_MS / CONNECT_LOCK_RENEW_MS / CONNECT_STALLED_INTERVAL_MS (failover),
 * CONNECT_RECONCILE_INTERVAL_MS, CONNECT_OFFSET_FLUSH_INTERVAL_MS, CONNECT_SINK_SESSION_TIMEOUT_MS,
 * CONNECT_RESTART_BACKOFF_MS / CONNECT_RESTART_BACKOFF_MAX_MS / CONNECT_AUTO_RESTART (true),
 * CONNECT_RESTART_RESET_MS (RUNNING this long resets a task's restart count, default 60 s),
 * CONNECT_SCOPE_ORGANIZATIONS (testing: comma-separated organization ids to reconcile).
 */
@Injectable()
export class ConnectRuntimeService {
  readonly runtime: ConnectRuntime;

  constructor(@Inject(APP_CONFIG) config: AppConfig, db: PrismaService) {
    const env = process.env;
    // tasks check connection targets (connection.host, …) against this policy when they connect
    setEgressPolicy(EgressPolicy.fromEnv(env, config.devMode));
    const scope = (env.CONNECT_SCOPE_ORGANIZATIONS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    this.runtime = new ConnectRuntime({
      db,
      registry: createBuiltinRegistry(),
      redisUrl: config.REDIS_URL,
      redisPrefix: config.REDIS_PREFIX,
      secretsKeyring: config.secretsKeyring,
      pepper: config.apiKeyPepper,
      broker: { host: config.BROKER_HOST === '0.0.0.0' ? '127.0.0.1' : config.BROKER_HOST, port: config.BROKER_PORT },
      capacity: Math.max(1, int(env.WORKER_CAPACITY, 100)),
      workerId: env.WORKER_ID || undefined,
      locks: {
        lockDurationMs: int(env.CONNECT_LOCK_DURATION_MS, 4000),
        lockRenewMs: int(env.CONNECT_LOCK_RENEW_MS, 1000),
        stalledIntervalMs: int(env.CONNECT_STALLED_INTERVAL_MS, 1000),
      },
      restart: {
        enabled: (env.CONNECT_AUTO_RESTART ?? 'true') !== 'false',
        baseMs: int(env.CONNECT_RESTART_BACKOFF_MS, 1000),
        maxMs: int(env.CONNECT_RESTART_BACKOFF_MAX_MS, 60_000),
        resetAfterMs: int(env.CONNECT_RESTART_RESET_MS, 60_000),
      },
      reconcileIntervalMs: int(env.CONNECT_RECONCILE_INTERVAL_MS, 500),
      offsetFlushIntervalMs: int(env.CONNECT_OFFSET_FLUSH_INTERVAL_MS, 1000),
      sinkSessionTimeoutMs: int(env.CONNECT_SINK_SESSION_TIMEOUT_MS, 6000),
      organizationIds: scope.length > 0 ? scope : undefined,
      schemaRegistry: inProcessSchemaRegistry(db),
      log: jsonLog(config.LOG_LEVEL),
    });
  }
}
