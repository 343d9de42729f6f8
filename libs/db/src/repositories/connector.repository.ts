// Connectors, their task status rows, source offsets and offset requests, always scoped to one
// tenant cluster: every method takes (organizationId, clusterId) and never reads another's rows.
//
// ── Contract between the Connect v1 API (writer of desired state) and the runtime ──────────────
// The API writes, the runtime reads and acts:
//  * Connector.config: the user's flat string map (service keys such as kafka.endpoint are NOT
//    stored; they are synthesised on read). Every PASSWORD-typed value (common: kafka.api.key,
//    kafka.api.secret; plus the plugin's and transforms' PASSWORD keys) is a SecretBox envelope
//    sealed with AAD `connectorSecretAad(connectorId, key)`. `openConnectorConfig()` below turns a
//    stored map back into plaintext (values that are not envelopes of that key pass through).
//  * Connector.pluginClass: the alias or class name the user gave in connector.class (resolve it
//    through PluginRegistry.find). Connector.type: SOURCE|SINK from the plugin.
//  * Connector.generation: bumped on every effective config change (an identical PUT does not
//    bump it). Tasks of an older generation must be replaced.
//  * Connector.targetState: RUNNING | PAUSED | STOPPED, written by pause/resume/stop.
//  * Connector restart (POST …/restart): Connector.state := PROVISIONING, trace := null. The
//    runtime restarts the connector instance (recomputes taskConfigs) and sets state back.
//  * Task restart (POST …/restart?includeTasks, POST …/tasks/{id}/restart): ConnectorTask.state :=
//    UNASSIGNED, nextRestartAt := now(), trace := null. The runtime restarts that task (new epoch)
//    as soon as nextRestartAt <= now(); it clears nextRestartAt when the task runs again.
//  * Delete: the connector row goes (tasks, offsets and offset requests cascade) and a
//    ConnectorDeletion row (last config, task jobs) is written in the same transaction; the API
//    publishes the connector id on Redis channel `connectors:deleted` (CONNECTOR_DELETED_CHANNEL in @libs/redis);
//    the runtime stops its tasks, deletes the sink consumer group `connect-<lcc id>`, and once the
//    task jobs are gone runs the plugin's Connector.onDelete (a CDC slot drop), then the row goes.
//  * ConnectorOffsetRequest (Confluent's POST …/offsets/request): status PENDING means "for the
//    runtime": stop the connector's tasks, apply (PATCH: each entry sets or — offset null — removes
//    one partition; DELETE: all partitions), write previousOffsets + appliedAt + status APPLIED
//    (or FAILED + error), then restore previousState. The API applies requests itself when no task
//    of the connector is RUNNING/PAUSED (sources: SourceOffset rows; sinks: the group
//    `connect-<lcc id>` through a kafkajs admin) and leaves them PENDING otherwise. A sink created
//    with `offsets` gets a PENDING PATCH request the runtime must apply before the first start.
//  * After every write above (create, config change, target state, restart marks, offset
//    requests) the API publishes the connector id on Redis channel `connectors:changed`
//    (CONNECTOR_CHANGED_CHANNEL in @libs/redis) so the reconciler and the workers holding its tasks act
//    at once instead of at their next pass.
// The runtime writes, the API reads: Connector.state/trace/workerId and ConnectorTask rows
// (state, workerId, trace, message, restartCount), which the API turns into Confluent's status.
import { Injectable } from '@nestjs/common';
import { canonicalJson } from '@libs/canonical-json';
import type {
  ConnectorOffsetRequest,
  ConnectorTargetState,
  ConnectorType,
  ConnectRuntimeState,
  OffsetRequestStatus,
  OffsetRequestType,
  Prisma,
  SourceOffset,
} from '@generated/prisma/client';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';
import { WorkerLivenessRepository } from '../platform/worker-liveness.repository';
import type { ConnectorWithTasks, NewConnector, OffsetEntry, TaskStatusSeed } from './connector.types';

const byTaskId = { orderBy: { taskId: 'asc' as const } };

@Injectable()
export class ConnectorRepository {
  constructor(private readonly db: PrismaService) {}

  private inCluster(scope: OrgScope, clusterId: string) {
    return { organizationId: scope.organizationId, clusterId };
  }

  /** Child rows (tasks, offsets, offset requests) of the tenant's connector `id` in the cluster. */
  private ofConnector(scope: OrgScope, clusterId: string, id: string) {
    return { organizationId: scope.organizationId, connectorId: id, connector: { clusterId } };
  }

