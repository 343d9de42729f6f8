import type {
  ConnectorOffsetRequest,
  ConnectRuntimeState,
  ConnectorTargetState,
  ConnectorType,
  Prisma,
} from '@generated/prisma/client';
import { canonicalJson } from '@libs/canonical-json';
import type { PrismaService } from '../prisma.service';
import { mintOrgScope } from '../scope/mint-org-scope';
import type { OrgScope } from '../scope/org-scope';

// PlatformRepository.runtime: the connector runtime reads every tenant's connectors and claims
// their tasks by (connector id, task id); rows it hands out carry their organization's scope for
// the tenant repositories. The connector runtime's writes (apps/worker, libs/connect-runtime/src/runtime). Every write a
// task makes carries the task's epoch (fencing token) and is conditional on it: when a newer
// (re)start bumped the epoch, the write matches 0 rows and the caller must stop at once.
//
// Contract with the Connect v1 API (connector.repository.ts):
// - the API writes Connector.{config, targetState, generation}; generation bumps on config change.
// - restart of a task: the API sets ConnectorTask.state = UNASSIGNED and nextRestartAt = now();
//   the worker holding the task restarts it (new epoch). Without a holder, the job restarts it.
// - the runtime writes Connector.{state, trace, workerId} and everything on ConnectorTask and
//   SourceOffset (offsets only while a task's epoch is current).

export interface RuntimeTaskRow {
  connectorId: string;
  taskId: number;
  generation: number;
  state: ConnectRuntimeState;
  workerId: string | null;
  epoch: number;
  config: Prisma.JsonValue;
  restartCount: number;
  nextRestartAt: Date | null;
}

export interface RuntimeConnectorRow {
  id: string;
  organizationId: string;
  scope: OrgScope;
  clusterId: string;
  name: string;
  pluginClass: string;
  type: ConnectorType;
  config: Prisma.JsonValue;
  targetState: ConnectorTargetState;
  generation: number;
  state: ConnectRuntimeState;
  trace: string | null;
  workerId: string | null;
  tasks: RuntimeTaskRow[];
}

/** What a holder of tasks needs to know each check: is my task still wanted, and still mine? */
export interface HeldTaskView {
  connectorId: string;
  taskId: number;
  generation: number;
  epoch: number;
  state: ConnectRuntimeState;
  nextRestartAt: Date | null;
  targetState: ConnectorTargetState;
}

export interface ClaimedTask {
  epoch: number;
  /** The connector's target state at the claim: a PAUSED task starts paused (KIP-875 keeps it in place). */
  targetState: 'RUNNING' | 'PAUSED';
  config: Record<string, string>;
  restartCount: number;
  connector: {
    id: string;
    organizationId: string;
    scope: OrgScope;
    clusterId: string;
    pluginClass: string;
    type: ConnectorType;
    config: Record<string, unknown>;
  };
}

export interface TaskStateReport {
  state: ConnectRuntimeState;
  trace?: string | null;
  message?: string | null;
  /** FAILED with auto-restart: when to restart, and count one more restart. */
  nextRestartAt?: Date | null;
  incrementRestartCount?: boolean;
  /** Sets the count instead (a failure after a healthy run starts over: see restartCountAfterRun). */
  restartCount?: number;
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

const TASK_SELECT = {
  connectorId: true,
  taskId: true,
  generation: true,
  state: true,
  workerId: true,
  epoch: true,
  config: true,
  restartCount: true,
  nextRestartAt: true,
} as const;

export class ConnectorRuntimeRepository {
  constructor(private readonly db: PrismaService) {}

