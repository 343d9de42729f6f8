// Issue 12, fault 1: a tenant deleting the cluster under its sink connector (or the operator
// deleting the organization) used to kill the worker process (an unhandled rejection from the
// reconciler's consumer-group clean-up). Real API, real broker, a real worker process: the worker
// must log the failed clean-up with the connector id and keep running other tenants' connectors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Tenant } from '../support/api-harness';
import { provisionCluster, startStack, type ProvisionedCluster, type Stack } from '../support/stack-harness';
import { spawnWorker, type SpawnedWorker } from './support';
import { waitFor } from '../support/wait-for';

describe('deleting a cluster or an organization under a sink connector', () => {
  let stack: Stack;
  let worker: SpawnedWorker;
  const tenants: Tenant[] = [];
  const clusters: ProvisionedCluster[] = [];

  const alive = () => {
    if (worker.proc.exitCode !== null || worker.proc.signalCode !== null)
      throw new Error(
        `worker exited (${worker.proc.signalCode ?? worker.proc.exitCode}):\n${worker.output.join('\n')}`,
      );
  };
  const base = (i: number) => `/connect/v1/environments/${clusters[i].environmentId}/clusters/${clusters[i].clusterId}`;
  const req = (i: number, method: string, path: string, body?: unknown) =>
    stack.api.request(method, `${base(i)}${path}`, { auth: tenants[i].admin, body });
  /** Waits for a condition, failing at once (with the worker's output) if the worker died. */
  const until = <T>(what: string, fn: () => Promise<T | undefined>) =>
    waitFor(what, async () => {
      alive();
      return fn();
    }).catch((e: Error) => {
      alive();
      throw e;
    });

  const createPausedSink = async (i: number, name: string): Promise<string> => {
    const c = clusters[i];
    const res = await req(i, 'POST', '/connectors', {
      name,
      config: {
        'connector.class': 'CollectSink',
        name,
        'kafka.api.key': c.key.key,
        'kafka.api.secret': c.key.secret,
        topics: 'orders',
        file: '/dev/null',
        'tasks.max': '1',
      },
      initial_state: 'PAUSED',
    });
    assert.equal(res.status, 201, res.text);
    const status = await until(`${name} PAUSED`, async () => {
      const s = await req(i, 'GET', `/connectors/${name}/status?expand=id`);
      return s.body?.connector?.state === 'PAUSED' ? s.body : undefined;
    });
    return status.id.id as string;
  };
  const cleanupLogged = (connectorId: string) =>
    until(`the worker logs the failed clean-up of ${connectorId}`, async () =>
      worker.output.some((l) => l.includes(connectorId) && l.includes('consumer group')) ? true : undefined,
    );

  before(async () => {
    stack = await startStack();
    for (let i = 0; i < 3; i++) {
      tenants.push(await stack.api.newTenant());
      clusters.push(await provisionCluster(stack.api, tenants[i], `del${i}`));
    }
    worker = spawnWorker(
      { orgId: tenants.map((t) => t.organizationId).join(','), broker: stack.broker },
      'w-tenant-deletes',
      { CONNECT_RECONCILE_INTERVAL_MS: '200' },
    );
    await worker.ready;
  });

  after(async () => {
    if (worker?.proc.exitCode === null) worker.proc.kill('SIGKILL');
    await stack?.close();
  });

  it('DELETE /cmk/v2/clusters/{id} under a paused sink: the worker survives', async () => {
    const id = await createPausedSink(0, 'doomed-sink');
    const del = await stack.api.request(
      'DELETE',
      `/cmk/v2/clusters/${clusters[0].clusterId}?environment=${clusters[0].environmentId}`,
      { auth: tenants[0].admin },
    );
    assert.equal(del.status, 204, del.text);
    await cleanupLogged(id);
  });

  it('the operator deleting the organization: the worker survives', async () => {
    const id = await createPausedSink(1, 'org-sink');
    const del = await stack.api.request('DELETE', `/operator/v1/organizations/${tenants[1].organizationId}`, {
      auth: stack.api.operator,
    });
    assert.equal(del.status, 204, del.text);
    await cleanupLogged(id);
  });

  it('and it still runs another tenant’s connector', async () => {
    const c = clusters[2];
    const res = await req(2, 'POST', '/connectors', {
      name: 'survivor',
      config: {
        'connector.class': 'CounterSource',
        name: 'survivor',
        'kafka.api.key': c.key.key,
        'kafka.api.secret': c.key.secret,
        topic: 'survivor',
        'tasks.max': '1',
        'poll.interval.ms': '50',
      },
    });
    assert.equal(res.status, 201, res.text);
    await until('survivor RUNNING', async () => {
      const s = await req(2, 'GET', '/connectors/survivor/status');
      return s.body?.connector?.state === 'RUNNING' && s.body.tasks?.[0]?.state === 'RUNNING' ? true : undefined;
    });
  });
});
