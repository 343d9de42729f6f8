import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { KafkaClusterRepository, type KafkaCluster, type OrgScope } from '@libs/db';
import { platformKafkaConfig } from '@libs/kafka-clients';
import { CLUSTER_DELETED_CHANNEL, RedisService } from '@libs/redis';
import { SecretBox } from '@libs/secrets';

/**
 * Takes a cluster from PROVISIONING to PROVISIONED (or FAILED). An embedded cluster is a namespace
 * on our broker and needs nothing; an external one must answer a metadata request first.
 */
@Injectable()
export class ClusterProvisioner {
  private readonly logger = new Logger('ClusterProvisioner');

  constructor(
    private readonly clusters: KafkaClusterRepository,
    private readonly secrets: SecretBox,
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs after the 202 has gone out. */
  provisionInBackground(scope: OrgScope, cluster: KafkaCluster): void {
    void this.provision(scope, cluster).catch((err) =>
      this.logger.error({ err, cluster: cluster.id }, 'provisioning crashed'),
    );
  }

  async provision(scope: OrgScope, cluster: KafkaCluster): Promise<void> {
    let phase: 'PROVISIONED' | 'FAILED' = 'PROVISIONED';
    if (cluster.backend === 'EXTERNAL') {
      phase = (await this.reachable(cluster)) ? 'PROVISIONED' : 'FAILED';
    }
    await this.clusters.update(scope, cluster.id, { phase });
  }

  private async reachable(cluster: KafkaCluster): Promise<boolean> {
    const kafka = new Kafka({
      ...platformKafkaConfig(cluster, {
        secrets: this.secrets,
        pepper: this.config.apiKeyPepper,
        embedded: { host: this.config.BROKER_HOST, port: this.config.BROKER_PORT },
      }),
      connectionTimeout: 5000,
      retry: { retries: 1 },
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return true;
    } catch (err) {
      this.logger.warn(`external cluster ${cluster.id} unreachable: ${(err as Error).message}`);
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** The broker drops the cluster's topics, groups and offsets when it hears this. */
  async announceDeleted(clusterId: string): Promise<void> {
    await this.redis.publish(CLUSTER_DELETED_CHANNEL, clusterId);
  }
}
