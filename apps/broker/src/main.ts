// Broker entry point: configuration from the environment, Kafka listener + /metrics and /healthz.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { FsyncPolicy, StaticAuthenticator, startBroker } from '@libs/broker';
import { installProcessFaultHandlers, loadConfig, processLogger } from '@libs/config';
import { connectControlPlane } from './control-plane/control-plane-link';

function env(name: string, def?: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? def : v;
}

function fsyncPolicy(): FsyncPolicy {
  const mode = env('BROKER_FSYNC', 'interval');
  if (mode === 'always') return { mode: 'always' };
  if (mode === 'never') return { mode: 'never' };
  return { mode: 'interval', intervalMs: Number(env('BROKER_FSYNC_INTERVAL_MS', '1000')) };
}

const log = {
  info: (o: unknown, m?: string) => console.log(JSON.stringify({ level: 'info', msg: m, ...(o as object) })),
  warn: (o: unknown, m?: string) => console.warn(JSON.stringify({ level: 'warn', msg: m, ...(o as object) })),
  error: (o: unknown, m?: string) =>
    console.error(JSON.stringify({ level: 'error', msg: m, err: String((o as { err?: unknown })?.err ?? '') })),
};

async function main(): Promise<void> {
  const host = env('BROKER_HOST', '127.0.0.1')!;
  // API keys from the control plane; BROKER_STATIC_USERS='[{"username","password","tenant"}]'
  // replaces them for standalone dev runs and the broker's own conformance tests.
  const staticUsers = env('BROKER_STATIC_USERS');
  const controlPlane = staticUsers ? undefined : connectControlPlane(loadConfig());
  const broker = await startBroker({
    host,
    port: Number(env('BROKER_PORT', '9092')),
    advertisedHost: env('BROKER_ADVERTISED_HOST', host),
    advertisedPort: env('BROKER_ADVERTISED_PORT') ? Number(env('BROKER_ADVERTISED_PORT')) : undefined,
    dataDir: resolve(env('BROKER_DATA_DIR', '.data/broker')!),
    authenticator: controlPlane?.authenticator ?? StaticAuthenticator.fromJson(staticUsers ?? '[]'),
    plaintextTenant: env('BROKER_PLAINTEXT_TENANT'),
    autoCreateTopics: env('BROKER_AUTO_CREATE_TOPICS', 'true') !== 'false',
    defaultPartitions: Number(env('BROKER_DEFAULT_PARTITIONS', '1')),
    fsync: fsyncPolicy(),
    maxOpenFiles: Number(env('BROKER_MAX_OPEN_FILES', '1024')),
    segmentBytes: Number(env('BROKER_SEGMENT_BYTES', String(1024 * 1024 * 1024))),
    retentionCheckIntervalMs: Number(env('BROKER_RETENTION_CHECK_INTERVAL_MS', '60000')),
    validateCrc: env('BROKER_VALIDATE_CRC', 'true') !== 'false',
    group: {
      minSessionTimeoutMs: Number(env('BROKER_GROUP_MIN_SESSION_TIMEOUT_MS', '6000')),
      initialRebalanceDelayMs: Number(env('BROKER_GROUP_INITIAL_REBALANCE_DELAY_MS', '0')),
    },
    logger: log,
  });
  await controlPlane?.attach(broker);
  const metricsPort = Number(env('BROKER_METRICS_PORT', '9464'));
  const http = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(broker.metricsText());
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', port: broker.port }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => http.listen(metricsPort, host, () => r()));
  const boundMetricsPort = (http.address() as AddressInfo).port;
  // Machine-readable line so wrappers and tests can find ephemeral ports.
  console.log(JSON.stringify({ level: 'info', msg: 'broker ready', port: broker.port, metricsPort: boundMetricsPort }));
  const shutdown = async () => {
    http.close();
    await broker.close();
    await controlPlane?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

if (require.main === module) {
  // one connection's stray rejection is logged and the broker keeps serving everyone else
  installProcessFaultHandlers(processLogger('broker'));
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
