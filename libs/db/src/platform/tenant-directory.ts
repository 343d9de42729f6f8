import type { Organization } from '@generated/prisma/client';
import type { PrismaService } from '../prisma.service';

/** Every organization: the operator's listing and the start-up bootstrap, never a tenant. */
export class TenantDirectory {
  constructor(private readonly db: PrismaService) {}

  listAll(): Promise<Organization[]> {
    return this.db.organization.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  count(): Promise<number> {
    return this.db.organization.count();
  }
}
