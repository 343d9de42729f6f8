// A worker process for bench/metrics/telemetry-overhead.bench.ts: the connector runtime built as
// apps/worker builds it (test database and Redis prefix of the parent's fixture, its broker, one
// organization), with BENCH_OBSERVABILITY=0 turning the Metrics API series and the connector log
// capture off (ConnectRuntimeOptions.observability). Prints "runtime ready" once started.
import { loadConfig, processLogger } from '@libs/config';
import { ConnectRuntime, pinoRuntimeLog } from '@libs/connect-runtime';
import { connectorPluginRegistry } from '@libs/connectors';
import { PrismaService } from '@libs/db';
import { inProcessSchemaRegistry } from '../../apps/worker/src/schema-registry-client';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = new PrismaService(config);
  const runtime = new ConnectRuntime({
    db,
    registry: connectorPluginRegistry({ testPlugins: false }),
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    secretsKeyring: config.secretsKeyring,
    pepper: config.apiKeyPepper,
    broker: { host: '127.0.0.1', port: config.BROKER_PORT },
    capacity: 10,
    workerId: config.WORKER_ID,
    reconcileIntervalMs: 500,
    offsetFlushIntervalMs: config.CONNECT_OFFSET_FLUSH_INTERVAL_MS,
    metricsFlushMs: config.METRICS_FLUSH_MS,
    organizationIds: config.CONNECT_SCOPE_ORGANIZATIONS,
    schemaRegistry: inProcessSchemaRegistry(db),
    log: pinoRuntimeLog(processLogger('worker', config.LOG_LEVEL)),
    observability: process.env.BENCH_OBSERVABILITY !== '0',
  });
  await runtime.start();
  console.log('runtime ready');
  process.on('SIGTERM', () => {
    void runtime.close().finally(() => process.exit(0));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
