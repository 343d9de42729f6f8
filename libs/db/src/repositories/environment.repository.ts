import { Injectable } from '@nestjs/common';
import type { Environment } from '@generated/prisma/client';
import { afterCursor, PAGE_ORDER, toPage, type Page, type PageRequest } from '@libs/api-common';
import { PrismaService } from '../prisma.service';
import { deleteResourceAccess } from './resource-access';

@Injectable()
export class EnvironmentRepository {
  constructor(private readonly db: PrismaService) {}

  async list(orgId: string, page: PageRequest, onlyIds?: string[]): Promise<Page<Environment>> {
    const where = { organizationId: orgId, ...(onlyIds ? { id: { in: onlyIds } } : {}) };
    const [rows, total] = await Promise.all([
      this.db.environment.findMany({
        where: { ...where, ...afterCursor(page.after) },
        orderBy: PAGE_ORDER,
        take: page.size + 1,
      }),
      this.db.environment.count({ where }),
    ]);
    return toPage(rows, page.size, total);
  }

  get(orgId: string, id: string): Promise<Environment | null> {
    return this.db.environment.findFirst({ where: { organizationId: orgId, id } });
  }

  create(
    orgId: string,
    data: { id: string; schemaRegistryId: string; displayName: string; streamGovernancePackage?: string | null },
  ): Promise<Environment> {
    return this.db.environment.create({ data: { ...data, organizationId: orgId } });
  }

  async update(
    orgId: string,
    id: string,
    data: { displayName?: string; streamGovernancePackage?: string },
  ): Promise<Environment | null> {
    const { count } = await this.db.environment.updateMany({ where: { organizationId: orgId, id }, data });
    return count === 0 ? null : this.get(orgId, id);
  }

  getBySchemaRegistry(orgId: string, schemaRegistryId: string): Promise<Environment | null> {
    return this.db.environment.findFirst({ where: { organizationId: orgId, schemaRegistryId } });
  }

  countClusters(orgId: string, id: string): Promise<number> {
    return this.db.kafkaCluster.count({ where: { organizationId: orgId, environmentId: id } });
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const { count } = await this.db.environment.deleteMany({ where: { organizationId: orgId, id } });
    return count > 0;
  }

  /**
   * The environment with what hangs on it, in one transaction: role bindings on it or below
   * (`crnPrefix`), its Schema Registry's API keys, the row. Returns the deleted key ids.
   */
  deleteWithDependents(
    orgId: string,
    env: { id: string; schemaRegistryId: string },
    crnPrefix: string,
  ): Promise<string[]> {
    return this.db.$transaction(async (tx) => {
      const keyIds = await deleteResourceAccess(tx, orgId, env.schemaRegistryId, crnPrefix);
      await tx.environment.deleteMany({ where: { organizationId: orgId, id: env.id } });
      return keyIds;
    });
  }
}
