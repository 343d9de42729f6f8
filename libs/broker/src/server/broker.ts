// startBroker: wires storage, coordinator, connections and background jobs together.
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { mkdirSync } from 'node:fs';
import { FdCache } from '../log/fd-cache';
import { BrokerMetrics } from '../metrics';
import { BrokerOptions, DEFAULTS, silentLogger } from '../options';
import { Tenants } from '../tenants';
import { effectiveConfig } from '../topics/topic-config';
import { BrokerContext } from '../handlers/context';
import { Connection, ConnectionHooks } from './connection';
import { listen, tlsListener } from './listeners';
import { lockDataDir } from '../data-dir-lock';
import { TopicTraffic, TopicTrafficCounters } from '../topic-traffic';
import { ConsumerLag, consumerLagOf } from '../groups/consumer-lag';

const TRANSACTION_TICK_MS = 1000;

export interface BrokerHandle {
  port: number;
  /** The TLS listener's bound port (options.tls). */
  tlsPort?: number;
  close(): Promise<void>;
  // Closes the tenant's connections and removes all its topics, groups and offsets.
  deleteTenant(tenantId: string): Promise<void>;
  // Closes every connection authenticated with this username (e.g. a deleted API key).
  closeConnectionsOf(username: string): number;
  /** Prometheus text exposition (0.0.4). */
  metricsText(): Promise<string>;
  /** Produce and fetch traffic per (tenant, topic) since the previous call (the counters restart at zero). */
  takeTopicTraffic(): TopicTraffic[];
  /** Each consumer group's current lag per (tenant, topic), over partitions with a committed offset. */
  consumerLag(): ConsumerLag[];
}

