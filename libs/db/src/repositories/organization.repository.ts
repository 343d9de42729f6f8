import { Injectable } from '@nestjs/common';
import type { Organization, OrganizationState } from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';

/**
 * Organizations are the tenant boundary itself: tenant code reads only its own (by id from the
 * authenticated principal); listing across tenants is the operator's alone.
 */
@Injectable()
export class OrganizationRepository {
  constructor(private readonly db: PrismaService) {}

  get(orgId: string): Promise<Organization | null> {
    return this.db.organization.findUnique({ where: { id: orgId } });
  }

  update(orgId: string, data: { displayName?: string }): Promise<Organization> {
    return this.db.organization.update({ where: { id: orgId }, data });
  }

  // Operator-only below.
  listAll(): Promise<Organization[]> {
    return this.db.organization.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  count(): Promise<number> {
    return this.db.organization.count();
  }

  setState(orgId: string, state: OrganizationState): Promise<Organization> {
    return this.db.organization.update({ where: { id: orgId }, data: { state } });
  }

  delete(orgId: string): Promise<Organization> {
    return this.db.organization.delete({ where: { id: orgId } });
  }
}
