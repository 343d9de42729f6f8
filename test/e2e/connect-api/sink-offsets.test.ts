// A sink connector's offsets are its consumer group's (connect-<lcc id>) on the cluster: GET
// …/offsets reads them through the embedded broker, as the platform.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  clusterKafka,
  provisionCluster,
  startStack,
  type ProvisionedCluster,
  type Stack,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { connectRequest, registerTestPlugins, repository, sinkConfig } from './support';

describe('Connect v1 sink offsets (real broker)', () => {
  let stack: Stack;
  let t: Tenant;
  let c: ProvisionedCluster;
  let base: string;

  before(async () => {
    stack = await startStack();
    registerTestPlugins(stack.api);
    t = await stack.api.newTenant();
    c = await provisionCluster(stack.api, t, 'sink');
    base = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
  });
  after(() => stack.close());

  it('GET …/offsets returns the committed offsets of group connect-<lcc id>', async () => {
    const kafka = clusterKafka(stack, c, 'cp-test', { retry: { retries: 1 }, connectionTimeout: 3000 });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 2 }] });

    const created = await connectRequest(stack.api, 'POST', `${base}/connectors`, {
      auth: t.admin,
      body: { name: 'snk', config: sinkConfig({ kafkaKey: c.key }, 'snk') },
    });
    assert.equal(created.status, 201, created.text);
    const none = await connectRequest(stack.api, 'GET', `${base}/connectors/snk/offsets`, { auth: t.admin });
    assert.equal(none.status, 200, none.text);
    assert.deepEqual(none.body.offsets, []);

    const row = (await repository(stack.api).findByName(t.scope, c.clusterId, 'snk'))!;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'orders', messages: [0, 1, 2].map((i) => ({ partition: 1, value: `v${i}` })) });
    await producer.disconnect();
    await admin.setOffsets({
      groupId: `connect-${row.id}`,
      topic: 'orders',
      partitions: [{ partition: 1, offset: '2' }],
    });
    await admin.disconnect();

    const got = await connectRequest(stack.api, 'GET', `${base}/connectors/snk/offsets`, { auth: t.admin });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.body.id, row.id);
    assert.deepEqual(got.body.offsets, [
      { partition: { kafka_topic: 'orders', kafka_partition: 1 }, offset: { kafka_offset: 2 } },
    ]);
  });

  it('stopped sink: PATCH / DELETE …/offsets and offsets/request change the group; status keeps the previous offsets', async () => {
    const req = (method: string, path: string, body?: unknown) =>
      connectRequest(stack.api, method, `${base}${path}`, { auth: t.admin, body });
    assert.equal((await req('PUT', '/connectors/snk/stop')).status, 202);
    const patched = await stack.api.request('PATCH', `${base}/connectors/snk/offsets`, {
      auth: t.admin,
      body: {
        offsets: [
          { partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 1 } },
          { partition: { kafka_topic: 'orders', kafka_partition: 1 }, offset: null },
        ],
      },
    });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.body, { message: 'The offsets for this connector have been altered successfully' });
    assert.deepEqual((await req('GET', '/connectors/snk/offsets')).body.offsets, [
      { partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 1 } },
      { partition: { kafka_topic: 'orders', kafka_partition: 1 }, offset: { kafka_offset: 0 } },
    ]);
    const st = await req('GET', '/connectors/snk/offsets/request/status');
    assert.equal(st.body.status.phase, 'APPLIED');
    assert.deepEqual(st.body.previous_offsets, [
      { partition: { kafka_topic: 'orders', kafka_partition: 1 }, offset: { kafka_offset: 2 } },
    ]);

    const viaRequest = await req('POST', '/connectors/snk/offsets/request', {
      type: 'PATCH',
      offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: '1' }, offset: { kafka_offset: '3' } }],
    });
    assert.equal(viaRequest.status, 202, viaRequest.text);
    assert.equal((await req('GET', '/connectors/snk/offsets/request/status')).body.status.phase, 'APPLIED');
    assert.deepEqual((await req('GET', '/connectors/snk/offsets')).body.offsets[1], {
      partition: { kafka_topic: 'orders', kafka_partition: 1 },
      offset: { kafka_offset: 3 },
    });

    const reset = await stack.api.request('DELETE', `${base}/connectors/snk/offsets`, { auth: t.admin });
    assert.equal(reset.status, 200, reset.text);
    assert.deepEqual(reset.body, { message: 'The offsets for this connector have been reset successfully' });
    assert.deepEqual((await req('GET', '/connectors/snk/offsets')).body.offsets, []);
    assert.equal((await req('GET', '/connectors/snk/offsets/request/status')).body.previous_offsets.length, 2);
  });
});