export async function startBroker(options: BrokerOptions): Promise<BrokerHandle> {
  const logger = options.logger ?? silentLogger;
  const fsync = options.fsync ?? { mode: 'interval', intervalMs: 1000 };
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = lockDataDir(options.dataDir);
  const fds = new FdCache(options.maxOpenFiles ?? DEFAULTS.maxOpenFiles);
  const tenants = new Tenants(
    options.dataDir,
    fds,
    {
      segmentBytes: options.segmentBytes ?? DEFAULTS.segmentBytes,
      indexIntervalBytes: options.indexIntervalBytes ?? DEFAULTS.indexIntervalBytes,
      fsyncEveryWrite: fsync.mode === 'always',
    },
    {
      minSessionTimeoutMs: options.group?.minSessionTimeoutMs ?? DEFAULTS.minSessionTimeoutMs,
      maxSessionTimeoutMs: options.group?.maxSessionTimeoutMs ?? DEFAULTS.maxSessionTimeoutMs,
      initialRebalanceDelayMs: options.group?.initialRebalanceDelayMs ?? DEFAULTS.initialRebalanceDelayMs,
    },
  );
  tenants.loadAll();
  const metrics = new BrokerMetrics();
  metrics.openFiles = () => fds.size;
  const topicTraffic = new TopicTrafficCounters();

  let boundPort = 0;
  const auto = options.autoCreateTopics ?? true;
  const ctx: BrokerContext = {
    tenants,
    metrics,
    topicTraffic,
    logger,
    nodeId: 0,
    advertised: () => ({ host: options.advertisedHost ?? options.host, port: options.advertisedPort ?? boundPort }),
    autoCreate: (t) => (typeof auto === 'function' ? auto(t) : auto),
    defaultPartitions: options.defaultPartitions ?? DEFAULTS.defaultPartitions,
    validateCrc: options.validateCrc ?? true,
    allocateProducerId: () => tenants.allocateProducerId(),
  };

  const connections = new Set<Connection>();
  const hooks: ConnectionHooks = {
    authenticator: options.authenticator,
    plaintextTenant: options.plaintextTenant,
    maxRequestBytes: options.maxRequestBytes ?? DEFAULTS.maxRequestBytes,
    authTimeoutMs: options.authTimeoutMs ?? DEFAULTS.authTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
    onAuthenticated: (c: Connection) => metrics.clusterConnection(c.tenant!, 1),
    onClose: (c: Connection) => {
      if (connections.delete(c)) metrics.connections--;
      if (c.tenant !== undefined) metrics.clusterConnection(c.tenant, -1);
    },
  };
  const accept =
    (listenerCtx: BrokerContext, listenerHooks: ConnectionHooks) =>
    (socket: Socket): void => {
      const c = new Connection(socket, listenerCtx, listenerHooks);
      connections.add(c);
      metrics.connections++;
      metrics.connectionsTotal++;
    };
  const server: Server = createServer(accept(ctx, hooks));
  let tls: ReturnType<typeof tlsListener> | undefined;
  try {
    // a bad certificate or key throws here, before anything listens
    tls = options.tls ? tlsListener(options, ctx, hooks, accept) : undefined;
    await listen(server, options.port, options.host);
    if (tls) await listen(tls.server, tls.port, tls.host);
  } catch (e) {
    server.close();
    tls?.server.close();
    tenants.closeAll();
    unlock();
    throw e;
  }
  boundPort = (server.address() as AddressInfo).port;
  logger.info(
    { host: options.host, port: boundPort, tlsPort: tls?.boundPort(), dataDir: options.dataDir },
    'broker listening',
  );

  const timers: NodeJS.Timeout[] = [];
  if (fsync.mode === 'interval') {
    let flushing = false;
    timers.push(
      setInterval(() => {
        if (flushing) return; // a slow disk: let the running flush finish first
        flushing = true;
        tenants
          .flushAllAsync()
          .catch((err) => logger.error({ err }, 'periodic fsync failed'))
          .finally(() => (flushing = false));
      }, fsync.intervalMs),
    );
  }
  timers.push(
    setInterval(() => {
      const now = Date.now();
      for (const t of tenants.all()) {
        for (const topic of [...t.topics.list(), ...t.topics.internalTopics()]) {
          const ms = Number(effectiveConfig(topic.configs, 'retention.ms'));
          const bytes = Number(effectiveConfig(topic.configs, 'retention.bytes'));
          for (const p of topic.partitions) {
            try {
              p.applyRetention(now, ms, bytes);
            } catch (err) {
              // e.g. the topic was deleted meanwhile; the next round retries
              logger.warn({ err, topic: topic.name, tenant: t.id }, 'retention check failed');
            }
          }
        }
      }
    }, options.retentionCheckIntervalMs ?? DEFAULTS.retentionCheckIntervalMs),
  );
  // transaction timeouts (Kafka checks every 10 s; one second keeps the LSO from lagging) and
  // producer-state snapshots
  timers.push(
    setInterval(() => {
      try {
        tenants.transactionTick();
      } catch (err) {
        logger.error({ err }, 'transaction tick failed');
      }
    }, TRANSACTION_TICK_MS),
  );
  for (const t of timers) t.unref();

  const closeWhere = (pred: (c: Connection) => boolean): number => {
    let n = 0;
    for (const c of [...connections]) {
      if (pred(c)) {
        c.close();
        n++;
      }
    }
    return n;
  };

  return {
    port: boundPort,
    tlsPort: tls?.boundPort(),
    async close() {
      for (const t of timers) clearInterval(t);
      const closed = [server, ...(tls ? [tls.server] : [])].map(
        (s) => new Promise<void>((resolve) => s.close(() => resolve())),
      );
      closeWhere(() => true);
      await Promise.all(closed);
      tenants.flushAll();
      tenants.closeAll();
      unlock();
    },
    async deleteTenant(tenantId) {
      closeWhere((c) => c.tenant === tenantId);
      tenants.delete(tenantId);
      metrics.forgetTenant(tenantId);
      topicTraffic.forgetTenant(tenantId);
    },
    closeConnectionsOf(username) {
      return closeWhere((c) => c.username === username);
    },
    metricsText() {
      return metrics.render();
    },
    takeTopicTraffic() {
      return topicTraffic.take();
    },
    consumerLag() {
      return tenants.all().flatMap(consumerLagOf);
    },
  };
}
