// A tenant's Kafka Connect logger levels per Kafka cluster (the worker REST API's /admin/loggers).
// The runtime reads them across tenants through PlatformRepository.connectorLogs.loggerLevels.
import { Injectable } from '@nestjs/common';
import type { ConnectLoggerLevel } from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';
import { effectiveLogLevel, loggerCovers, type LogLevel } from './connect-logger-levels';

@Injectable()
export class ConnectLoggerLevelRepository {
  constructor(private readonly db: PrismaService) {}

  /** The levels set on a cluster, by logger name. */
  list(scope: OrgScope, clusterId: string): Promise<ConnectLoggerLevel[]> {
    return this.db.connectLoggerLevel.findMany({
      where: { organizationId: scope.organizationId, clusterId },
      orderBy: { logger: 'asc' },
    });
  }

  /**
   * Sets `logger` and every configured logger under it, as log4j sets a namespace's child loggers
   * (so a parent's change is not hidden by an older child setting). A logger already at that level
   * keeps its last-modified time; one not configured is stored only if its effective level
   * differs. Returns the names it applied to, sorted (Kafka Connect's worker-scope answer).
   */
  async set(scope: OrgScope, clusterId: string, logger: string, level: LogLevel): Promise<string[]> {
    const organizationId = scope.organizationId;
    return this.db.$transaction(async (tx) => {
      const rows = await tx.connectLoggerLevel.findMany({ where: { organizationId, clusterId } });
      const under = rows.filter((r) => loggerCovers(logger, r.logger));
      const now = new Date();
      const changed = under.filter((r) => r.level !== level).map((r) => r.logger);
      if (changed.length > 0)
        await tx.connectLoggerLevel.updateMany({
          where: { organizationId, clusterId, logger: { in: changed } },
          data: { level, lastModified: now },
        });
      if (!rows.some((r) => r.logger === logger) && effectiveLogLevel(rows, logger) !== level)
        // upsert: a concurrent PUT of the same new logger must not fail on the key
        await tx.connectLoggerLevel.upsert({
          where: { clusterId_logger: { clusterId, logger } },
          create: { organizationId, clusterId, logger, level, lastModified: now },
          update: { level, lastModified: now },
        });
      return [...new Set([logger, ...under.map((r) => r.logger)])].sort();
    });
  }
}
