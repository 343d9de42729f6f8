import type { Prisma } from '@generated/prisma/client';
import type { PrismaService } from '../prisma.service';

// PlatformRepository.connectorDeletions: deleted connectors awaiting their plugin's clean-up
// (Connector.onDelete), written by ConnectorRepository.delete in the deleting transaction. The
// runtime claims a due row (nextAttemptAt moves past the run, so one worker at a time has it),
// runs the hook, then removes the row or schedules the next attempt.

export interface PendingConnectorDeletion {
  connectorId: string;
  organizationId: string;
  clusterId: string;
  name: string;
  pluginClass: string;
  /** PASSWORD values are envelopes sealed to connectorId. */
  config: Prisma.JsonValue;
  tasks: { taskId: number; generation: number }[];
  deletedAt: Date;
  attempts: number;
}

export class ConnectorDeletions {
  constructor(private readonly db: PrismaService) {}

  /** Rows whose next attempt is due, oldest first (optionally of some organizations only). */
  async due(organizationIds: string[] | undefined, limit: number): Promise<PendingConnectorDeletion[]> {
    const rows = await this.db.connectorDeletion.findMany({
      where: {
        nextAttemptAt: { lte: new Date() },
        ...(organizationIds ? { organizationId: { in: organizationIds } } : {}),
      },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => ({ ...r, tasks: (r.tasks ?? []) as PendingConnectorDeletion['tasks'] }));
  }

  /** Takes a due row for `leaseMs` (counting an attempt); false when another worker took it first. */
  async claim(connectorId: string, leaseMs: number): Promise<boolean> {
    const now = new Date();
    const { count } = await this.db.connectorDeletion.updateMany({
      where: { connectorId, nextAttemptAt: { lte: now } },
      data: { nextAttemptAt: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
    });
    return count === 1;
  }

  /** The clean-up succeeded (or there is nothing to clean): the row goes. */
  async done(connectorId: string): Promise<void> {
    await this.db.connectorDeletion.deleteMany({ where: { connectorId } });
  }

  /** The clean-up failed: try again at `at`. */
  async retryAt(connectorId: string, at: Date, error: string): Promise<void> {
    await this.db.connectorDeletion.updateMany({
      where: { connectorId },
      data: { nextAttemptAt: at, lastError: error.slice(0, 4000) },
    });
  }
}