  /**
   * Runs `pass` while this process holds the deployment's reconciler lock (a Postgres advisory
   * lock, transaction-scoped, keyed by `lockName`); null without running it when another holds it.
   */
  async asReconciler<T>(lockName: string, pass: () => Promise<T>): Promise<{ value: T } | null> {
    return this.db.$transaction(
      async (tx) => {
        // the lock's transaction idles while the pass works on other connections: as long as the pass may take
        await tx.$executeRaw`SET LOCAL idle_in_transaction_session_timeout = '60s'`;
        const rows = await tx.$queryRaw<
          { locked: boolean }[]
        >`SELECT pg_try_advisory_xact_lock(hashtext(${lockName})) AS locked`;
        return rows[0]?.locked ? { value: await pass() } : null;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  /** Every connector (optionally of some organizations only) with its tasks, for one reconcile pass. */
  async listForReconcile(organizationIds?: string[]): Promise<RuntimeConnectorRow[]> {
    const rows = await this.db.connector.findMany({
      where: organizationIds ? { organizationId: { in: organizationIds } } : {},
      select: {
        id: true,
        organizationId: true,
        clusterId: true,
        name: true,
        pluginClass: true,
        type: true,
        config: true,
        targetState: true,
        generation: true,
        state: true,
        trace: true,
        workerId: true,
        tasks: { select: TASK_SELECT, orderBy: { taskId: 'asc' } },
      },
    });
    return rows.map((r) => ({ ...r, scope: mintOrgScope(r.organizationId) }));
  }

  /** Offset requests waiting for the runtime (Confluent's POST …/offsets/request), oldest first. */
  pendingOffsetRequests(connectorIds: string[]): Promise<ConnectorOffsetRequest[]> {
    return this.db.connectorOffsetRequest.findMany({
      where: { status: 'PENDING', connectorId: { in: connectorIds } },
      orderBy: { requestedAt: 'asc' },
    });
  }

  /** The runtime's own target-state moves (stop for an offset request, then restore). */
  async setTargetState(connectorId: string, targetState: ConnectorTargetState): Promise<void> {
    await this.db.connector.updateMany({ where: { id: connectorId }, data: { targetState } });
  }

  async tasksOf(connectorId: string): Promise<RuntimeTaskRow[]> {
    return this.db.connectorTask.findMany({ where: { connectorId }, select: TASK_SELECT, orderBy: { taskId: 'asc' } });
  }

  /**
   * Makes the task rows match the configs computed for `generation`: unchanged configs keep their
   * row (and generation, so their job keeps running), changed or new ones get `generation`, extra
   * tasks are deleted. Skipped (null) when the connector moved to another generation meanwhile.
   * Returns the task ids whose config changed, appeared or disappeared. The connector row is locked
   * FOR NO KEY UPDATE: FOR UPDATE also blocks the KEY SHARE lock that a task's offset commit takes on
   * it (SourceOffset's foreign key) while it holds its task row, which the delete below waits for: a
   * deadlock.
   */
  async replaceTaskConfigs(
    connectorId: string,
    generation: number,
    configs: Record<string, string>[],
  ): Promise<number[] | null> {
    return this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<
        { generation: number; organizationId: string }[]
      >`SELECT generation, "organizationId" FROM "Connector" WHERE id = ${connectorId} FOR NO KEY UPDATE`;
      if (rows.length === 0 || rows[0].generation !== generation) return null;
      const { organizationId } = rows[0];
      const existing = await tx.connectorTask.findMany({
        where: { connectorId },
        select: { taskId: true, config: true },
      });
      const byId = new Map(existing.map((t) => [t.taskId, t]));
      const changed: number[] = [];
      for (let i = 0; i < configs.length; i++) {
        const row = byId.get(i);
        if (row && sameJson(row.config, configs[i])) continue;
        changed.push(i);
        if (row) {
          await tx.connectorTask.update({
            where: { connectorId_taskId: { connectorId, taskId: i } },
            data: { config: configs[i], generation, state: 'UNASSIGNED', trace: null, nextRestartAt: null },
          });
        } else {
          await tx.connectorTask.create({
            data: { connectorId, organizationId, taskId: i, config: configs[i], generation },
          });
        }
      }
      const extra = existing.filter((t) => t.taskId >= configs.length).map((t) => t.taskId);
      if (extra.length > 0) await tx.connectorTask.deleteMany({ where: { connectorId, taskId: { in: extra } } });
      return [...changed, ...extra];
    });
  }

  /**
   * A (re)start of a task: bumps the epoch (fencing every earlier holder) and records the worker.
   * Only while the connector is RUNNING or PAUSED (a paused task is held, paused, by its worker)
   * and the task still has `generation`; null otherwise (STOPPED releases every task).
   */
  async claimTask(
    connectorId: string,
    taskId: number,
    generation: number,
    workerId: string,
  ): Promise<ClaimedTask | null> {
    const rows = await this.db.$queryRaw<
      {
        epoch: number;
        config: Record<string, string>;
        restartCount: number;
        targetState: 'RUNNING' | 'PAUSED';
        organizationId: string;
        clusterId: string;
        pluginClass: string;
        type: ConnectorType;
        cconfig: Record<string, unknown>;
      }[]
    >`UPDATE "ConnectorTask" t
         SET epoch = t.epoch + 1, "workerId" = ${workerId}, state = 'UNASSIGNED'::"ConnectRuntimeState", "nextRestartAt" = NULL, "updatedAt" = now()
        FROM "Connector" c
       WHERE c.id = t."connectorId" AND t."connectorId" = ${connectorId} AND t."taskId" = ${taskId}
         AND t.generation = ${generation} AND c."targetState" IN ('RUNNING'::"ConnectorTargetState", 'PAUSED'::"ConnectorTargetState")
   RETURNING t.epoch, t.config, t."restartCount" AS "restartCount", c."targetState"::text AS "targetState", c."organizationId" AS "organizationId", c."clusterId" AS "clusterId",
             c."pluginClass" AS "pluginClass", c.type::text AS type, c.config AS cconfig`;
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      epoch: r.epoch,
      targetState: r.targetState,
      config: r.config,
      restartCount: r.restartCount,
      connector: {
        id: connectorId,
        organizationId: r.organizationId,
        scope: mintOrgScope(r.organizationId),
        clusterId: r.clusterId,
        pluginClass: r.pluginClass,
        type: r.type,
        config: r.cconfig,
      },
    };
  }

