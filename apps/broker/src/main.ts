// Broker entry point: configuration from the environment, Kafka listener + /metrics and /healthz.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { FsyncPolicy, SaslPlainAuthenticator, StaticAuthenticator, startBroker } from '@libs/broker';

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

// Seam for the control plane: replace with the Postgres-backed API-key authenticator.
// Until then BROKER_STATIC_USERS='[{"username":"key","password":"secret","tenant":"lkc-abc"}]'.
export function createAuthenticator(): SaslPlainAuthenticator {
  return StaticAuthenticator.fromJson(env('BROKER_STATIC_USERS', '[]')!);
}

const log = {
  info: (o: unknown, m?: string) => console.log(JSON.stringify({ level: 'info', msg: m, ...(o as object) })),
  warn: (o: unknown, m?: string) => console.warn(JSON.stringify({ level: 'warn', msg: m, ...(o as object) })),
  error: (o: unknown, m?: string) => console.error(JSON.stringify({ level: 'error', msg: m, err: String((o as { err?: unknown })?.err ?? '') })),
};

async function main(): Promise<void> {
  const host = env('BROKER_HOST', '127.0.0.1')!;
  const broker = await startBroker({
    host,
    port: Number(env('BROKER_PORT', '9092')),
    advertisedHost: env('BROKER_ADVERTISED_HOST', host),
    advertisedPort: env('BROKER_ADVERTISED_PORT') ? Number(env('BROKER_ADVERTISED_PORT')) : undefined,
    dataDir: resolve(env('BROKER_DATA_DIR', '.data/broker')!),
    authenticator: createAuthenticator(),
    plaintextTenant: env('BROKER_PLAINTEXT_TENANT'),
    autoCreateTopics: env('BROKER_AUTO_CREATE_TOPICS', 'true') !== 'false',
    defaultPartitions: Number(env('BROKER_DEFAULT_PARTITIONS', '1')),
    fsync: fsyncPolicy(),
    maxOpenFiles: Number(env('BROKER_MAX_OPEN_FILES', '1024')),
    validateCrc: env('BROKER_VALIDATE_CRC', 'true') !== 'false',
    group: {
      minSessionTimeoutMs: Number(env('BROKER_GROUP_MIN_SESSION_TIMEOUT_MS', '6000')),
      initialRebalanceDelayMs: Number(env('BROKER_GROUP_INITIAL_REBALANCE_DELAY_MS', '0')),
    },
    logger: log,
  });
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
  http.listen(metricsPort, host);
  // Machine-readable line so wrappers and tests can find an ephemeral port.
  console.log(JSON.stringify({ level: 'info', msg: 'broker ready', port: broker.port, metricsPort }));
  const shutdown = async () => {
    http.close();
    await broker.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
