// How a worker reaches a cluster with a given credential (the pool's configFor): the platform
// identity when none is given; a connector's API key as its SASL/PLAIN login on the embedded
// broker; on an external SASL cluster the key and secret as that cluster's own login.
import type { KafkaConfig } from 'kafkajs';
import type { ServiceAccountRepository, WorkerClusters } from '@libs/db';
import { embeddedBrokerTarget, platformKafkaConfig, withLogin, type EmbeddedBrokerAddress } from '@libs/kafka-clients';
import type { SecretBox } from '@libs/secrets';
import { CredentialError, type KafkaCredential } from './kafka-credential';
import type { PooledClusterConfig } from './kafka-pool';

export interface PoolConfigDeps {
  secrets: SecretBox;
  pepper: string;
  embedded: EmbeddedBrokerAddress;
}

export interface PoolConfigStores {
  clusters: WorkerClusters;
  accounts: ServiceAccountRepository;
}

export async function pooledClusterConfig(
  stores: PoolConfigStores,
  clusterId: string,
  credential: KafkaCredential | null,
  deps: PoolConfigDeps,
): Promise<PooledClusterConfig> {
  const cluster = await stores.clusters.get(clusterId);
  if (!cluster) throw new Error(`Kafka cluster ${clusterId} not found`);
  const platform = platformKafkaConfig(cluster, deps, 'connectplane-worker');
  const platformTarget = cluster.backend === 'EMBEDDED' ? embeddedBrokerTarget(cluster.id, deps) : null;
  if (!credential) return { kafka: platform, singleBroker: platformTarget };
  if (credential.kind === 'service-account') {
    const sa = await stores.accounts.get(cluster.scope, credential.serviceAccountId);
    if (!sa)
      throw new CredentialError(
        `Service account ${credential.serviceAccountId} does not exist or was deleted: the connector cannot reach Kafka on its behalf. Update kafka.service.account.id.`,
      );
    return { kafka: platform, singleBroker: platformTarget };
  }
  const login = { username: credential.key, password: credential.secret };
  if (platformTarget) {
    const kafka: KafkaConfig = { ...platform, sasl: { mechanism: 'plain', ...login } };
    return { kafka, singleBroker: { host: platformTarget.host, port: platformTarget.port, sasl: login } };
  }
  // an external cluster without a username/password login: its registration's own settings
  return { kafka: withLogin(platform, login) ?? platform, singleBroker: null };
}
