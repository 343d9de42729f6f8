/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Through Connect v1 with the runtime in this process (API + embedded broker + Postgres + Redis):
// a sink with errors.tolerance=none fed a record its Cast rejects is FAILED in GET …/status, with
// "Tolerance exceeded in error handler" and the SMT's exception in the trace; POST …/preview with
// "topic" reads the topic's first records without a consumer group.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConnectRuntime } from '@libs/connect-runtime';
import type { Tenant } from '../../support/api-harness';
import {
  provisionCluster,
  startStack,
  type ProvisionedCluster,
  type Stack,
  clusterKafka,
  startRuntime,
} from '../../support/stack-harness';
import { waitFor } from '../../support/wait-for';

describe('through Connect v1 with the runtime: status trace, preview from a topic', () => {
  let stack: Stack;
  let rt: ConnectRuntime;
  let t: Tenant;
  let c: ProvisionedCluster;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'cp-errors-status-'));

  before(async () => {
    stack = await startStack();
    t = await stack.api.newTenant();
    c = await provisionCluster(stack.api, t, 'errs');
    base = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
    rt = await startRuntime(stack, t.organizationId, { capacity: 5, workerId: 'w-errors-status' });
    const kafka = clusterKafka(stack, c, 'cp-errors');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'poison', messages: [{ key: 'p', value: JSON.stringify({ n: 'not-a-number' }) }] });
    await producer.disconnect();
  });
  after(async () => {
    await rt?.close();
    await stack?.close();
  });

  it('FAILED with the cause in the trace', async () => {
    const req = (method: string, path: string, body?: unknown) =>
      stack.api.request<any>(method, `${base}${path}`, { auth: t.admin, body });
    const created = await req('POST', '/connectors', {
      name: 'strict-sink',
      config: {
        'connector.class': 'CollectSink',
        name: 'strict-sink',
        'kafka.api.key': c.key.key,
        'kafka.api.secret': c.key.secret,
        topics: 'poison',
        file: join(dir, 'strict.jsonl'),
        'tasks.max': '1',
        'errors.tolerance': 'none',
        'auto.restart.on.user.error': 'false',
        transforms: 'cast',
        'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
        'transforms.cast.spec': 'n:int32',
      },
    });
    assert.equal(created.status, 201, created.text);
    const status = await waitFor(
      'strict-sink FAILED',
      async () => {
        const s = (await req('GET', '/connectors/strict-sink/status')).body;
        return s.tasks?.[0]?.state === 'FAILED' ? s : undefined;
      },
      30_000,
      200,
    );
    assert.equal(status.connector.state, 'FAILED');
    assert.match(status.tasks[0].trace, /Tolerance exceeded in error handler/);
    assert.match(status.tasks[0].trace, /Caused by: .*not-a-number/);
    assert.match(status.connector.trace, /Tolerance exceeded in error handler/);
  });

  it('transform preview of the first records of a topic, read without a consumer group', async () => {
    const kafka = clusterKafka(stack, c, 'cp-preview');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'preview-src',
      messages: [
        { key: 'a', value: JSON.stringify({ n: '1' }), headers: { h: 'x' } },
        { key: 'b', value: '{broken' },
        { key: 'c', value: JSON.stringify({ n: '3' }) },
      ],
    });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const groupsBefore = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
    const res = await stack.api.request<any>('POST', `${base}/connectors/preview`, {
      auth: t.admin,
      body: {
        config: {
          'connector.class': 'CollectSink',
          topics: 'preview-src',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter.schemas.enable': 'false',
          transforms: 'cast',
          'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
          'transforms.cast.spec': 'n:int32',
        },
        topic: 'preview-src',
        limit: 2,
      },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.records.length, 2);
    const [a, b] = res.body.records;
    assert.deepEqual(a.before, {
      topic: 'preview-src',
      partition: 0,
      offset: 0,
      key: 'a',
      value: '{"n":"1"}',
      headers: { h: 'x' },
    });
    assert.deepEqual(a.after.value, { n: 1 });
    assert.equal(b.before.offset, 1);
    assert.equal(b.error.stage, 'VALUE_CONVERTER');
    const groupsAfter = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
    await admin.disconnect();
    assert.deepEqual(groupsAfter, groupsBefore, 'no consumer group was created');
    // a source config cannot preview topic records
    const src = await stack.api.request<any>('POST', `${base}/connectors/preview`, {
      auth: t.admin,
      body: { config: { 'connector.class': 'CounterSource', topic: 'x' }, topic: 'preview-src' },
    });
    assert.equal(src.status, 400);
  });
});
