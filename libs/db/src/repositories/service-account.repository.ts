import { Injectable } from '@nestjs/common';
import type { ServiceAccount } from '@generated/prisma/client';
import { afterCursor, PAGE_ORDER, toPage, type Page, type PageRequest } from '@libs/api-common';
import { PrismaService } from '../prisma.service';

@Injectable()
export class ServiceAccountRepository {
  constructor(private readonly db: PrismaService) {}

  async list(orgId: string, page: PageRequest, displayNames?: string[]): Promise<Page<ServiceAccount>> {
    const where = { organizationId: orgId, ...(displayNames?.length ? { displayName: { in: displayNames } } : {}) };
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

  get(orgId: string, id: string): Promise<ServiceAccount | null> {
    return this.db.serviceAccount.findFirst({ where: { organizationId: orgId, id } });
  }

  findByName(orgId: string, displayName: string): Promise<ServiceAccount | null> {
    return this.db.serviceAccount.findFirst({ where: { organizationId: orgId, displayName } });
  }

  create(orgId: string, data: { id: string; displayName: string; description?: string }): Promise<ServiceAccount> {
    return this.db.serviceAccount.create({ data: { ...data, organizationId: orgId } });
  }

  async update(
    orgId: string,
    id: string,
    data: { displayName?: string; description?: string },
  ): Promise<ServiceAccount | null> {
    const { count } = await this.db.serviceAccount.updateMany({ where: { organizationId: orgId, id }, data });
    return count === 0 ? null : this.get(orgId, id);
  }

  /** Deletes the account, its keys and its role bindings; returns the ids of the keys removed. */
  async delete(orgId: string, id: string): Promise<string[] | null> {
    return this.db.$transaction(async (tx) => {
      const keys = await tx.apiKey.findMany({ where: { organizationId: orgId, ownerId: id }, select: { id: true } });
      await tx.roleBinding.deleteMany({ where: { organizationId: orgId, principal: `User:${id}` } });
      const { count } = await tx.serviceAccount.deleteMany({ where: { organizationId: orgId, id } });
      return count === 0 ? null : keys.map((k) => k.id);
    });
  }
}
