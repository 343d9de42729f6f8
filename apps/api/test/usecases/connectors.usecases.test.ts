// Connect v1 state transitions on in-memory repositories: which connector and tasks a restart marks
// (KIP-745's onlyFailed / includeTasks), target-state writes and their runtime announcements, and
// the scope rules every connector route shares (404 "account not found" for a cluster the caller
// cannot name, 403 without a role on it).
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { crn } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { PluginRegistry } from '@libs/connect-spi';
import type { ConnectRuntimeState } from '@libs/db';
import { CONNECTOR_CHANGED_CHANNEL, CONNECTOR_DELETED_CHANNEL } from '@libs/redis';
import { ConnectScope } from '../../src/connect/usecases/connect-scope';
import { ConnectorEvents } from '../../src/connect/usecases/connector-events';
import {
  DeleteConnector,
  RestartConnector,
  SetTargetState,
} from '../../src/connect/usecases/connector-lifecycle.usecases';
import { rejectsWith } from '../support/api-errors';
import { InMemoryConnectors } from '../support/in-memory-connectors';
import { UseCaseFixture } from '../support/use-case-fixture';

describe('connector state transitions', () => {
  let f: UseCaseFixture;
  let admin: Principal;
  let connectors: InMemoryConnectors;
  let restart: RestartConnector;
  let setTarget: SetTargetState;
  let remove: DeleteConnector;
  let env: string;
  let lkc: string;

  beforeEach(async () => {
    f = new UseCaseFixture();
    admin = await f.tenant();
    env = (await f.environment(admin.scope)).id;
    lkc = (await f.cluster(admin.scope, env)).id;
    connectors = new InMemoryConnectors();
    const repo = connectors.repository();
    const scope = new ConnectScope(f.clusters, repo, f.access, new PluginRegistry());
    const events = new ConnectorEvents(f.bus.asRedis());
    restart = new RestartConnector(scope, repo, events);
    setTarget = new SetTargetState(scope, repo, events);
    remove = new DeleteConnector(scope, repo, events);
  });

  const seed = (state: ConnectRuntimeState, tasks: ConnectRuntimeState[]) =>
    connectors.seed(admin.scope, { id: 'lcc-1', name: 'c1', clusterId: lkc, environmentId: env, state, tasks });
  /** [connector state, task states] after the use case. */
  const states = () => {
    const c = connectors.rows.get('lcc-1')!;
    return [c.state, c.tasks.map((t) => t.state)];
  };

  describe('restart (KIP-745)', () => {
    it('plain restart: the connector instance only', async () => {
      seed('RUNNING', ['RUNNING', 'FAILED']);
      await restart.execute(admin, env, lkc, 'c1', false, false);
      assert.deepEqual(states(), ['PROVISIONING', ['RUNNING', 'FAILED']]);
    });

    it('includeTasks: the instance and every task', async () => {
      seed('RUNNING', ['RUNNING', 'FAILED']);
      await restart.execute(admin, env, lkc, 'c1', true, false);
      assert.deepEqual(states(), ['PROVISIONING', ['UNASSIGNED', 'UNASSIGNED']]);
    });

    it('includeTasks + onlyFailed: the failed tasks, and the instance only when it failed', async () => {
      seed('RUNNING', ['RUNNING', 'FAILED']);
      await restart.execute(admin, env, lkc, 'c1', true, true);
      assert.deepEqual(states(), ['RUNNING', ['RUNNING', 'UNASSIGNED']]);
      seed('FAILED', ['RUNNING']);
      await restart.execute(admin, env, lkc, 'c1', true, true);
      assert.deepEqual(states(), ['PROVISIONING', ['RUNNING']]);
    });

    it('onlyFailed on a healthy connector restarts nothing; the runtime is told either way', async () => {
      seed('RUNNING', ['RUNNING']);
      await restart.execute(admin, env, lkc, 'c1', false, true);
      assert.deepEqual(states(), ['RUNNING', ['RUNNING']]);
      assert.deepEqual(f.bus.on(CONNECTOR_CHANGED_CHANNEL), ['lcc-1']);
    });

    it('one task by id; an unknown task is a 404', async () => {
      seed('RUNNING', ['RUNNING', 'RUNNING']);
      await restart.task(admin, env, lkc, 'c1', 1);
      assert.deepEqual(states(), ['RUNNING', ['RUNNING', 'UNASSIGNED']]);
      await rejectsWith(restart.task(admin, env, lkc, 'c1', 7), 404, { detail: /Unknown task: c1-7/ });
    });
  });

  it('pause writes the target state and tells the runtime; the same state again changes nothing', async () => {
    seed('RUNNING', ['RUNNING']);
    await setTarget.execute(admin, env, lkc, 'c1', 'PAUSED');
    assert.equal(connectors.rows.get('lcc-1')!.targetState, 'PAUSED');
    await setTarget.execute(admin, env, lkc, 'c1', 'PAUSED');
    assert.deepEqual(f.bus.on(CONNECTOR_CHANGED_CHANNEL), ['lcc-1']);
  });

  it('delete removes the row and tells the runtime to stop its tasks', async () => {
    seed('RUNNING', ['RUNNING']);
    assert.deepEqual(await remove.execute(admin, env, lkc, 'c1'), { error: null });
    assert.equal(connectors.rows.size, 0);
    assert.deepEqual(f.bus.on(CONNECTOR_DELETED_CHANNEL), ['lcc-1']);
  });

  describe('scope', () => {
    it("an unknown connector, another environment, another tenant's cluster: 404", async () => {
      seed('RUNNING', []);
      await rejectsWith(setTarget.execute(admin, env, lkc, 'nope', 'PAUSED'), 404, { detail: /^resource not found$/ });
      const env2 = (await f.environment(admin.scope, 'two')).id;
      await rejectsWith(setTarget.execute(admin, env2, lkc, 'c1', 'PAUSED'), 404, { detail: /^account not found$/ });
      const other = await f.tenant();
      await rejectsWith(setTarget.execute(other, env, lkc, 'c1', 'PAUSED'), 404, { detail: /^account not found$/ });
      assert.equal(connectors.rows.get('lcc-1')!.targetState, 'RUNNING');
    });

    it('a role on the cluster (or its environment) is needed: 403 without one', async () => {
      seed('RUNNING', []);
      const member = await f.serviceAccount(admin.scope, 'member');
      await rejectsWith(setTarget.execute(member, env, lkc, 'c1', 'STOPPED'), 403);
      await f.bind(
        admin.scope,
        member.serviceAccountId,
        'CloudClusterAdmin',
        crn.cluster(admin.organizationId, env, lkc),
      );
      await setTarget.execute(member, env, lkc, 'c1', 'STOPPED');
      assert.equal(connectors.rows.get('lcc-1')!.targetState, 'STOPPED');
    });
  });
});
