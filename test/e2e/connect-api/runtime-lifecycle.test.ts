/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// The whole lifecycle through Connect v1 with the real runtime in this process, the embedded broker,
// Postgres and Redis: a source and a sink reach RUNNING, pause/resume/stop act, offsets are read and
// altered on a STOPPED source (the counter continues from there), restart, delete and recreate.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectRuntime } from '@libs/connect-runtime';
import {
  provisionCluster,
  startStack,
  type ProvisionedCluster,
  type Stack,
  clusterKafka,
  startRuntime,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { assertConnectError, connectRequest, MASK } from './support';
import { waitFor } from '../../support/wait-for';

describe('Connect v1 lifecycle with the runtime', () => {
  let stack: Stack;
  let rt: ConnectRuntime;
  let t: Tenant;
  let c: ProvisionedCluster;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'cp-connect-api-'));
  const req = (method: string, path: string, body?: unknown) =>
    connectRequest(stack.api, method, `${base}${path}`, { auth: t.admin, body });
  const statusOf = async (name: string) => (await req('GET', `/connectors/${name}/status`)).body;
  const waitState = (name: string, state: string, tasks: number, taskState = state) =>
    waitFor(
      `${name} ${state}`,
      async () => {
        const s = await statusOf(name);
        return s.connector.state === state &&
          s.tasks.length === tasks &&
          s.tasks.every((x: any) => x.state === taskState)
          ? s
          : undefined;
      },
      20_000,
      100,
    );

  before(async () => {
    stack = await startStack();
    t = await stack.api.newTenant();
    c = await provisionCluster(stack.api, t, 'rt');
    base = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
    rt = await startRuntime(stack, t.organizationId, { capacity: 20, workerId: 'w-api-test' });
    const admin = clusterKafka(stack, c, 'cp-test').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'counts', numPartitions: 1 }] });
    await admin.disconnect();
  });
  after(async () => {
    await rt?.close();
    await stack?.close();
  });

  const counterConfig = (name: string, extra: Record<string, string> = {}) => ({
    'connector.class': 'CounterSource',
    name,
    'kafka.api.key': c.key.key,
    'kafka.api.secret': c.key.secret,
    topic: 'counts',
    'tasks.max': '2',
    'batch.size': '5',
    'poll.interval.ms': '50',
    ...extra,
  });

  it('source: create → RUNNING, pause → PAUSED, resume → RUNNING', async () => {
    const created = await req('POST', '/connectors', { name: 'counter', config: counterConfig('counter') });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.config['kafka.api.secret'], MASK);
    const running = await waitState('counter', 'RUNNING', 2);
    assert.ok(running.tasks.every((x: any) => x.worker_id === 'w-api-test'));
    assert.deepEqual((await req('GET', '/connectors/counter')).body.tasks, [
      { connector: 'counter', task: 0 },
      { connector: 'counter', task: 1 },
    ]);
    const tasks = await req('GET', '/connectors/counter/tasks');
    assert.equal(tasks.body.length, 2);
    assert.ok(!tasks.text.includes(c.key.secret), 'task configs mask secrets');

    assert.equal((await req('PUT', '/connectors/counter/pause')).status, 202);
    await waitState('counter', 'PAUSED', 2);
    assert.equal((await req('PUT', '/connectors/counter/resume')).status, 202);
    await waitState('counter', 'RUNNING', 2);
  });

  it('source offsets: read while running; altered on a STOPPED connector; the counter continues from them', async () => {
    const offsets = await waitFor('committed source offsets', async () => {
      const o = await req('GET', '/connectors/counter/offsets');
      return o.body.offsets.length === 2 ? o.body.offsets : undefined;
    });
    assert.deepEqual(
      offsets.map((o: any) => o.partition).sort((a: any, b: any) => a.task - b.task),
      [{ task: 0 }, { task: 1 }],
    );
    assertConnectError(
      await stack.api.request('PATCH', `${base}/connectors/counter/offsets`, {
        auth: t.admin,
        body: { offsets: [{ partition: { task: 0 }, offset: { n: 1000 } }] },
      }),
      400,
      /STOPPED/,
    );

    assert.equal((await req('PUT', '/connectors/counter/stop')).status, 202);
    await waitFor('STOPPED with no tasks', async () => {
      const s = await statusOf('counter');
      return s.connector.state === 'STOPPED' && s.tasks.length === 0 ? s : undefined;
    });
    const altered = await waitFor('alter accepted once the tasks are down', async () => {
      const r = await stack.api.request('PATCH', `${base}/connectors/counter/offsets`, {
        auth: t.admin,
        body: { offsets: [{ partition: { task: 0 }, offset: { n: 1000 } }] },
      });
      return r.status === 200 ? r : undefined;
    });
    assert.deepEqual(altered.body, { message: 'The offsets for this connector have been altered successfully' });
    const read = await req('GET', '/connectors/counter/offsets');
    assert.deepEqual(read.body.offsets.find((o: any) => o.partition.task === 0).offset, { n: 1000 });

    assert.equal((await req('PUT', '/connectors/counter/resume')).status, 202);
    await waitState('counter', 'RUNNING', 2);
    await waitFor('task 0 continues after 1000', async () => {
      const o = await req('GET', '/connectors/counter/offsets');
      const n = o.body.offsets.find((x: any) => x.partition.task === 0)?.offset.n;
      return typeof n === 'number' && n > 1000 ? n : undefined;
    });
  });

  it('sink: create → RUNNING, records arrive, group offsets readable; restart with tasks', async () => {
    const file = join(dir, 'collected.jsonl');
    const created = await req('POST', '/connectors', {
      name: 'collector',
      config: {
        'connector.class': 'CollectSink',
        name: 'collector',
        'kafka.api.key': c.key.key,
        'kafka.api.secret': c.key.secret,
        topics: 'counts',
        file,
        'tasks.max': '1',
      },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.type, 'sink');
    await waitState('collector', 'RUNNING', 1);
    await waitFor('records collected', async () =>
      existsSync(file) && readFileSync(file, 'utf8').split('\n').filter(Boolean).length >= 10 ? true : undefined,
    );
    await waitFor('sink offsets committed', async () => {
      const o = await req('GET', '/connectors/collector/offsets');
      return o.body.offsets.length === 1 && o.body.offsets[0].offset.kafka_offset > 0 ? o.body.offsets : undefined;
    });
    const restarted = await stack.api.request('POST', `${base}/connectors/collector/restart?includeTasks=true`, {
      auth: t.admin,
    });
    assert.equal(restarted.status, 202);
    await waitState('collector', 'RUNNING', 1);
  });

  it('delete stops everything; the name is reusable and the new connector runs', async () => {
    for (const name of ['collector', 'counter']) {
      const del = await req('DELETE', `/connectors/${name}`);
      assert.deepEqual(del.body, { error: null });
      assertConnectError(await req('GET', `/connectors/${name}/status`), 404, 'account not found');
    }
    assert.deepEqual((await req('GET', '/connectors')).body, []);
    const again = await req('POST', '/connectors', {
      name: 'counter',
      config: counterConfig('counter', { 'tasks.max': '1' }),
    });
    assert.equal(again.status, 201, again.text);
    await waitState('counter', 'RUNNING', 1);
    assert.equal((await req('DELETE', '/connectors/counter')).status, 200);
  });
});
