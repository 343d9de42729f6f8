// Broker entry point: configuration from the environment, Kafka listener + /metrics and /healthz.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { FsyncPolicy, startBroker } from '@libs/broker';
import { ConfigError, installProcessFaultHandlers, loadConfig, parseEnv, processLogger, type Env } from '@libs/config';
import { connectControlPlane } from './control-plane/control-plane-link';
import { staticUsersFromEnv, tlsListenerFromEnv } from './listener-settings';

function fsyncPolicy(env: Env): FsyncPolicy {
  if (env.BROKER_FSYNC === 'interval') return { mode: 'interval', intervalMs: env.BROKER_FSYNC_INTERVAL_MS };
  return { mode: env.BROKER_FSYNC };
}

// JSON lines through pino, at LOG_LEVEL (the fault handlers log through it too)
const log = processLogger('broker');

async function main(): Promise<void> {
  // BROKER_* and the rest, validated by the config schema (no side effects for a standalone broker)
  const env = parseEnv();
  const host = env.BROKER_HOST;
  // API keys from the control plane; BROKER_STATIC_USERS='[{"username","password","tenant"}]' (or
  // BROKER_STATIC_USERS_FILE) replaces them for a standalone broker (dev runs, a stand-in for a
  // foreign Kafka cluster, the broker's own conformance tests).
  const staticUsers = staticUsersFromEnv(env);
  const controlPlane = staticUsers ? undefined : connectControlPlane(loadConfig(), log);
  const broker = await startBroker({
    host,
    port: env.BROKER_PORT,
    advertisedHost: env.BROKER_ADVERTISED_HOST,
    advertisedPort: env.BROKER_ADVERTISED_PORT,
    dataDir: resolve(env.BROKER_DATA_DIR),
    authenticator: controlPlane?.authenticator ?? staticUsers!,
    plaintextTenant: env.BROKER_PLAINTEXT_TENANT,
    tls: tlsListenerFromEnv(env),
    autoCreateTopics: env.BROKER_AUTO_CREATE_TOPICS,
    defaultPartitions: env.BROKER_DEFAULT_PARTITIONS,
    fsync: fsyncPolicy(env),
    maxOpenFiles: env.BROKER_MAX_OPEN_FILES,
    segmentBytes: env.BROKER_SEGMENT_BYTES,
    retentionCheckIntervalMs: env.BROKER_RETENTION_CHECK_INTERVAL_MS,
    validateCrc: env.BROKER_VALIDATE_CRC,
    group: {
      minSessionTimeoutMs: env.BROKER_GROUP_MIN_SESSION_TIMEOUT_MS,
      initialRebalanceDelayMs: env.BROKER_GROUP_INITIAL_REBALANCE_DELAY_MS,
    },
    logger: log,
  });
  await controlPlane?.attach(broker);
  const metricsPort = env.BROKER_METRICS_PORT;
  const http = createServer((req, res) => {
    if (req.url === '/metrics') {
      broker
        .metricsText()
        .then((text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text))
        .catch(() => res.writeHead(500).end());
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', port: broker.port, tlsPort: broker.tlsPort }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => http.listen(metricsPort, host, () => r()));
  const boundMetricsPort = (http.address() as AddressInfo).port;
  // Not a log line (it is printed whatever LOG_LEVEL says): wrappers and tests find the ephemeral ports in it.
  process.stdout.write(
    `${JSON.stringify({ msg: 'broker ready', port: broker.port, tlsPort: broker.tlsPort, metricsPort: boundMetricsPort })}\n`,
  );
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
  installProcessFaultHandlers(log);
  main().catch((e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  });
}
