// Kafka Connect's Worker.buildWorkerTask: a source or a sink loop for a claimed task, by the
// plugin's type (the connector row's type when the plugin is missing: the run then fails with
// "not installed").
import type { ClaimedTask } from '@libs/db';
import { WorkerSinkTask } from './worker-sink-task';
import { WorkerSourceTask } from './worker-source-task';
import type { TaskDeps, TaskLease, WorkerTask } from './worker-task';

export function buildWorkerTask(
  deps: TaskDeps,
  connectorId: string,
  taskId: number,
  claim: ClaimedTask,
  lease: TaskLease | null,
): WorkerTask {
  const type = deps.registry.find(claim.connector.pluginClass)?.type ?? claim.connector.type.toLowerCase();
  return type === 'sink'
    ? new WorkerSinkTask(deps, connectorId, taskId, claim, lease)
    : new WorkerSourceTask(deps, connectorId, taskId, claim, lease);
}
