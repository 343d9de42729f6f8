// Issue 12, fault 4 (status half): a SIGKILLed worker's tasks must not read RUNNING in the
// Connect v1 status for longer than failover takes. Real API, broker and worker processes: with
// no other worker to take over, the task reads UNASSIGNED once the dead worker's heartbeat is
// stale, and RUNNING again (on the new worker) once another worker claims it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Tenant } from '../support/api-harness';
import { provisionCluster, startStack, type ProvisionedCluster, type Stack } from '../support/stack-harness';
import { spawnWorker, type SpawnedWorker } from './support';
import { waitFor } from '../support/wait-for';

describe('Connect status of a dead worker’s tasks', () => {
  let stack: Stack;
  let t: Tenant;
  let c: ProvisionedCluster;
  const workers: SpawnedWorker[] = [];
  const status = async () =>
    (
      await stack.api.request(
        'GET',
        `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}/connectors/beats/status`,
        { auth: t.admin },
      )
    ).body;
  const task = async (state: string, workerId: string) => {
    const s = await status();
    const t0 = s?.tasks?.[0];
    return t0?.state === state && t0.worker_id === workerId ? s : undefined;
  };
  const spawn = async (id: string) => {
    const w = spawnWorker({ orgId: t.organizationId, broker: stack.broker }, id, {
      CONNECT_RECONCILE_INTERVAL_MS: '200',
    });
    workers.push(w);
    await w.ready;
    return w;
  };

  before(async () => {
    stack = await startStack();
    t = await stack.api.newTenant();
    c = await provisionCluster(stack.api, t, 'beats');
  });
  after(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await stack?.close();
  });

  it('RUNNING → (SIGKILL) UNASSIGNED → RUNNING on the worker that takes over', async () => {
    const first = await spawn('w-beat-1');
    const res = await stack.api.request(
      'POST',
      `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}/connectors`,
      {
        auth: t.admin,
        body: {
          name: 'beats',
          config: {
            'connector.class': 'CounterSource',
            name: 'beats',
            'kafka.api.key': c.key.key,
            'kafka.api.secret': c.key.secret,
            topic: 'beats',
            'tasks.max': '1',
            'poll.interval.ms': '50',
          },
        },
      },
    );
    assert.equal(res.status, 201, res.text);
    await waitFor('task RUNNING on w-beat-1', () => task('RUNNING', 'w-beat-1'));

    first.proc.kill('SIGKILL');
    // no other worker: only the stale heartbeat can tell the status that nothing runs the task
    const dead = await waitFor('task UNASSIGNED after the SIGKILL', () => task('UNASSIGNED', 'w-beat-1'));
    assert.notEqual(dead.connector.state, 'RUNNING'); // derived from the tasks (PROVISIONING)

    await spawn('w-beat-2');
    await waitFor('task RUNNING on w-beat-2', () => task('RUNNING', 'w-beat-2'));
  });
});
