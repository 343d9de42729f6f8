// KIP-558 active topics recorded by the runtime (issue 17): a source task records the topics it
// produced to, a sink task the topics it consumed from (re-recorded at most once a minute per topic).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConnectRuntime } from '@libs/connect-runtime';
import { allTasksIn, createConnector, fixtureRuntime, runtimeFixture, type RuntimeFixture } from './support';
import { waitFor } from '../support/wait-for';

describe('active topics (KIP-558)', () => {
  let f: RuntimeFixture;
  let rt: ConnectRuntime;

  const topicsOf = async (connectorId: string) =>
    (await f.db.connectorActiveTopic.findMany({ where: { connectorId }, orderBy: { topic: 'asc' } })).map(
      (r) => r.topic,
    );

  before(async () => {
    f = await runtimeFixture();
    rt = fixtureRuntime(f, { workerId: 'topics-w' });
    await rt.start();
  });

  after(async () => {
    await rt?.close();
    await f?.close();
  });

  it('sources record what they produced to, sinks what they consumed from, with the organization', async () => {
    const src = await createConnector(f, 'CounterSource', { topic: 'active-a', 'poll.interval.ms': '20' });
    const sink = await createConnector(f, 'CollectSink', { topics: 'active-a', file: join(f.dir, 'active.jsonl') });
    await waitFor('running', async () => (await allTasksIn(f, src, 'RUNNING', 1)) && allTasksIn(f, sink, 'RUNNING', 1));
    await waitFor('source topic recorded', async () => (await topicsOf(src)).join() === 'active-a');
    await waitFor('sink topic recorded', async () => (await topicsOf(sink)).join() === 'active-a');
    const rows = await f.db.connectorActiveTopic.findMany({ where: { connectorId: { in: [src, sink] } } });
    assert.ok(rows.every((r) => r.organizationId === f.orgId));
    await f.db.connector.delete({ where: { id: src } });
    await f.db.connector.delete({ where: { id: sink } });
    assert.equal(await f.db.connectorActiveTopic.count({ where: { connectorId: { in: [src, sink] } } }), 0, 'cascade');
  });
});
