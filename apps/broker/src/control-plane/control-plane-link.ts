import type { BrokerHandle, Logger } from '@libs/broker';
import { ApiKeyVerifier } from '@libs/auth';
import type { AppConfig } from '@libs/config';
import { PlatformRepository, PrismaService } from '@libs/db';
import { API_KEY_INVALIDATION_CHANNEL, CLUSTER_DELETED_CHANNEL, RedisService } from '@libs/redis';
import { ControlPlaneAuthenticator } from './control-plane-authenticator';
import { startKafkaMetrics, type KafkaMetrics } from './kafka-metrics';

export interface ControlPlaneLink {
  authenticator: ControlPlaneAuthenticator;
  /** Subscribes the running broker to revocations and cluster deletions, and starts its Metrics API series. */
  attach(broker: BrokerHandle): Promise<void>;
  /** Writes the broker's metric series now (tests; the timer does it every METRICS_FLUSH_MS). */
  flushMetrics(): Promise<void>;
  /** Writes the last metrics, then disconnects. */
  close(): Promise<void>;
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The broker's view of the control plane: Postgres for API keys, Redis for "this changed" signals. */
export function connectControlPlane(config: AppConfig, log: Logger = silent): ControlPlaneLink {
  const db = new PrismaService(config);
  const redis = new RedisService(config);
  const platform = new PlatformRepository(db);
  const verifier = new ApiKeyVerifier(platform.auth, config.apiKeyPepper);
  const authenticator = new ControlPlaneAuthenticator(verifier, config.apiKeyPepper);
  let metrics: KafkaMetrics | undefined;
  return {
    authenticator,
    async attach(broker) {
      metrics = startKafkaMetrics(broker, platform.metricSeries, log, { flushMs: config.METRICS_FLUSH_MS });
      // A deleted key (or a suspended organization) loses its open connections at once.
      await redis.subscribe(API_KEY_INVALIDATION_CHANNEL, (message) => {
        verifier.invalidate(message);
        const users = message.startsWith('org:') ? authenticator.usersOfOrganization(message.slice(4)) : [message];
        for (const user of users) {
          broker.closeConnectionsOf(user);
          authenticator.forget(user);
        }
      });
      await redis.subscribe(CLUSTER_DELETED_CHANNEL, (clusterId) => void broker.deleteTenant(clusterId));
      // Revocations published while Redis was down are lost: verified keys are checked again.
      redis.onResync(() => verifier.invalidateAll());
    },
    async flushMetrics() {
      await metrics?.flush();
    },
    async close() {
      await metrics?.close();
      await redis.onModuleDestroy();
      await db.$disconnect();
    },
  };
}
