import { Injectable } from '@nestjs/common';
import type { Admin, Producer } from 'kafkajs';
import type { Principal } from '@libs/auth';
import { KafkaClusterRepository, type KafkaCluster } from '@libs/db';
import { KafkaClientCache } from '../kafka-client-cache.service';
import { kafkaCall, kafkaRest } from '../kafka-errors';

/**
 * The cluster named in the path, as the caller's organization sees it (ClusterKeyGuard has already
 * checked that the key belongs to this cluster), and the platform's Kafka clients for it.
 */
@Injectable()
export class ClusterAccess {
  constructor(
    private readonly clusters: KafkaClusterRepository,
    private readonly clients: KafkaClientCache,
  ) {}

  async cluster(p: Principal, clusterId: string): Promise<KafkaCluster> {
    const cluster = await this.clusters.get(p.scope, clusterId);
    if (!cluster || p.resourceId !== clusterId) throw kafkaRest.clusterNotFound(clusterId);
    return cluster;
  }

  async admin(p: Principal, clusterId: string): Promise<{ cluster: KafkaCluster; admin: Admin }> {
    const cluster = await this.cluster(p, clusterId);
    const admin = await kafkaCall(() => this.clients.admin(cluster));
    return { cluster, admin };
  }

  async producer(cluster: KafkaCluster): Promise<Producer> {
    return kafkaCall(() => this.clients.producer(cluster));
  }

  /** Embedded clusters live on our single-node broker. */
  isEmbedded(cluster: KafkaCluster): boolean {
    return cluster.backend === 'EMBEDDED';
  }
}
