import { Injectable } from '@nestjs/common';
import type { AuditEvent, Prisma } from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';

export interface NewAuditEvent {
  organizationId: string | null;
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

  async record(event: NewAuditEvent): Promise<void> {
    await this.db.auditEvent.create({ data: event });
  }

  recent(orgId: string, limit = 50): Promise<AuditEvent[]> {
    return this.db.auditEvent.findMany({ where: { organizationId: orgId }, orderBy: { at: 'desc' }, take: limit });
  }
}
