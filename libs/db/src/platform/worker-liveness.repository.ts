// Worker liveness for the Connect status. A task row says RUNNING on the worker that last
// claimed it; if that worker died (SIGKILL, host lost), the row keeps saying so until another
// worker claims the task. Each worker writes its heartbeat here every second (database clock,
// so the hosts' clocks do not matter); the status shows a RUNNING (or PAUSED: held in place) task
// of a worker silent for longer than WORKER_STALE_AFTER_MS as UNASSIGNED, as Kafka Connect does for a task with no live
// worker. A worker that never wrote a heartbeat (rows seeded by tests, older workers) is left
// as it is: only a worker known to have stopped beating is called dead.
import type { ConnectorTask } from '@generated/prisma/client';
import type { PrismaService } from '../prisma.service';

/** About the failover time (BullMQ lock 4 s + stalled check 1 s): the status is not stale longer. */
export const WORKER_STALE_AFTER_MS = 5000;
/** Heartbeats of workers gone for this long are removed (their tasks were reassigned long ago). */
const FORGET_AFTER_MS = 24 * 3600_000;

/** PlatformRepository.workers; the tenant ConnectorRepository reads it for the task status. */
export class WorkerLivenessRepository {
  constructor(private readonly db: PrismaService) {}

  async beat(workerId: string): Promise<void> {
    await this.db.$executeRaw`
      INSERT INTO "ConnectWorker" (id, "seenAt") VALUES (${workerId}, now())
      ON CONFLICT (id) DO UPDATE SET "seenAt" = now()`;
  }

  /** Drops the heartbeats of workers gone for a day (called at worker start). */
  async forgetOld(): Promise<void> {
    await this.db.$executeRaw`
      DELETE FROM "ConnectWorker" WHERE "seenAt" < now() - make_interval(secs => ${FORGET_AFTER_MS / 1000})`;
  }

  /** Of these worker ids, the ones whose last heartbeat is older than WORKER_STALE_AFTER_MS. */
  async stale(workerIds: string[]): Promise<Set<string>> {
    if (workerIds.length === 0) return new Set();
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "ConnectWorker"
       WHERE id = ANY(${workerIds}::text[])
         AND "seenAt" < now() - make_interval(secs => ${WORKER_STALE_AFTER_MS / 1000})`;
    return new Set(rows.map((r) => r.id));
  }

  /** The connectors with every RUNNING or PAUSED task of a dead worker shown UNASSIGNED (rows untouched). */
  async withLiveTaskStates<C extends { tasks: ConnectorTask[] }>(connectors: C[]): Promise<C[]> {
    const held = (t: ConnectorTask) => (t.state === 'RUNNING' || t.state === 'PAUSED') && t.workerId !== null;
    const ids = new Set<string>();
    for (const c of connectors) for (const t of c.tasks) if (held(t) && t.workerId) ids.add(t.workerId);
    const dead = await this.stale([...ids]);
    if (dead.size === 0) return connectors;
    return connectors.map((c) => ({
      ...c,
      tasks: c.tasks.map((t) =>
        held(t) && t.workerId && dead.has(t.workerId) ? { ...t, state: 'UNASSIGNED' as const } : t,
      ),
    }));
  }
}
