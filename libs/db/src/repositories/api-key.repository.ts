import { Injectable } from '@nestjs/common';
import type { ApiKey, ApiKeyResourceKind, OrganizationState } from '@generated/prisma/client';
import { afterCursor, PAGE_ORDER, toPage, type Page, type PageRequest } from '@libs/api-common';
import { PrismaService } from '../prisma.service';

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

export type ApiKeyForAuth = ApiKey & { organizationState: OrganizationState };

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly db: PrismaService) {}

  async list(orgId: string, page: PageRequest, filter: ApiKeyFilter): Promise<Page<ApiKey>> {
    const where = {
      organizationId: orgId,
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

  get(orgId: string, id: string): Promise<ApiKey | null> {
    return this.db.apiKey.findFirst({ where: { organizationId: orgId, id } });
  }

  create(orgId: string, data: NewApiKey): Promise<ApiKey> {
    return this.db.apiKey.create({ data: { ...data, organizationId: orgId } });
  }

  async update(
    orgId: string,
    id: string,
    data: { displayName?: string; description?: string },
  ): Promise<ApiKey | null> {
    const { count } = await this.db.apiKey.updateMany({ where: { organizationId: orgId, id }, data });
    return count === 0 ? null : this.get(orgId, id);
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const { count } = await this.db.apiKey.deleteMany({ where: { organizationId: orgId, id } });
    return count > 0;
  }

  /**
   * Authentication looks keys up before any tenant is known: the key ids are the only input, and
   * the organization each returns becomes the tenant scope for everything after. Several ids at
   * once (ApiKeyVerifier batches); ids not found are simply absent.
   */
  async findManyForAuth(ids: string[]): Promise<ApiKeyForAuth[]> {
    const rows = await this.db.apiKey.findMany({
      where: { id: { in: ids } },
      include: { organization: { select: { state: true } } },
    });
    return rows.map(({ organization, ...key }) => ({ ...key, organizationState: organization.state }));
  }

  /** Bootstrap automation: make exactly this key exist with this hash for this owner. */
  async upsertBootstrapKey(orgId: string, data: NewApiKey): Promise<void> {
    await this.db.apiKey.upsert({
      where: { id: data.id },
      create: { ...data, organizationId: orgId },
      update: {
        secretHash: data.secretHash,
        ownerId: data.ownerId,
        resourceKind: data.resourceKind,
        resourceId: data.resourceId,
      },
    });
  }
}
