import { Injectable } from '@nestjs/common';
import type { ApiKey, ApiKeyResourceKind } from '@generated/prisma/client';
import { afterCursor, PAGE_ORDER, toPage, type Page, type PageRequest } from '@libs/api-common';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';

export interface ApiKeyFilter {
  ownerId?: string;
  resourceId?: string;
  resourceKind?: ApiKeyResourceKind;
}

export interface NewApiKey {
  id: string;
  ownerId: string;
  resourceKind: ApiKeyResourceKind;
  resourceId: string | null;
  environmentId: string | null;
  secretHash: string;
  displayName?: string;
  description?: string;
}

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly db: PrismaService) {}

  async list(scope: OrgScope, page: PageRequest, filter: ApiKeyFilter): Promise<Page<ApiKey>> {
    const where = {
      organizationId: scope.organizationId,
      ...(filter.ownerId ? { ownerId: filter.ownerId } : {}),
      ...(filter.resourceId ? { resourceId: filter.resourceId } : {}),
      ...(filter.resourceKind ? { resourceKind: filter.resourceKind } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.apiKey.findMany({
        where: { ...where, ...afterCursor(page.after) },
        orderBy: PAGE_ORDER,
        take: page.size + 1,
      }),
      this.db.apiKey.count({ where }),
    ]);
    return toPage(rows, page.size, total);
  }

  get(scope: OrgScope, id: string): Promise<ApiKey | null> {
    return this.db.apiKey.findFirst({ where: { organizationId: scope.organizationId, id } });
  }

  create(scope: OrgScope, data: NewApiKey): Promise<ApiKey> {
    return this.db.apiKey.create({ data: { ...data, organizationId: scope.organizationId } });
  }

  async update(
    scope: OrgScope,
    id: string,
    data: { displayName?: string; description?: string },
  ): Promise<ApiKey | null> {
    const { count } = await this.db.apiKey.updateMany({ where: { organizationId: scope.organizationId, id }, data });
    return count === 0 ? null : this.get(scope, id);
  }

  async delete(scope: OrgScope, id: string): Promise<boolean> {
    const { count } = await this.db.apiKey.deleteMany({ where: { organizationId: scope.organizationId, id } });
    return count > 0;
  }

  /** Bootstrap automation: make exactly this key exist with this hash for this owner. */
  async upsertBootstrapKey(scope: OrgScope, data: NewApiKey): Promise<void> {
    await this.db.apiKey.upsert({
      where: { id: data.id },
      create: { ...data, organizationId: scope.organizationId },
      update: {
        secretHash: data.secretHash,
        ownerId: data.ownerId,
        resourceKind: data.resourceKind,
        resourceId: data.resourceId,
      },
    });
  }
}
