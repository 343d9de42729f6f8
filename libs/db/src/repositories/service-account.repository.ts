import { Injectable } from '@nestjs/common';
import type { ServiceAccount } from '@generated/prisma/client';
import { afterCursor, PAGE_ORDER, toPage, type Page, type PageRequest } from '@libs/api-common';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';

@Injectable()
export class ServiceAccountRepository {
  constructor(private readonly db: PrismaService) {}

  async list(scope: OrgScope, page: PageRequest, displayNames?: string[]): Promise<Page<ServiceAccount>> {
    const where = {
      organizationId: scope.organizationId,
      ...(displayNames?.length ? { displayName: { in: displayNames } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.serviceAccount.findMany({
        where: { ...where, ...afterCursor(page.after) },
        orderBy: PAGE_ORDER,
        take: page.size + 1,
      }),
      this.db.serviceAccount.count({ where }),
    ]);
    return toPage(rows, page.size, total);
  }

  get(scope: OrgScope, id: string): Promise<ServiceAccount | null> {
    return this.db.serviceAccount.findFirst({ where: { organizationId: scope.organizationId, id } });
  }

  findByName(scope: OrgScope, displayName: string): Promise<ServiceAccount | null> {
    return this.db.serviceAccount.findFirst({ where: { organizationId: scope.organizationId, displayName } });
  }

  create(scope: OrgScope, data: { id: string; displayName: string; description?: string }): Promise<ServiceAccount> {
    return this.db.serviceAccount.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  async update(
    scope: OrgScope,
    id: string,
    data: { displayName?: string; description?: string },
  ): Promise<ServiceAccount | null> {
    const { count } = await this.db.serviceAccount.updateMany({
      where: { organizationId: scope.organizationId, id },
      data,
    });
    return count === 0 ? null : this.get(scope, id);
  }

  /** Deletes the account, its keys and its role bindings; returns the ids of the keys removed. */
  async delete(scope: OrgScope, id: string): Promise<string[] | null> {
    return this.db.$transaction(async (tx) => {
      const keys = await tx.apiKey.findMany({
        where: { organizationId: scope.organizationId, ownerId: id },
        select: { id: true },
      });
      await tx.roleBinding.deleteMany({ where: { organizationId: scope.organizationId, principal: `User:${id}` } });
      const { count } = await tx.serviceAccount.deleteMany({ where: { organizationId: scope.organizationId, id } });
      return count === 0 ? null : keys.map((k) => k.id);
    });
  }
}