  /** A task's state, written only while `epoch` is current. false = fenced: stop at once. */
  async reportTaskState(connectorId: string, taskId: number, epoch: number, report: TaskStateReport): Promise<boolean> {
    const data: Prisma.ConnectorTaskUpdateManyMutationInput = { state: report.state };
    if (report.trace !== undefined) data.trace = report.trace;
    if (report.message !== undefined) data.message = report.message;
    if (report.nextRestartAt !== undefined) data.nextRestartAt = report.nextRestartAt;
    if (report.incrementRestartCount) data.restartCount = { increment: 1 };
    if (report.restartCount !== undefined) data.restartCount = report.restartCount;
    const res = await this.db.connectorTask.updateMany({ where: { connectorId, taskId, epoch }, data });
    return res.count === 1;
  }

  /**
   * A task that has run healthily for a while: restartCount back to 0 (and the "restarted N
   * time(s)" message, if it still shows), while `epoch` is current. false = fenced or nothing to reset.
   */
  async resetRestartCount(
    connectorId: string,
    taskId: number,
    epoch: number,
    restartMessage: string | null,
  ): Promise<boolean> {
    const n = await this.db.$executeRaw`
      UPDATE "ConnectorTask"
         SET "restartCount" = 0,
             message = CASE WHEN message = ${restartMessage} THEN NULL ELSE message END,
             "updatedAt" = now()
       WHERE "connectorId" = ${connectorId} AND "taskId" = ${taskId} AND epoch = ${epoch} AND "restartCount" > 0`;
    return n === 1;
  }

  /** Is `epoch` still the task's current epoch? (Sink tasks check before committing to Kafka.) */
  /**
   * KIP-558: records topics a task used (produced to / consumed from), once each per connector;
   * only while `epoch` owns the task (a fenced task records nothing). false = fenced.
   */
  async recordActiveTopics(connectorId: string, taskId: number, epoch: number, topics: string[]): Promise<boolean> {
    if (!(await this.isCurrent(connectorId, taskId, epoch))) return false;
    await this.db.$executeRaw`
      INSERT INTO "ConnectorActiveTopic" ("connectorId", "organizationId", topic)
      SELECT t."connectorId", t."organizationId", x.topic
        FROM "ConnectorTask" t, unnest(${topics}::text[]) AS x(topic)
       WHERE t."connectorId" = ${connectorId} AND t."taskId" = ${taskId} AND t.epoch = ${epoch}
      ON CONFLICT DO NOTHING`;
    return true;
  }

