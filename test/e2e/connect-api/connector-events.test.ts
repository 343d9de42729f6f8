/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Connector events (issue 17 point 3) with the real runtime in this process: a task that fails once
// and recovers gives a TaskFailed and then a TaskRecovered CloudEvent, readable through Connect v1
// (newest first) and on the cluster's confluent-connect-log-events topic with the tenant's own key;
// `events` says where the stream is; another tenant sees none of it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectRuntime } from '@libs/connect-runtime';
import {
  provisionCluster,
  clusterKafka,
  startRuntime,
  startStack,
  type ProvisionedCluster,
  type Stack,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { waitFor } from '../../support/wait-for';

const TASK_FAILED = 'io.confluent.logevents.connect.TaskFailed';
const TASK_RECOVERED = 'io.connectplane.logevents.connect.TaskRecovered';

describe('connector events', () => {
  let stack: Stack;
  let rt: ConnectRuntime;
  let t: Tenant;
  let c: ProvisionedCluster;
  let base: string;
  const req = (method: string, path: string, auth = t.admin) => stack.api.request(method, `${base}${path}`, { auth });

  before(async () => {
    stack = await startStack();
    t = await stack.api.newTenant();
    c = await provisionCluster(stack.api, t, 'events');
    rt = await startRuntime(stack, t.organizationId, { capacity: 10, workerId: 'w-events' });
    base = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
    const marker = join(mkdtempSync(join(tmpdir(), 'cp-events-')), 'failed-once');
    const created = await stack.api.request('POST', `${base}/connectors`, {
      auth: t.admin,
      body: {
        name: 'flaky',
        config: {
          'connector.class': 'CounterSource',
          name: 'flaky',
          'kafka.api.key': c.key.key,
          'kafka.api.secret': c.key.secret,
          topic: 'events-counts',
          'batch.size': '1',
          'poll.interval.ms': '20',
          // poll() throws once at n = 3 (the marker file is created then), so the restart recovers
          'fail.at': '3',
          'fail.marker.file': marker,
        },
      },
    });
    assert.equal(created.status, 201, created.text);
  });

  after(async () => {
    await rt?.close();
    await stack?.close();
  });

  it('a failure and its recovery, newest first, as CloudEvents', async () => {
    const events = await waitFor(
      'TaskFailed and TaskRecovered',
      async () => {
        const res = await req('GET', '/connectors/flaky/events');
        assert.equal(res.status, 200, res.text);
        return res.body.data.length >= 2 ? (res.body.data as any[]) : undefined;
      },
      30_000,
    );
    assert.deepEqual(
      events.map((e) => e.type),
      [TASK_RECOVERED, TASK_FAILED],
    );
    const failed = events[1];
    assert.equal(failed.specversion, '1.0');
    assert.match(failed.id, /^[0-9a-f-]{36}$/);
    assert.equal(
      failed.source,
      `crn://confluent.cloud/organization=${t.organizationId}/environment=${c.environmentId}/cloud-cluster=${c.clusterId}/connector=flaky`,
    );
    assert.equal(failed.data.level, 'ERROR');
    assert.equal(failed.data.context.taskId, 0);
    assert.match(failed.data.context.connectorId, /^lcc-/);
    assert.ok(failed.data.summary.connectorErrorSummary.message.length > 0);
    assert.ok(failed.data.summary.connectorErrorSummary.rootCause.length > 0);
    assert.equal(events[0].data.level, 'INFO');
    assert.equal((await req('GET', '/connectors/flaky/events?limit=1')).body.data.length, 1);
    assert.equal((await req('GET', '/connectors/flaky/events?limit=0')).status, 400);
  });

  it('the same events are on the cluster topic, readable with the tenant key; describe says where', async () => {
    const where = await req('GET', '/events');
    assert.equal(where.status, 200, where.text);
    assert.equal(where.body.topic_name, 'confluent-connect-log-events');
    assert.equal(where.body.cluster_id, c.clusterId);
    assert.ok(where.body.event_types.includes(TASK_FAILED));
    const kafka = clusterKafka(stack, c, 'events-reader');
    const consumer = kafka.consumer({ groupId: `events-${Date.now()}` });
    await consumer.connect();
    const seen: any[] = [];
    try {
      await consumer.subscribe({ topic: where.body.topic_name, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(JSON.parse(String(message.value))) });
      await waitFor('both events on the topic', () =>
        [TASK_FAILED, TASK_RECOVERED].every((type) => seen.some((e) => e.type === type)) ? true : undefined,
      );
    } finally {
      await consumer.disconnect();
    }
    const api = (await req('GET', '/connectors/flaky/events')).body.data as any[];
    for (const e of api)
      assert.ok(
        seen.some((s) => s.id === e.id),
        `event ${e.id} on the topic`,
      );
  });

  it('another tenant sees none of it', async () => {
    const other = await stack.api.newTenant();
    assert.equal((await req('GET', '/connectors/flaky/events', other.admin)).status, 404);
    assert.equal((await req('GET', '/events', other.admin)).status, 404);
  });
});
