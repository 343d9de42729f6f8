// Offsets through Connect v1: seeding on create, GET, Confluent's offsets/request (applied at once
// on an idle connector, PENDING for the runtime while tasks run) and its status, and Kafka
// Connect's PATCH/DELETE /offsets on a STOPPED connector only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness } from '../../support/api-harness';
import {
  assertConnectError,
  connectRequest,
  connectTenant,
  registerTestPlugins,
  repository,
  seedTasks,
  sinkConfig,
  sourceConfig,
  type ConnectTenant,
} from './support';

describe('Connect v1 offsets', () => {
  let api: ApiHarness;
  let t: ConnectTenant;
  const req = (method: string, path: string, body?: unknown) =>
    connectRequest(api, method, `${t.base}${path}`, { auth: t.admin, body });
  const raw = (method: string, path: string, body?: unknown) =>
    api.request(method, `${t.base}${path}`, { auth: t.admin, body });

  before(async () => {
    api = await startApi();
    registerTestPlugins(api);
    t = await connectTenant(api);
  });
  after(() => api.close());

  it('create seeds source offsets; GET returns them with id, name, observed_at', async () => {
    const offsets = [
      { partition: { task: 0 }, offset: { n: 41 } },
      { partition: { task: 1 }, offset: { n: 7 } },
    ];
    const res = await req('POST', '/connectors', { name: 'src', config: sourceConfig(t, 'src'), offsets });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.body.offsets, offsets);
    const got = await req('GET', '/connectors/src/offsets');
    assert.equal(got.status, 200);
    assert.match(got.body.id, /^lcc-/);
    assert.equal(got.body.name, 'src');
    assert.deepEqual(got.body.offsets, offsets);
    assert.ok(!Number.isNaN(Date.parse(got.body.metadata.observed_at)));
    assertConnectError(
      await req('POST', '/connectors', {
        name: 'bad-off',
        config: sourceConfig(t, 'bad-off'),
        offsets: [{ partition: 1 }],
      }),
      400,
    );
    assertConnectError(await req('GET', '/connectors/nope/offsets'), 404, 'resource not found');
  });

  it('Kafka Connect PATCH/DELETE /offsets need a STOPPED connector', async () => {
    const body = { offsets: [{ partition: { task: 0 }, offset: { n: 100 } }] };
    const running = await raw('PATCH', '/connectors/src/offsets', body);
    assertConnectError(running, 400, /^Connectors must be in the STOPPED state before their offsets can be modified/);
    assertConnectError(await raw('DELETE', '/connectors/src/offsets'), 400, /STOPPED state/);

    await req('PUT', '/connectors/src/stop');
    await seedTasks(api, t, 'src', ['RUNNING']);
    assertConnectError(await raw('PATCH', '/connectors/src/offsets', body), 400, /STOPPED state/);
    await seedTasks(api, t, 'src', []);

    assertConnectError(
      await raw('PATCH', '/connectors/src/offsets', { offsets: [] }),
      400,
      'Partitions / offsets need to be provided for an alter offsets request',
    );
    const altered = await raw('PATCH', '/connectors/src/offsets', {
      offsets: [
        { partition: { task: 0 }, offset: { n: 100 } },
        { partition: { task: 1 }, offset: null },
        { partition: { task: 2 }, offset: { n: 3 } },
      ],
    });
    assert.equal(altered.status, 200, altered.text);
    assert.deepEqual(altered.body, { message: 'The offsets for this connector have been altered successfully' });
    const after1 = await req('GET', '/connectors/src/offsets');
    assert.deepEqual(after1.body.offsets, [
      { partition: { task: 0 }, offset: { n: 100 } },
      { partition: { task: 2 }, offset: { n: 3 } },
    ]);
    const status = await req('GET', '/connectors/src/offsets/request/status');
    assert.equal(status.body.status.phase, 'APPLIED');
    assert.deepEqual(status.body.previous_offsets, [
      { partition: { task: 0 }, offset: { n: 41 } },
      { partition: { task: 1 }, offset: { n: 7 } },
    ]);

    const reset = await raw('DELETE', '/connectors/src/offsets');
    assert.equal(reset.status, 200);
    assert.deepEqual(reset.body, { message: 'The offsets for this connector have been reset successfully' });
    assert.deepEqual((await req('GET', '/connectors/src/offsets')).body.offsets, []);
    assertConnectError(await raw('DELETE', '/connectors/nope/offsets'), 404, 'resource not found');
  });

  it('offsets/request on an idle connector is applied at once; status shows APPLIED and previous offsets', async () => {
    const patch = await req('POST', '/connectors/src/offsets/request', {
      type: 'PATCH',
      offsets: [{ partition: { task: 0 }, offset: { n: 5 } }],
    });
    assert.equal(patch.status, 202, patch.text);
    assert.equal(patch.body.type, 'PATCH');
    assert.equal(patch.body.name, 'src');
    assert.match(patch.body.id, /^lcc-/);
    assert.deepEqual(patch.body.offsets, [{ partition: { task: 0 }, offset: { n: 5 } }]);
    assert.ok(!Number.isNaN(Date.parse(patch.body.requested_at)));
    const st = await req('GET', '/connectors/src/offsets/request/status');
    assert.equal(st.body.status.phase, 'APPLIED');
    assert.match(st.body.status.message, /have been altered successfully/);
    assert.deepEqual(st.body.previous_offsets, []);
    assert.ok(st.body.applied_at);
    assert.deepEqual(st.body.request, patch.body);
    assert.deepEqual((await req('GET', '/connectors/src/offsets')).body.offsets, [
      { partition: { task: 0 }, offset: { n: 5 } },
    ]);

    const del = await req('POST', '/connectors/src/offsets/request', { type: 'DELETE' });
    assert.equal(del.status, 202);
    assert.deepEqual((await req('GET', '/connectors/src/offsets')).body.offsets, []);
    const st2 = await req('GET', '/connectors/src/offsets/request/status');
    assert.equal(st2.body.request.type, 'DELETE');
    assert.match(st2.body.status.message, /have been reset successfully/);
    assert.deepEqual(st2.body.previous_offsets, [{ partition: { task: 0 }, offset: { n: 5 } }]);

    assertConnectError(
      await req('POST', '/connectors/src/offsets/request', { type: 'MERGE' }),
      400,
      'type must be PATCH or DELETE',
    );
    assertConnectError(await req('POST', '/connectors/src/offsets/request', { type: 'PATCH' }), 400);
    assertConnectError(
      await req('POST', '/connectors/src/offsets/request', { type: 'PATCH', offsets: [] }),
      400,
      'Partitions / offsets need to be provided for an alter offsets request',
    );
  });

  it('offsets/request on a running connector stays PENDING for the runtime; one at a time', async () => {
    await req('PUT', '/connectors/src/resume');
    await seedTasks(api, t, 'src', ['RUNNING', 'RUNNING']);
    const r = await req('POST', '/connectors/src/offsets/request', {
      type: 'PATCH',
      offsets: [{ partition: { task: 1 }, offset: { n: 9 } }],
    });
    assert.equal(r.status, 202);
    const st = await req('GET', '/connectors/src/offsets/request/status');
    assert.equal(st.body.status.phase, 'PENDING');
    assert.equal(st.body.applied_at, null);
    assert.deepEqual(
      (await req('GET', '/connectors/src/offsets')).body.offsets,
      [],
      'not applied by the API while tasks run',
    );
    const c = (await repository(api).findByName(t.scope, t.lkc, 'src'))!;
    const pending = await repository(api).pendingOffsetRequest(t.scope, t.lkc, c.id);
    assert.equal(pending?.previousState, 'RUNNING');
    assertConnectError(
      await req('POST', '/connectors/src/offsets/request', { type: 'DELETE' }),
      400,
      /already pending/,
    );

    // The runtime finishes it (what the worker does after stop + apply + resume).
    const prev = await repository(api).alterSourceOffsets(t.scope, t.lkc, c.id, 'PATCH', pending!.offsets as never);
    await repository(api).finishOffsetRequest(t.scope, t.lkc, c.id, pending!.id, {
      status: 'APPLIED',
      previousOffsets: prev ?? [],
    });
    assert.equal((await req('GET', '/connectors/src/offsets/request/status')).body.status.phase, 'APPLIED');
  });

  it('sink offsets: Kafka partition keys validated; requests stay PENDING for the runtime (reading them: sink-offsets.test.ts)', async () => {
    const created = await req('POST', '/connectors', {
      name: 'snk',
      config: sinkConfig(t, 'snk'),
      offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: '0' }, offset: { kafka_offset: '50' } }],
    });
    assert.equal(created.status, 201, created.text);
    const st = await req('GET', '/connectors/snk/offsets/request/status');
    assert.equal(
      st.body.status.phase,
      'PENDING',
      'initial sink offsets are applied by the runtime before the first start',
    );
    assert.deepEqual(st.body.request.offsets, [
      { partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 50 } },
    ]);
    assertConnectError(
      await req('POST', '/connectors', {
        name: 'snk2',
        config: sinkConfig(t, 'snk2'),
        offsets: [{ partition: { table: 'x' }, offset: { kafka_offset: 1 } }],
      }),
      400,
      /kafka_topic/,
    );
  });
});
