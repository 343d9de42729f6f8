/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// A connector's own log through Confluent's log search (`POST /logs/v1/search`, what `confluent
// connect logs` calls), with the real runtime in this process (issue 17 point 2): a task failure is
// an ERROR line with its trace, lines come newest first and page with metadata.next, levels and
// text filter, the connector's secrets never appear, another tenant sees nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectRuntime } from '@libs/connect-runtime';
import {
  provisionCluster,
  startRuntime,
  startStack,
  type ProvisionedCluster,
  type Stack,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { waitFor } from '../../support/wait-for';

describe('connector logs (/logs/v1/search)', () => {
  let stack: Stack;
  let rt: ConnectRuntime;
  let t: Tenant;
  let c: ProvisionedCluster;
  let crn: string;

  const search = (body: Record<string, unknown>, query = '', auth = t.admin) =>
    stack.api.request('POST', `/logs/v1/search${query}`, { auth, body: { crn, sort: 'desc', ...body } });

  before(async () => {
    stack = await startStack();
    t = await stack.api.newTenant();
    c = await provisionCluster(stack.api, t, 'logs');
    rt = await startRuntime(stack, t.organizationId, { capacity: 10, workerId: 'w-logs' });
    const base = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
    const created = await stack.api.request('POST', `${base}/connectors`, {
      auth: t.admin,
      body: {
        name: 'failing',
        config: {
          'connector.class': 'CounterSource',
          name: 'failing',
          'kafka.api.key': c.key.key,
          'kafka.api.secret': c.key.secret,
          topic: 'logs-counts',
          'batch.size': '1',
          'poll.interval.ms': '20',
          // poll() throws at n = 3, on every run: FAILED, restarted with backoff, FAILED again
          'fail.at': '3',
        },
      },
    });
    assert.equal(created.status, 201, created.text);
    crn = `crn://confluent.cloud/organization=${t.organizationId}/environment=${c.environmentId}/cloud-cluster=${c.clusterId}/connector=failing`;
  });

  after(async () => {
    await rt?.close();
    await stack?.close();
  });

  it('a task failure is an ERROR line with its trace; INFO lines tell the start; newest first', async () => {
    const errors = await waitFor('an ERROR line', async () => {
      const res = await search({ search: { level: ['ERROR'] } });
      assert.equal(res.status, 200, res.text);
      return res.body.data.length > 0 ? res.body : undefined;
    });
    assert.equal(errors.api_version, 'v1');
    assert.equal(errors.kind, 'LoggingSearchResponse');
    const e = errors.data[0];
    assert.equal(e.level, 'ERROR');
    assert.equal(e.task_id, 'task-0');
    assert.match(e.id, /^lcc-/);
    assert.match(e.message, /task failed/);
    assert.ok(e.exception?.stacktrace?.length > 0, 'the trace is kept');
    const all = (await search({})).body.data as { timestamp: string; level: string; message: string }[];
    assert.ok(all.some((l) => l.level === 'INFO' && /task running/.test(l.message)));
    await waitFor('a restart line', async () =>
      (await search({ search: { search_text: 'task will restart' } })).body.data.length > 0 ? true : undefined,
    );
    const times = all.map((l) => Date.parse(l.timestamp));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    );
    const text = JSON.stringify(all);
    assert.ok(!text.includes(c.key.secret), 'the connector secret never appears');
  });

  it('pages with page_size and metadata.next; filters by text and time', async () => {
    await waitFor('three lines', async () => ((await search({})).body.data.length >= 3 ? true : undefined));
    const first = await search({}, '?page_size=2');
    assert.equal(first.body.data.length, 2);
    const next = new URL(first.body.metadata.next);
    assert.equal(next.pathname, '/logs/v1/search');
    const second = await search({}, `?page_size=2&page_token=${next.searchParams.get('page_token')}`);
    assert.equal(second.status, 200, second.text);
    assert.ok(second.body.data.length >= 1);
    assert.ok(Date.parse(second.body.data[0].timestamp) <= Date.parse(first.body.data[1].timestamp), 'older');
    const withText = await search({ search: { search_text: 'TASK RUNNING' } });
    assert.ok(withText.body.data.length > 0 && withText.body.data.every((l: any) => /task running/i.test(l.message)));
    const future = await search({ start_time: new Date(Date.now() + 3_600_000).toISOString() });
    assert.deepEqual(future.body.data, []);
    assert.equal(future.body.metadata, undefined, 'no next page');
  });

  it('bad requests are 400; another organization or connector is 404', async () => {
    assert.equal((await search({ crn: 'crn://confluent.cloud/nope' })).status, 400);
    assert.equal((await search({ search: { level: ['LOUD'] } })).status, 400);
    assert.equal((await search({}, '?page_size=500')).status, 400);
    assert.equal((await search({}, '?page_token=garbage')).status, 400);
    assert.equal((await search({ sort: 'asc' })).status, 400);
    assert.equal((await search({ crn: crn.replace('connector=failing', 'connector=other') })).status, 404);
    const other = await stack.api.newTenant();
    assert.equal((await search({}, '', other.admin)).status, 404);
  });
});
