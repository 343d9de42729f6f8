import { Injectable } from '@nestjs/common';
import type { AuditEvent, Prisma } from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';

export interface NewAuditEvent {
  /** null: no organization (unauthenticated requests, operator actions). */
  organization: OrgScope | null;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  result: string;
  requestId: string | null;
  details?: Prisma.InputJsonValue;
}

@Injectable()
export class AuditEventRepository {
  constructor(private readonly db: PrismaService) {}

  async record({ organization, ...event }: NewAuditEvent): Promise<void> {
    await this.db.auditEvent.create({ data: { ...event, organizationId: organization?.organizationId ?? null } });
  }

  /**
   * Newest first. Keyset on the id alone (insertion order): `at` carries microseconds a page token's
   * milliseconds would lose, so a cursor on it could skip rows.
   */
  async list(filter: AuditEventFilter, size: number, beforeId?: bigint): Promise<AuditEventPage> {
    const where: Prisma.AuditEventWhereInput = {
      organizationId: filter.organization?.organizationId ?? null,
      ...(filter.since || filter.until
        ? { at: { ...(filter.since ? { gte: filter.since } : {}), ...(filter.until ? { lt: filter.until } : {}) } }
        : {}),
      ...(filter.actor !== undefined ? { actor: filter.actor } : {}),
      ...(filter.result !== undefined ? { result: filter.result } : {}),
      ...(filter.method || filter.pathPrefix
        ? { action: { startsWith: `${filter.method ?? ''}${filter.method ? ' ' : ''}${filter.pathPrefix ?? ''}` } }
        : {}),
    };
    // A path without a method: "<any method> <path…>".
    if (!filter.method && filter.pathPrefix) where.action = { contains: ` ${filter.pathPrefix}` };
    const [rows, total] = await Promise.all([
      this.db.auditEvent.findMany({
        where: beforeId !== undefined ? { ...where, id: { lt: beforeId } } : where,
        orderBy: { id: 'desc' },
        take: size + 1,
      }),
      this.db.auditEvent.count({ where }),
    ]);
    const hasMore = rows.length > size;
    const page = hasMore ? rows.slice(0, size) : rows;
    return { rows: page, total, nextBeforeId: hasMore ? page[page.length - 1]?.id : undefined };
  }
}

export interface AuditEventFilter {
  /** null: the events with no organization (unauthenticated requests, operator actions, deleted organizations). */
  organization: OrgScope | null;
  since?: Date;
  until?: Date;
  actor?: string;
  /** "POST", … */
  method?: string;
  /** Start of the route, e.g. /org/v2/environments */
  pathPrefix?: string;
  /** "success" or an HTTP status ("401"). */
  result?: string;
}

export interface AuditEventPage {
  rows: AuditEvent[];
  total: number;
  nextBeforeId?: bigint;
}
