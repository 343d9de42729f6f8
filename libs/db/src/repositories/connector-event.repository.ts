// A tenant's connector events, newest first.
import { Injectable } from '@nestjs/common';
import type { ConnectorEvent } from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';

@Injectable()
export class ConnectorEventRepository {
  constructor(private readonly db: PrismaService) {}

  list(scope: OrgScope, connectorId: string, limit: number): Promise<ConnectorEvent[]> {
    return this.db.connectorEvent.findMany({
      where: { organizationId: scope.organizationId, connectorId },
      orderBy: [{ time: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }
}
