// The runtime's writes of connectors' log lines (cross-tenant: a worker holds many tenants' tasks),
// the logger levels that decide which lines are kept, and their pruning by age and count. Reads
// are the tenant's (repositories/connector-log.repository.ts, connect-logger-level.repository.ts).
import { PrismaService } from '../prisma.service';
import type { LoggerLevelSetting } from '../repositories/connect-logger-levels';

export interface ConnectorLogEntry {
  connectorId: string;
  taskId: number | null;
  time: Date;
  level: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  message: string;
  exception?: string | null;
}

export class ConnectorLogWriter {
  constructor(private readonly db: PrismaService) {}

  /**
   * Appends lines in one statement; the organization comes from the connector row, and lines of a
   * connector deleted meanwhile are dropped. Returns how many were written.
   */
  async append(lines: ConnectorLogEntry[]): Promise<number> {
    if (lines.length === 0) return 0;
    return this.db.$executeRaw`
      INSERT INTO "ConnectorLogLine" ("connectorId", "organizationId", "taskId", time, level, message, exception)
      SELECT c.id, c."organizationId", x.task, x.time, x.level, x.message, x.exception
        FROM unnest(${lines.map((l) => l.connectorId)}::text[], ${lines.map((l) => l.taskId)}::int[],
                    ${lines.map((l) => l.time)}::timestamptz[], ${lines.map((l) => l.level)}::text[],
                    ${lines.map((l) => l.message)}::text[], ${lines.map((l) => l.exception ?? null)}::text[])
             AS x(connector, task, time, level, message, exception)
        JOIN "Connector" c ON c.id = x.connector`;
  }

  /** The logger levels set on these Kafka clusters (/admin/loggers), each with its cluster. */
  loggerLevels(clusterIds: string[]): Promise<(LoggerLevelSetting & { clusterId: string })[]> {
    if (clusterIds.length === 0) return Promise.resolve([]);
    return this.db.connectLoggerLevel.findMany({
      where: { clusterId: { in: clusterIds } },
      select: { clusterId: true, logger: true, level: true },
    });
  }

  /**
   * Drops lines older than `olderThan`, and all but the newest `keep` of each connector that wrote
   * since `since` (only those can have grown past it); both walk indexes, not the whole table.
   */
  async prune(olderThan: Date, keep: number, since: Date): Promise<number> {
    const old = await this.db.connectorLogLine.deleteMany({ where: { time: { lt: olderThan } } });
    const over = await this.db.$executeRaw`
      DELETE FROM "ConnectorLogLine" l
       USING (SELECT o.id
                FROM (SELECT DISTINCT "connectorId" AS id FROM "ConnectorLogLine" WHERE time >= ${since}) c
                CROSS JOIN LATERAL (SELECT x.id FROM "ConnectorLogLine" x WHERE x."connectorId" = c.id
                                     ORDER BY x.time DESC, x.id DESC OFFSET ${keep}) o) d
       WHERE l.id = d.id`;
    return old.count + over;
  }
}
