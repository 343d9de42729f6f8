import type { KafkaCluster } from '@generated/prisma/client';
import type { PrismaService } from '../prisma.service';
import { mintOrgScope } from '../scope/mint-org-scope';
import type { OrgScope } from '../scope/org-scope';

export type WorkerCluster = KafkaCluster & { scope: OrgScope };

/** The clusters the connector runtime connects to, by id: a task knows its cluster, not a tenant. */
export class WorkerClusters {
  constructor(private readonly db: PrismaService) {}

  async get(clusterId: string): Promise<WorkerCluster | null> {
    const cluster = await this.db.kafkaCluster.findUnique({ where: { id: clusterId } });
    return cluster && { ...cluster, scope: mintOrgScope(cluster.organizationId) };
  }
}
