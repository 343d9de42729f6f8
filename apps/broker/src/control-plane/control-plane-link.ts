import type { BrokerHandle } from '@libs/broker';
import { ApiKeyVerifier } from '@libs/auth';
import type { AppConfig } from '@libs/config';
import { PlatformRepository, PrismaService } from '@libs/db';
import { API_KEY_INVALIDATION_CHANNEL, CLUSTER_DELETED_CHANNEL, RedisService } from '@libs/redis';
import { ControlPlaneAuthenticator } from './control-plane-authenticator';

export interface ControlPlaneLink {
  authenticator: ControlPlaneAuthenticator;
  /** Subscribes the running broker to revocations and cluster deletions. */
  attach(broker: BrokerHandle): Promise<void>;
  close(): Promise<void>;
}

/** The broker's view of the control plane: Postgres for API keys, Redis for "this changed" signals. */
export function connectControlPlane(config: AppConfig): ControlPlaneLink {
  const db = new PrismaService(config);
  const redis = new RedisService(config);
  const verifier = new ApiKeyVerifier(new PlatformRepository(db).auth, config.apiKeyPepper);
  const authenticator = new ControlPlaneAuthenticator(verifier, config.apiKeyPepper);
  return {
    authenticator,
    async attach(broker) {
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
    async close() {
      await redis.onModuleDestroy();
      await db.$disconnect();
    },
  };
}
