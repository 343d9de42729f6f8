// A tenant's search of its connectors' log lines: newest first, by time range, levels and text,
// in pages continued from the last line seen (time, id).
import { Injectable } from '@nestjs/common';
import type { ConnectorLogLine, Prisma } from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';

export interface ConnectorLogQuery {
  connectorId: string;
  levels?: string[];
  /** Case-insensitive substring of the message or the exception. */
  text?: string;
  start?: Date;
  end?: Date;
  /** Continue after this line (the last of the previous page). */
  after?: { time: Date; id: bigint };
  limit: number;
}

@Injectable()
export class ConnectorLogRepository {
  constructor(private readonly db: PrismaService) {}

  search(scope: OrgScope, q: ConnectorLogQuery): Promise<ConnectorLogLine[]> {
    const where: Prisma.ConnectorLogLineWhereInput = {
      organizationId: scope.organizationId,
      connectorId: q.connectorId,
      ...(q.levels && q.levels.length > 0 ? { level: { in: q.levels } } : {}),
      ...(q.text
        ? {
            OR: [
              { message: { contains: q.text, mode: 'insensitive' } },
              { exception: { contains: q.text, mode: 'insensitive' } },
            ],
          }
        : {}),
      AND: [
        ...(q.start ? [{ time: { gte: q.start } }] : []),
        ...(q.end ? [{ time: { lte: q.end } }] : []),
        ...(q.after ? [{ OR: [{ time: { lt: q.after.time } }, { time: q.after.time, id: { lt: q.after.id } }] }] : []),
      ],
    };
    return this.db.connectorLogLine.findMany({ where, orderBy: [{ time: 'desc' }, { id: 'desc' }], take: q.limit });
  }
}
