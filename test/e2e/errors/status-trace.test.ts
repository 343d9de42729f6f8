/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Through Connect v1 with the runtime in this process (API + embedded broker + Postgres + Redis):
// a sink with errors.tolerance=none fed a record its Cast rejects is FAILED in GET …/status, with
// "Tolerance exceeded in error handler" and the SMT's exception in the trace.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '@libs/config';
import { PrismaService } from '@libs/db';
import { createBuiltinRegistry } from '../../../libs/connect-runtime/src/plugins/builtin-registry';
import { ConnectRuntime } from '../../../libs/connect-runtime/src/runtime';
import type { Tenant } from '../../support/api-harness';
import { waitFor } from '../../support/cloud-fixtures';
import { provisionCluster, startStack, type ProvisionedCluster, type Stack } from '../../support/stack-harness';

describe('tolerance none: the failure and its cause in GET …/status', () => {
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
    const config = loadConfig();
    const [host, port] = stack.brokerAddress.split(':');
    rt = new ConnectRuntime({
      db: stack.api.app.get(PrismaService, { strict: false }),
      registry: createBuiltinRegistry(),
      redisUrl: config.REDIS_URL,
      redisPrefix: config.REDIS_PREFIX,
      secretsKeyring: config.secretsKeyring,
      pepper: config.apiKeyPepper,
      broker: { host: host as string, port: Number(port) },
      capacity: 5,
      workerId: 'w-errors-status',
      organizationIds: [t.organizationId],
      reconcileIntervalMs: 200,
      offsetFlushIntervalMs: 200,
      log: () => undefined,
    });
    await rt.start();
    const kafka = new Kafka({
      clientId: 'cp-errors',
      brokers: [stack.brokerAddress],
      sasl: { mechanism: 'plain', username: c.key.key, password: c.key.secret },
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'poison', messages: [{ key: 'p', value: JSON.stringify({ n: 'not-a-number' }) }] });
    await producer.disconnect();
  });
  after(async () => {
    await rt?.close();
    await stack?.close();
    // as runtime-lifecycle.test.ts: ConnectRuntime.close() can leave a Redis connection open
    setTimeout(() => process.exit(), 1000).unref();
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
});
