import { Injectable } from '@nestjs/common';
import type { Environment } from '@generated/prisma/client';
import { afterCursor, PAGE_ORDER, toPage, type Page, type PageRequest } from '@libs/api-common';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';
import { deleteResourceAccess } from './resource-access';

@Injectable()
export class EnvironmentRepository {
  constructor(private readonly db: PrismaService) {}

  async list(scope: OrgScope, page: PageRequest, onlyIds?: string[]): Promise<Page<Environment>> {
    const where = { organizationId: scope.organizationId, ...(onlyIds ? { id: { in: onlyIds } } : {}) };
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

  get(scope: OrgScope, id: string): Promise<Environment | null> {
    return this.db.environment.findFirst({ where: { organizationId: scope.organizationId, id } });
  }

  create(
    scope: OrgScope,
    data: { id: string; schemaRegistryId: string; displayName: string; streamGovernancePackage?: string | null },
  ): Promise<Environment> {
    return this.db.environment.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  async update(
    scope: OrgScope,
    id: string,
    data: { displayName?: string; streamGovernancePackage?: string },
  ): Promise<Environment | null> {
    const { count } = await this.db.environment.updateMany({
      where: { organizationId: scope.organizationId, id },
      data,
    });
    return count === 0 ? null : this.get(scope, id);
  }

  getBySchemaRegistry(scope: OrgScope, schemaRegistryId: string): Promise<Environment | null> {
    return this.db.environment.findFirst({ where: { organizationId: scope.organizationId, schemaRegistryId } });
  }

  countClusters(scope: OrgScope, id: string): Promise<number> {
    return this.db.kafkaCluster.count({ where: { organizationId: scope.organizationId, environmentId: id } });
  }

  async delete(scope: OrgScope, id: string): Promise<boolean> {
    const { count } = await this.db.environment.deleteMany({ where: { organizationId: scope.organizationId, id } });
    return count > 0;
  }

  /**
   * The environment with what hangs on it, in one transaction: role bindings on it or below
   * (`crnPrefix`), its Schema Registry's API keys, the row. Returns the deleted key ids.
   */
  deleteWithDependents(
    scope: OrgScope,
    env: { id: string; schemaRegistryId: string },
    crnPrefix: string,
  ): Promise<string[]> {
    return this.db.$transaction(async (tx) => {
      const keyIds = await deleteResourceAccess(tx, scope, env.schemaRegistryId, crnPrefix);
      await tx.environment.deleteMany({ where: { organizationId: scope.organizationId, id: env.id } });
      return keyIds;
    });
  }
}
