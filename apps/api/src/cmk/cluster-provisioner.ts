import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { KafkaClusterRepository, type KafkaCluster, type OrgScope } from '@libs/db';
import {
  clusterAccessFailure,
  platformKafkaConfig,
  probeCluster,
  type ClusterAccessFailure,
  type ClusterConnectionFields,
} from '@libs/kafka-clients';
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
    const err = await this.probe(cluster, 1);
    if (err) this.logger.warn(`external cluster ${cluster.id} unreachable: ${err.message}`);
    return !err;
  }

  /**
   * A registration whose certificate is not trusted or whose login is refused, found by connecting
   * once before it is stored (so the caller gets a 400 naming the setting); an unreachable cluster is
   * not refused here (it may be starting) and ends FAILED through provisioning as before.
   */
  async accessFailure(cluster: ClusterConnectionFields): Promise<ClusterAccessFailure | undefined> {
    const err = await this.probe(cluster, 0);
    return err ? clusterAccessFailure(err) : undefined;
  }

  private probe(cluster: ClusterConnectionFields, retries: number): Promise<Error | undefined> {
    const config = platformKafkaConfig(cluster, {
      secrets: this.secrets,
      pepper: this.config.apiKeyPepper,
      embedded: { host: this.config.BROKER_HOST, port: this.config.BROKER_PORT },
    });
    return probeCluster(config, retries);
  }

  /** The broker drops the cluster's topics, groups and offsets when it hears this. */
  async announceDeleted(clusterId: string): Promise<void> {
    await this.redis.publish(CLUSTER_DELETED_CHANNEL, clusterId);
  }
}
