// A connector's Confluent-style status from its own and its tasks' states: the Connect v1 API shows
// it, and the reconciler samples it once a minute for the Metrics API's connector_status.
import type { ConnectRuntimeState, ConnectorTargetState } from '@libs/db';

export type ConnectorState = 'PROVISIONING' | 'RUNNING' | 'DEGRADED' | 'FAILED' | 'PAUSED' | 'STOPPED';

export interface ConnectorStateInput {
  state: ConnectRuntimeState;
  targetState: ConnectorTargetState;
  tasks: readonly { state: ConnectRuntimeState }[];
}

/**
 * Connector-level state from the task rows (Confluent's "Interpret Connector Statuses",
 * https://docs.confluent.io/cloud/current/connectors/connector-statuses.html, with Kafka Connect's states):
 * connector instance FAILED → FAILED; target STOPPED with nothing running → STOPPED;
 * no tasks → PAUSED when paused, RUNNING when the runtime says the instance runs, else PROVISIONING;
 * every task FAILED → FAILED; some FAILED → DEGRADED; target PAUSED and nothing RUNNING → PAUSED;
 * some RUNNING and some UNASSIGNED/PROVISIONING → DEGRADED; none RUNNING yet → PROVISIONING;
 * otherwise RUNNING (tasks STOPPED after finishing their work count as done).
 */
export function deriveConnectorState(c: ConnectorStateInput): ConnectorState {
  const tasks = c.tasks;
  if (c.state === 'FAILED') return 'FAILED';
  const active = tasks.filter((t) => t.state === 'RUNNING' || t.state === 'PAUSED');
  if (c.targetState === 'STOPPED' && active.length === 0) return 'STOPPED';
  if (tasks.length === 0) {
    if (c.targetState === 'PAUSED') return 'PAUSED';
    return c.state === 'RUNNING' ? 'RUNNING' : 'PROVISIONING';
  }
  const n = (s: ConnectRuntimeState) => tasks.filter((t) => t.state === s).length;
  const failed = n('FAILED');
  const running = n('RUNNING');
  const pending = n('UNASSIGNED') + n('PROVISIONING');
  if (failed === tasks.length) return 'FAILED';
  if (failed > 0) return 'DEGRADED';
  if (c.targetState === 'PAUSED' && running === 0) return 'PAUSED';
  if (n('PAUSED') === tasks.length) return 'PAUSED';
  if (pending > 0) return running > 0 ? 'DEGRADED' : 'PROVISIONING';
  return 'RUNNING';
}
