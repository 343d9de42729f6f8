// Apache Kafka Connect's worker REST shapes from the Connect v1 ones: tools written for it (kcctl,
// Kafka UI) deserialize closed enums, so Confluent's additions (PROVISIONING/DEGRADED, task STOPPED,
// `msg`, `restart_count`, empty traces) are mapped or left out.
import type { ConnectorStatus, TaskStatus } from '../connect.presenter';

export interface WorkerTaskState {
  id: number;
  state: 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING';
  worker_id: string;
  trace?: string;
}

export interface WorkerConnectorStateInfo {
  name: string;
  type: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: WorkerTaskState[];
}

const CONNECTOR_STATES: Record<ConnectorStatus['connector']['state'], string> = {
  PROVISIONING: 'UNASSIGNED', // task configs not computed yet
  DEGRADED: 'RUNNING', // Kafka reports the instance; the failed tasks say the rest
  RUNNING: 'RUNNING',
  FAILED: 'FAILED',
  PAUSED: 'PAUSED',
  STOPPED: 'STOPPED',
};

export function workerTaskState(t: TaskStatus): WorkerTaskState {
  const state = (['RUNNING', 'PAUSED', 'FAILED', 'UNASSIGNED'] as const).find((s) => s === t.state) ?? 'UNASSIGNED';
  return { id: t.id, state, worker_id: t.worker_id, ...(t.trace ? { trace: t.trace } : {}) };
}

export function workerStateInfo(s: ConnectorStatus): WorkerConnectorStateInfo {
  return {
    name: s.name,
    type: s.type,
    connector: {
      state: CONNECTOR_STATES[s.connector.state],
      worker_id: s.connector.worker_id,
      ...(s.connector.trace ? { trace: s.connector.trace } : {}),
    },
    tasks: s.tasks.map(workerTaskState),
  };
}

/** The 202 body of a restart with includeTasks/onlyFailed: what is being restarted shows RESTARTING. */
export function restartingSnapshot(
  s: WorkerConnectorStateInfo,
  restarted: { connector: boolean; taskIds: number[] },
): WorkerConnectorStateInfo {
  return {
    ...s,
    connector: restarted.connector ? { ...s.connector, state: 'RESTARTING' } : s.connector,
    tasks: s.tasks.map((t) => (restarted.taskIds.includes(t.id) ? { ...t, state: 'RESTARTING' } : t)),
  };
}
