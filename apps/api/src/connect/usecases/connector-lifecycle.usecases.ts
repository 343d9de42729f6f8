// Target state (pause/resume/stop), restart (KIP-745) and delete: desired-state writes the runtime acts on.
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { ConnectorRepository, type ConnectorTargetState } from '@libs/db';
import { ConnectScope, resourceNotFound } from './connect-scope';
import { ConnectorEvents } from './connector-events';

/** pause / resume / stop: write the target state; the runtime acts on it. */
@Injectable()
export class SetTargetState {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly events: ConnectorEvents,
  ) {}

  async execute(p: Principal, env: string, lkc: string, name: string, state: ConnectorTargetState): Promise<void> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    if (s.connector.targetState === state) return;
    if (!(await this.connectors.setTargetState(p.scope, s.cluster.id, s.connector.id, state))) throw resourceNotFound();
    await this.events.changed(s.connector.id);
  }
}

@Injectable()
export class RestartConnector {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly events: ConnectorEvents,
  ) {}

  /** Kafka's KIP-745 rules: the instance iff !onlyFailed || FAILED; tasks iff includeTasks && (!onlyFailed || FAILED). */
  async execute(
    p: Principal,
    env: string,
    lkc: string,
    name: string,
    includeTasks: boolean,
    onlyFailed: boolean,
  ): Promise<{ connector: boolean; taskIds: number[] }> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    const restartInstance = !onlyFailed || s.connector.state === 'FAILED';
    const taskIds = includeTasks
      ? s.connector.tasks.filter((t) => !onlyFailed || t.state === 'FAILED').map((t) => t.taskId)
      : [];
    await this.connectors.markForRestart(p.scope, s.cluster.id, s.connector.id, {
      connector: restartInstance,
      taskIds,
    });
    await this.events.changed(s.connector.id);
    return { connector: restartInstance, taskIds };
  }

  async task(p: Principal, env: string, lkc: string, name: string, taskId: number): Promise<void> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    if (!s.connector.tasks.some((t) => t.taskId === taskId))
      throw new ApiError(404, 'resource_not_found', `Unknown task: ${name}-${taskId}`);
    await this.connectors.markForRestart(p.scope, s.cluster.id, s.connector.id, {
      connector: false,
      taskIds: [taskId],
    });
    await this.events.changed(s.connector.id);
  }
}

@Injectable()
export class DeleteConnector {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly events: ConnectorEvents,
  ) {}

  async execute(p: Principal, env: string, lkc: string, name: string): Promise<{ error: null }> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    if (!(await this.connectors.delete(p.scope, s.cluster.id, s.connector.id))) throw resourceNotFound();
    await this.events.deleted(s.connector.id);
    return { error: null };
  }
}