  listNames(scope: OrgScope, clusterId: string): Promise<string[]> {
    return this.db.connector
      .findMany({ where: this.inCluster(scope, clusterId), select: { name: true }, orderBy: { name: 'asc' } })
      .then((rows) => rows.map((r) => r.name));
  }

  /** Task states as the status shows them: RUNNING on a dead worker reads UNASSIGNED. */
  async listWithTasks(scope: OrgScope, clusterId: string): Promise<ConnectorWithTasks[]> {
    const rows = await this.db.connector.findMany({
      where: this.inCluster(scope, clusterId),
      include: { tasks: byTaskId },
      orderBy: { name: 'asc' },
    });
    return new WorkerLivenessRepository(this.db).withLiveTaskStates(rows);
  }

  /** Task states as the status shows them: RUNNING on a dead worker reads UNASSIGNED. */
  async findByName(scope: OrgScope, clusterId: string, name: string): Promise<ConnectorWithTasks | null> {
    const row = await this.db.connector.findFirst({
      where: { ...this.inCluster(scope, clusterId), name },
      include: { tasks: byTaskId },
    });
    return row && (await new WorkerLivenessRepository(this.db).withLiveTaskStates([row]))[0];
  }

  /** null when a connector of that name already exists in the cluster. */
  async create(scope: OrgScope, clusterId: string, c: NewConnector): Promise<ConnectorWithTasks | null> {
    try {
      return await this.db.$transaction(async (tx) => {
        const existing = await tx.connector.findFirst({
          where: { ...this.inCluster(scope, clusterId), name: c.name },
          select: { id: true },
        });
        if (existing) return null;
        await tx.connector.create({
          data: {
            id: c.id,
            organizationId: scope.organizationId,
            environmentId: c.environmentId,
            clusterId,
            name: c.name,
            pluginClass: c.pluginClass,
            type: c.type,
            config: c.config,
            targetState: c.targetState ?? 'RUNNING',
          },
        });
        const offsets = (c.sourceOffsets ?? []).filter((o) => o.offset !== null);
        if (offsets.length > 0) {
          await tx.sourceOffset.createMany({
            data: dedupe(offsets).map((o) => ({
              connectorId: c.id,
              organizationId: scope.organizationId,
              partition: canonicalJson(o.partition),
              offset: o.offset as Prisma.InputJsonValue,
            })),
          });
        }
        if (c.pendingOffsetRequest) {
          await tx.connectorOffsetRequest.create({
            data: {
              id: c.pendingOffsetRequest.id,
              connectorId: c.id,
              organizationId: scope.organizationId,
              type: 'PATCH',
              offsets: c.pendingOffsetRequest.offsets as unknown as Prisma.InputJsonValue,
              previousState: c.targetState ?? 'RUNNING',
            },
          });
        }
        return tx.connector.findUniqueOrThrow({ where: { id: c.id }, include: { tasks: byTaskId } });
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'P2002') return null; // lost a race on (clusterId, name)
      throw e;
    }
  }

  /** Replaces the config and bumps the generation (callers skip identical configs). */
  async updateConfig(
    scope: OrgScope,
    clusterId: string,
    id: string,
    data: { config: Record<string, string>; pluginClass: string; type: ConnectorType },
  ): Promise<ConnectorWithTasks | null> {
    const { count } = await this.db.connector.updateMany({
      where: { ...this.inCluster(scope, clusterId), id },
      data: { config: data.config, pluginClass: data.pluginClass, type: data.type, generation: { increment: 1 } },
    });
    return count === 0
      ? null
      : this.db.connector.findFirst({
          where: { ...this.inCluster(scope, clusterId), id },
          include: { tasks: byTaskId },
        });
  }

  async setTargetState(
    scope: OrgScope,
    clusterId: string,
    id: string,
    targetState: ConnectorTargetState,
  ): Promise<boolean> {
    const { count } = await this.db.connector.updateMany({
      where: { ...this.inCluster(scope, clusterId), id },
      data: { targetState },
    });
    return count > 0;
  }

  /** Marks the connector instance and/or tasks for restart (see the contract above). */
  async markForRestart(
    scope: OrgScope,
    clusterId: string,
    id: string,
    what: { connector: boolean; taskIds: number[] },
  ): Promise<boolean> {
    const owned = await this.db.connector.findFirst({
      where: { ...this.inCluster(scope, clusterId), id },
      select: { id: true },
    });
    if (!owned) return false;
    await this.db.$transaction([
      ...(what.connector
        ? [this.db.connector.update({ where: { id }, data: { state: 'PROVISIONING', trace: null } })]
        : []),
      ...(what.taskIds.length > 0
        ? [
            this.db.connectorTask.updateMany({
              where: { connectorId: id, organizationId: scope.organizationId, taskId: { in: what.taskIds } },
              data: { state: 'UNASSIGNED', nextRestartAt: new Date(), trace: null },
            }),
          ]
        : []),
    ]);
    return true;
  }

  /**
   * Deletes the connector and, in the same transaction, records a ConnectorDeletion (its last
   * config and task jobs) for the runtime to run the plugin's Connector.onDelete clean-up.
   */
  async delete(scope: OrgScope, clusterId: string, id: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const c = await tx.connector.findFirst({
        where: { ...this.inCluster(scope, clusterId), id },
        select: { name: true, pluginClass: true, config: true, tasks: { select: { taskId: true, generation: true } } },
      });
      if (!c) return false;
      const { count } = await tx.connector.deleteMany({ where: { ...this.inCluster(scope, clusterId), id } });
      if (count === 0) return false;
      const row = {
        organizationId: scope.organizationId,
        clusterId,
        name: c.name,
        pluginClass: c.pluginClass,
        config: c.config as Prisma.InputJsonValue,
        tasks: c.tasks,
      };
      // a connector id is never reused, but a stale row of a test database must not fail the delete
      await tx.connectorDeletion.upsert({
        where: { connectorId: id },
        create: { connectorId: id, ...row },
        update: row,
      });
      return true;
    });
  }

  /** Replaces the task rows with these (tests; a runtime that assigns a fresh task set). */
  async putTasks(scope: OrgScope, clusterId: string, id: string, tasks: TaskStatusSeed[]): Promise<boolean> {
    const c = await this.db.connector.findFirst({
      where: { ...this.inCluster(scope, clusterId), id },
      select: { id: true, generation: true, config: true },
    });
    if (!c) return false;
    await this.db.$transaction([
      this.db.connectorTask.deleteMany({ where: { connectorId: id, organizationId: scope.organizationId } }),
      this.db.connectorTask.createMany({
        data: tasks.map((t) => ({
          connectorId: id,
          organizationId: scope.organizationId,
          taskId: t.taskId,
          config: (t.config ?? c.config) as Prisma.InputJsonValue,
          generation: t.generation ?? c.generation,
          state: t.state,
          workerId: t.workerId ?? null,
          trace: t.trace ?? null,
          message: t.message ?? null,
          restartCount: t.restartCount ?? 0,
        })),
      }),
    ]);
    return true;
  }

  /** The connector instance's own runtime state (tests; the runtime). */
  async setRuntimeState(
    scope: OrgScope,
    clusterId: string,
    id: string,
    state: ConnectRuntimeState,
    trace: string | null = null,
    workerId?: string | null,
  ): Promise<boolean> {
    const { count } = await this.db.connector.updateMany({
      where: { ...this.inCluster(scope, clusterId), id },
      data: { state, trace, ...(workerId !== undefined ? { workerId } : {}) },
    });
    return count > 0;
  }

  // ── source offsets ──

  /** KIP-558: the topics the connector's tasks used, sorted (null: no such connector). */
  async activeTopics(scope: OrgScope, clusterId: string, id: string): Promise<string[] | null> {
    const c = await this.db.connector.findFirst({
      where: { ...this.inCluster(scope, clusterId), id },
      select: { activeTopics: { select: { topic: true }, orderBy: { topic: 'asc' } } },
    });
    return c ? c.activeTopics.map((t) => t.topic) : null;
  }

  /** PUT …/topics/reset: forgets them (the running tasks record again what they use next). */
  async resetActiveTopics(scope: OrgScope, clusterId: string, id: string): Promise<void> {
    await this.db.connectorActiveTopic.deleteMany({ where: this.ofConnector(scope, clusterId, id) });
  }

  async sourceOffsets(scope: OrgScope, clusterId: string, id: string): Promise<SourceOffset[] | null> {
    const c = await this.db.connector.findFirst({
      where: { ...this.inCluster(scope, clusterId), id },
      include: { sourceOffsets: { orderBy: { partition: 'asc' } } },
    });
    return c ? c.sourceOffsets : null;
  }

  /**
   * Applies an alter (PATCH: set each entry, null offset removes it) or reset (DELETE: all, or only
   * the listed partitions) to the source offsets; returns the offsets as they were before.
   */
  async alterSourceOffsets(
    scope: OrgScope,
    clusterId: string,
    id: string,
    type: OffsetRequestType,
    entries: OffsetEntry[] | null,
  ): Promise<OffsetEntry[] | null> {
    return this.db.$transaction(async (tx) => {
      const c = await tx.connector.findFirst({
        where: { ...this.inCluster(scope, clusterId), id },
        select: { id: true },
      });
      if (!c) return null;
      const mine = { connectorId: id, organizationId: scope.organizationId };
      const before = await tx.sourceOffset.findMany({ where: mine, orderBy: { partition: 'asc' } });
      const previous = before.map((r) => ({
        partition: JSON.parse(r.partition) as Record<string, unknown>,
        offset: r.offset as Record<string, unknown>,
      }));
      if (type === 'DELETE') {
        const only = entries && entries.length > 0 ? entries.map((e) => canonicalJson(e.partition)) : null;
        await tx.sourceOffset.deleteMany({ where: { ...mine, ...(only ? { partition: { in: only } } : {}) } });
        return previous;
      }
      for (const e of dedupe(entries ?? [])) {
        const partition = canonicalJson(e.partition);
        if (e.offset === null) await tx.sourceOffset.deleteMany({ where: { ...mine, partition } });
        else
          await tx.sourceOffset.upsert({
            where: { connectorId_partition: { connectorId: id, partition } },
            create: { ...mine, partition, offset: e.offset as Prisma.InputJsonValue },
            update: { offset: e.offset as Prisma.InputJsonValue },
          });
      }
      return previous;
    });
  }

  // ── offset requests ──

  async createOffsetRequest(
    scope: OrgScope,
    clusterId: string,
    id: string,
    r: { id: string; type: OffsetRequestType; offsets: OffsetEntry[] | null; previousState: ConnectorTargetState },
  ): Promise<ConnectorOffsetRequest | null> {
    const c = await this.db.connector.findFirst({
      where: { ...this.inCluster(scope, clusterId), id },
      select: { id: true },
    });
    if (!c) return null;
    return this.db.connectorOffsetRequest.create({
      data: {
        id: r.id,
        connectorId: id,
        organizationId: scope.organizationId,
        type: r.type,
        offsets: r.offsets === null ? undefined : (r.offsets as unknown as Prisma.InputJsonValue),
        previousState: r.previousState,
      },
    });
  }

  latestOffsetRequest(scope: OrgScope, clusterId: string, id: string): Promise<ConnectorOffsetRequest | null> {
    return this.db.connectorOffsetRequest.findFirst({
      where: this.ofConnector(scope, clusterId, id),
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    });
  }

  pendingOffsetRequest(scope: OrgScope, clusterId: string, id: string): Promise<ConnectorOffsetRequest | null> {
    return this.db.connectorOffsetRequest.findFirst({
      where: { ...this.ofConnector(scope, clusterId, id), status: 'PENDING' },
      orderBy: { requestedAt: 'asc' },
    });
  }

  async finishOffsetRequest(
    scope: OrgScope,
    clusterId: string,
    connectorId: string,
    requestId: string,
    outcome: {
      status: Exclude<OffsetRequestStatus, 'PENDING'>;
      previousOffsets?: OffsetEntry[];
      error?: string | null;
    },
  ): Promise<boolean> {
    const { count } = await this.db.connectorOffsetRequest.updateMany({
      where: { id: requestId, ...this.ofConnector(scope, clusterId, connectorId), status: 'PENDING' },
      data: {
        status: outcome.status,
        previousOffsets: (outcome.previousOffsets ?? []) as unknown as Prisma.InputJsonValue,
        error: outcome.error ?? null,
        appliedAt: outcome.status === 'APPLIED' ? new Date() : null,
      },
    });
    return count > 0;
  }
}

/** Last entry wins for a partition given twice. */
function dedupe(entries: OffsetEntry[]): OffsetEntry[] {
  const m = new Map<string, OffsetEntry>();
  for (const e of entries) m.set(canonicalJson(e.partition), e);
  return [...m.values()];
}
