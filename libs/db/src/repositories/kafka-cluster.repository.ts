import { Injectable } from '@nestjs/common';
import type { ClusterBackend, ClusterPhase, KafkaCluster, Prisma } from '@generated/prisma/client';
import { afterCursor, PAGE_ORDER, toPage, type Page, type PageRequest } from '@libs/api-common';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';
import { deleteResourceAccess } from './resource-access';

export interface NewKafkaCluster {
  id: string;
  environmentId: string;
  displayName: string;
  availability: string;
  cloud: string;
  region: string;
  config: Prisma.InputJsonValue;
  deletionProtection: boolean;
  phase: ClusterPhase;
  backend: ClusterBackend;
  externalBootstrap?: string | null;
  externalProtocol?: string | null;
  externalMechanism?: string | null;
  externalUsername?: string | null;
  externalPassword?: string | null;
  externalCaCert?: string | null;
}

export type KafkaClusterUpdate = Partial<
  Pick<NewKafkaCluster, 'displayName' | 'availability' | 'config' | 'deletionProtection' | 'phase'>
>;

@Injectable()
export class KafkaClusterRepository {
  constructor(private readonly db: PrismaService) {}

  /** `onlyIds` narrows the list (and its total) to those clusters, e.g. the ones a cluster admin may see. */
  async list(
    scope: OrgScope,
    environmentId: string,
    page: PageRequest,
    onlyIds?: string[],
  ): Promise<Page<KafkaCluster>> {
    const where = { organizationId: scope.organizationId, environmentId, ...(onlyIds ? { id: { in: onlyIds } } : {}) };
    const [rows, total] = await Promise.all([
      this.db.kafkaCluster.findMany({
        where: { ...where, ...afterCursor(page.after) },
        orderBy: PAGE_ORDER,
        take: page.size + 1,
      }),
      this.db.kafkaCluster.count({ where }),
    ]);
    return toPage(rows, page.size, total);
  }

  get(scope: OrgScope, id: string): Promise<KafkaCluster | null> {
    return this.db.kafkaCluster.findFirst({ where: { organizationId: scope.organizationId, id } });
  }

  /**
   * The Schema Registry of the cluster's environment (null when none): the registry a connector's
   * converters use (apps/worker). Organization-scoped like every method here.
   */
  async schemaRegistryIdOf(scope: OrgScope, id: string): Promise<string | null> {
    const cluster = await this.db.kafkaCluster.findFirst({
      where: { organizationId: scope.organizationId, id },
      select: { environment: { select: { schemaRegistryId: true } } },
    });
    return cluster?.environment?.schemaRegistryId ?? null;
  }

  create(scope: OrgScope, data: NewKafkaCluster): Promise<KafkaCluster> {
    return this.db.kafkaCluster.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  async update(scope: OrgScope, id: string, data: KafkaClusterUpdate): Promise<KafkaCluster | null> {
    const { count } = await this.db.kafkaCluster.updateMany({
      where: { organizationId: scope.organizationId, id },
      data,
    });
    return count === 0 ? null : this.get(scope, id);
  }

  async delete(scope: OrgScope, id: string): Promise<boolean> {
    const { count } = await this.db.kafkaCluster.deleteMany({ where: { organizationId: scope.organizationId, id } });
    return count > 0;
  }

  /** The cluster, its API keys and the role bindings on it or below, in one transaction; the deleted key ids. */
  deleteWithDependents(scope: OrgScope, id: string, crnPrefix: string): Promise<string[]> {
    return this.db.$transaction(async (tx) => {
      const keyIds = await deleteResourceAccess(tx, scope, id, crnPrefix);
      await tx.kafkaCluster.deleteMany({ where: { organizationId: scope.organizationId, id } });
      return keyIds;
    });
  }
}
