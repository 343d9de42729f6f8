/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// A connector's kafka.api.key / kafka.api.secret (issue 12, point 5): checked on create, PUT config
// and validate (an active key of this very cluster, with its secret), and used by the runtime as
// the tasks' Kafka login, so deleting the key fails that connector with a clear trace while a
// connector with another key keeps running.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectRuntime } from '@libs/connect-runtime';
import {
  provisionCluster,
  clusterKafka,
  startRuntime,
  startStack,
  type ProvisionedCluster,
  type Stack,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { createApiKey } from '../../support/cloud-fixtures';
import type { Credentials } from '../../support/http-client';
import { assertConnectError, connectRequest } from './support';
import { waitFor } from '../../support/wait-for';

describe('Connect v1: connector credentials are checked and used', () => {
  let stack: Stack;
  let rt: ConnectRuntime | undefined;
  let t: Tenant;
  let c: ProvisionedCluster;
  let other: ProvisionedCluster;
  let base: string;
  const req = (method: string, path: string, body?: unknown) =>
    connectRequest(stack.api, method, `${base}${path}`, { auth: t.admin, body });

  const counter = (name: string, key: Credentials) => ({
    'connector.class': 'CounterSource',
    name,
    'kafka.api.key': key.key,
    'kafka.api.secret': key.secret,
    topic: 'counts',
    'tasks.max': '1',
    'batch.size': '5',
    'poll.interval.ms': '50',
  });

  before(async () => {
    stack = await startStack();
    t = await stack.api.newTenant();
    c = await provisionCluster(stack.api, t, 'creds');
    other = await provisionCluster(stack.api, t, 'creds-other');
    base = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
    const admin = clusterKafka(stack, c, 'cp-test').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'counts', numPartitions: 1 }] });
    await admin.disconnect();
  });
  after(async () => {
    await rt?.close();
    await stack?.close();
  });

  it('refuses a wrong secret, an unknown key, another cluster’s key and a Cloud key on the property', async () => {
    const cases: [string, Credentials, 'kafka.api.key' | 'kafka.api.secret'][] = [
      ['wrong secret', { key: c.key.key, secret: 'W'.repeat(64) }, 'kafka.api.secret'],
      ['unknown key', { key: 'NOSUCHKEY0000000', secret: 'S'.repeat(64) }, 'kafka.api.key'],
      ['other cluster', other.key, 'kafka.api.key'],
      ['cloud key', t.admin, 'kafka.api.key'],
    ];
    for (const [what, key, property] of cases) {
      const config = counter(`bad-${what.replace(/\W/g, '-')}`, key);
      const created = await req('POST', '/connectors', { name: config.name, config });
      const msg = assertConnectError(created, 400);
      assert.ok(msg.includes(`Unable to validate "${property}"`), `${what}: ${msg}`);
      assert.ok(!created.text.includes(key.secret), `${what}: the secret is not echoed`);

      const put = await req('PUT', `/connectors/${config.name}/config`, config);
      assert.ok(assertConnectError(put, 400).includes(`Unable to validate "${property}"`), what);

      const validated = await req('PUT', '/connector-plugins/CounterSource/config/validate', config);
      assert.equal(validated.status, 200, validated.text);
      assert.ok(!validated.text.includes(key.secret), `${what}: validate does not echo the secret`);
      const entry = validated.body.configs.find((x: any) => x.value.name === property);
      assert.equal(entry.value.errors.length, 1, `${what}: ${validated.text}`);
      assert.ok(entry.value.errors[0].startsWith(`Unable to validate "${property}"`), entry.value.errors[0]);
      assert.ok(validated.body.error_count >= 1);
      assert.equal((await req('GET', `/connectors/${config.name}`)).status, 404, `${what}: nothing created`);
    }
    const good = await req('PUT', '/connector-plugins/CounterSource/config/validate', counter('good', c.key));
    assert.equal(good.body.error_count, 0, good.text);
  });

  it('SERVICE_ACCOUNT mode: the account must exist in the organization', async () => {
    const { 'kafka.api.key': _k, 'kafka.api.secret': _s, ...base } = counter('sa', c.key);
    const config = (id: string) => ({ ...base, 'kafka.auth.mode': 'SERVICE_ACCOUNT', 'kafka.service.account.id': id });
    const bad = await req('PUT', '/connector-plugins/CounterSource/config/validate', config('sa-nosuch'));
    const entry = bad.body.configs.find((x: any) => x.value.name === 'kafka.service.account.id');
    assert.match(entry.value.errors[0] ?? '', /Unable to validate "kafka\.service\.account\.id"/, bad.text);
    const good = await req('PUT', '/connector-plugins/CounterSource/config/validate', config(t.adminServiceAccountId));
    assert.equal(good.body.error_count, 0, good.text);
  });

  it('refuses an update to a bad key and keeps the stored config', async () => {
    const created = await req('POST', '/connectors', {
      name: 'stays',
      config: counter('stays', c.key),
      initial_state: 'PAUSED',
    });
    assert.equal(created.status, 201, created.text);
    const patch = await req('PATCH', '/connectors/stays/config', { 'kafka.api.key': other.key.key });
    assert.match(assertConnectError(patch, 400), /Unable to validate "kafka\.api\.key"/);
    const bad = await req('PUT', '/connectors/stays/config', counter('stays', other.key));
    assert.match(assertConnectError(bad, 400), /Unable to validate "kafka\.api\.key"/);
    assert.equal((await req('DELETE', '/connectors/stays')).status, 200);
  });

  it('runs each connector as its own key: deleting one key fails that connector only, with the trace', async () => {
    rt = await startRuntime(stack, t.organizationId, { capacity: 10, workerId: 'w-creds' });
    const doomed = await createApiKey(stack.api, t.admin, t.adminServiceAccountId, c.clusterId, c.environmentId);
    for (const [name, key] of [
      ['doomed', doomed],
      ['keeps', c.key],
    ] as const) {
      const res = await req('POST', '/connectors', { name, config: counter(name, key) });
      assert.equal(res.status, 201, res.text);
    }
    const status = async (name: string) => (await req('GET', `/connectors/${name}/status`)).body;
    const offsetOf = async (name: string) =>
      Number((await req('GET', `/connectors/${name}/offsets`)).body.offsets?.[0]?.offset?.n ?? -1);
    for (const name of ['doomed', 'keeps'])
      await waitFor(
        `${name} RUNNING and producing`,
        async () =>
          (await status(name)).tasks[0]?.state === 'RUNNING' && (await offsetOf(name)) > 0 ? true : undefined,
        20_000,
      );

    const deleted = await stack.api.request('DELETE', `/iam/v2/api-keys/${doomed.id}`, { auth: t.admin });
    assert.equal(deleted.status, 204, deleted.text);

    const failed = await waitFor(
      'doomed FAILED with the credential trace',
      async () => {
        const s = await status('doomed');
        return s.connector.state === 'FAILED' && s.tasks[0]?.state === 'FAILED' ? s : undefined;
      },
      30_000,
    );
    const prefix = doomed.key.slice(0, 6);
    assert.match(failed.tasks[0].trace, new RegExp(`Kafka API key ${prefix}… is invalid or was deleted`));
    assert.match(failed.connector.trace, /SASL authentication failed/);
    assert.ok(!failed.tasks[0].trace.includes(doomed.secret), 'the trace does not carry the secret');

    // not a hot loop: the next automatic attempt waits for the slowest backoff
    const row = await stack.api.app
      .get((await import('@libs/db')).PrismaService, { strict: false })
      .connectorTask.findFirst({ where: { connector: { name: 'doomed', clusterId: c.clusterId } } });
    assert.ok(row?.nextRestartAt, 'an automatic retry is scheduled');
    assert.ok(row.nextRestartAt.getTime() - Date.now() > 30_000, `retry at ${row.nextRestartAt.toISOString()}`);

    // the other connector, with its own key, keeps producing
    const before = await offsetOf('keeps');
    await waitFor('keeps still producing', async () => ((await offsetOf('keeps')) > before ? true : undefined));
    assert.equal((await status('keeps')).connector.state, 'RUNNING');

    // fixing the key runs the connector again at once
    const fixed = await req('PUT', '/connectors/doomed/config', counter('doomed', c.key));
    assert.equal(fixed.status, 200, fixed.text);
    await waitFor('doomed RUNNING again', async () =>
      (await status('doomed')).tasks[0]?.state === 'RUNNING' ? true : undefined,
    );
  });
  it('a sink logs in with its key too: deleting it fails the sink with the trace', async () => {
    const key = await createApiKey(stack.api, t.admin, t.adminServiceAccountId, c.clusterId, c.environmentId);
    const config = {
      'connector.class': 'CollectSink',
      name: 'sink-doomed',
      'kafka.api.key': key.key,
      'kafka.api.secret': key.secret,
      topics: 'counts',
      file: join(mkdtempSync(join(tmpdir(), 'cp-creds-')), 'out.jsonl'),
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'tasks.max': '1',
    };
    const res = await req('POST', '/connectors', { name: config.name, config });
    assert.equal(res.status, 201, res.text);
    const status = async () => (await req('GET', '/connectors/sink-doomed/status')).body;
    await waitFor(
      'sink RUNNING',
      async () => ((await status()).tasks[0]?.state === 'RUNNING' ? true : undefined),
      20_000,
    );
    assert.equal((await stack.api.request('DELETE', `/iam/v2/api-keys/${key.id}`, { auth: t.admin })).status, 204);
    const failed = await waitFor(
      'sink FAILED with the credential trace',
      async () => {
        const s = await status();
        return s.tasks[0]?.state === 'FAILED' ? s : undefined;
      },
      30_000,
    );
    assert.match(failed.tasks[0].trace, new RegExp(`Kafka API key ${key.key.slice(0, 6)}… is invalid or was deleted`));
  });
});