  async isCurrent(connectorId: string, taskId: number, epoch: number): Promise<boolean> {
    return (await this.db.connectorTask.count({ where: { connectorId, taskId, epoch } })) === 1;
  }

  /**
   * Commits source offsets (partition map → offset map) in one transaction that first locks the
   * task row at `epoch`: a newer claim either waits for this commit or makes it fail. false = fenced.
   */
  async commitSourceOffsets(
    connectorId: string,
    taskId: number,
    epoch: number,
    offsets: { partition: unknown; offset: unknown }[],
  ): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      // the connector row first, as a cascading delete of the connector locks it before its task and
      // offset rows: the same order on both sides, so a delete racing a commit waits instead of deadlocking
      await tx.$queryRaw`SELECT 1 FROM "Connector" WHERE id = ${connectorId} FOR KEY SHARE`;
      const held = await tx.$queryRaw<
        { organizationId: string }[]
      >`SELECT "organizationId" FROM "ConnectorTask" WHERE "connectorId" = ${connectorId} AND "taskId" = ${taskId} AND epoch = ${epoch} FOR UPDATE`;
      if (held.length === 0) return false;
      const { organizationId } = held[0];
      for (const o of offsets) {
        const partition = canonicalJson(o.partition);
        const offset = (o.offset ?? {}) as Prisma.InputJsonValue;
        await tx.sourceOffset.upsert({
          where: { connectorId_partition: { connectorId, partition } },
          create: { connectorId, organizationId, partition, offset },
          update: { offset },
        });
      }
      return true;
    });
  }

  /** Committed offsets of the given source partitions (by canonical JSON). */
  async readSourceOffsets(connectorId: string, partitions: unknown[]): Promise<Map<string, Prisma.JsonValue>> {
    const keys = partitions.map(canonicalJson);
    const rows = await this.db.sourceOffset.findMany({ where: { connectorId, partition: { in: keys } } });
    return new Map(rows.map((r) => [r.partition, r.offset]));
  }

  /** The current view of the tasks a worker runs, in one query. Missing keys = deleted. */
  async viewTasks(keys: { connectorId: string; taskId: number }[]): Promise<HeldTaskView[]> {
    if (keys.length === 0) return [];
    const cids = keys.map((k) => k.connectorId);
    const tids = keys.map((k) => k.taskId);
    return this.db.$queryRaw<HeldTaskView[]>`
      SELECT t."connectorId", t."taskId", t.generation, t.epoch, t.state::text AS state, t."nextRestartAt", c."targetState"::text AS "targetState"
        FROM unnest(${cids}::text[], ${tids}::int[]) AS k(cid, tid)
        JOIN "ConnectorTask" t ON t."connectorId" = k.cid AND t."taskId" = k.tid
        JOIN "Connector" c ON c.id = t."connectorId"`;
  }

  /** The connector instance's state as the reconciler sees it (not fenced: one reconciler acts). */
  async setConnectorState(
    connectorId: string,
    state: ConnectRuntimeState,
    trace: string | null,
    workerId: string | null,
  ): Promise<void> {
    await this.db.connector.updateMany({ where: { id: connectorId }, data: { state, trace, workerId } });
  }

  /**
   * States of tasks nobody runs (PAUSED/STOPPED connector, no job): written only if the epoch
   * did not move since the reconciler read it.
   */
  async setIdleTaskState(
    connectorId: string,
    taskId: number,
    epoch: number,
    state: ConnectRuntimeState,
  ): Promise<boolean> {
    const res = await this.db.connectorTask.updateMany({
      where: { connectorId, taskId, epoch },
      data: { state, workerId: null },
    });
    return res.count === 1;
  }
}
