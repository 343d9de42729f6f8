// ConnectorFailed (issue 17 point 3): a connector instance the reconciler cannot start (here its
// plugin is not installed on the worker) raises one event with the reason, stored for the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnectRuntime } from '@libs/connect-runtime';
import { allTasksIn, createConnector, fixtureRuntime, runtimeFixture, type RuntimeFixture } from './support';
import { waitFor } from '../support/wait-for';

describe('ConnectorFailed event', () => {
  let f: RuntimeFixture;
  let rt: ConnectRuntime;

  before(async () => {
    f = await runtimeFixture();
    rt = fixtureRuntime(f, { workerId: 'events-w' });
    await rt.start();
  });

  after(async () => {
    await rt?.close();
    await f?.close();
  });

  it('is raised once when the connector instance fails', async () => {
    const id = await createConnector(f, 'CounterSource', { topic: 'failed-event' });
    await waitFor('running', () => allTasksIn(f, id, 'RUNNING', 1));
    await f.db.connector.update({ where: { id }, data: { pluginClass: 'NotInstalled', generation: { increment: 1 } } });
    const [event] = await waitFor('ConnectorFailed', async () => {
      const rows = await f.db.connectorEvent.findMany({ where: { connectorId: id } });
      return rows.length > 0 ? rows : undefined;
    });
    assert.equal(event.type, 'io.confluent.logevents.connect.ConnectorFailed');
    assert.equal(event.taskId, null);
    assert.equal(event.organizationId, f.orgId);
    assert.match(event.message, /NotInstalled is not installed/);
    // An observation window, the point of the check: later passes must not raise it again.
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await f.db.connectorEvent.count({ where: { connectorId: id } }), 1);
    await f.db.connector.delete({ where: { id } });
  });
});
