// ConnectorRepository in memory, for the Connect use cases that act on connectors which exist:
// lookup by name, target state, restart marks, deletion. Rows are shaped like Prisma's.
import type {
  Connector,
  ConnectorRepository,
  ConnectorTargetState,
  ConnectorTask,
  ConnectorWithTasks,
  ConnectRuntimeState,
  OrgScope,
} from '@libs/db';
import { partialStandIn } from './stand-ins';

export interface SeededConnector {
  id: string;
  name: string;
  clusterId: string;
  environmentId: string;
  state?: ConnectRuntimeState;
  targetState?: ConnectorTargetState;
  /** The state of each task, task 0 first. */
  tasks?: ConnectRuntimeState[];
}

export class InMemoryConnectors {
  readonly rows = new Map<string, ConnectorWithTasks>();

  seed(scope: OrgScope, c: SeededConnector): ConnectorWithTasks {
    const at = new Date(Date.UTC(2026, 0, 1));
    const row: Connector = {
      id: c.id,
      organizationId: scope.organizationId,
      environmentId: c.environmentId,
      clusterId: c.clusterId,
      name: c.name,
      pluginClass: 'DatagenSource',
      type: 'SOURCE',
      config: { 'connector.class': 'DatagenSource', name: c.name },
      targetState: c.targetState ?? 'RUNNING',
      generation: 1,
      state: c.state ?? 'RUNNING',
      trace: null,
      workerId: null,
      createdAt: at,
      updatedAt: at,
    };
    const tasks: ConnectorTask[] = (c.tasks ?? []).map((state, taskId) => ({
      connectorId: c.id,
      organizationId: scope.organizationId,
      taskId,
      config: {},
      generation: 1,
      state,
      workerId: null,
      trace: null,
      epoch: 1,
      restartCount: 0,
      nextRestartAt: null,
      message: null,
      updatedAt: at,
    }));
    const withTasks = { ...row, tasks };
    this.rows.set(c.id, withTasks);
    return withTasks;
  }

  private find(scope: OrgScope, clusterId: string, id: string): ConnectorWithTasks | undefined {
    const c = this.rows.get(id);
    return c && c.organizationId === scope.organizationId && c.clusterId === clusterId ? c : undefined;
  }

  repository(): ConnectorRepository {
    return partialStandIn<ConnectorRepository>()({
      findByName: async (scope: OrgScope, clusterId: string, name: string) =>
        [...this.rows.values()].find(
          (c) => c.organizationId === scope.organizationId && c.clusterId === clusterId && c.name === name,
        ) ?? null,
      setTargetState: async (scope: OrgScope, clusterId: string, id: string, targetState: ConnectorTargetState) => {
        const c = this.find(scope, clusterId, id);
        if (c) c.targetState = targetState;
        return !!c;
      },
      markForRestart: async (
        scope: OrgScope,
        clusterId: string,
        id: string,
        what: { connector: boolean; taskIds: number[] },
      ) => {
        const c = this.find(scope, clusterId, id);
        if (!c) return false;
        if (what.connector) Object.assign(c, { state: 'PROVISIONING', trace: null });
        for (const t of c.tasks)
          if (what.taskIds.includes(t.taskId))
            Object.assign(t, { state: 'UNASSIGNED', nextRestartAt: new Date(), trace: null });
        return true;
      },
      delete: async (scope: OrgScope, clusterId: string, id: string) =>
        !!this.find(scope, clusterId, id) && this.rows.delete(id),
    });
  }
}
