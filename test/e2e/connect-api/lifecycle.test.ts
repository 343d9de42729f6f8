// Connect v1 through the API: create, read, config PUT (idempotent, masked secrets round-trip),
// list with expansions, status derived from task rows, pause/resume/stop/restart writes, delete and
// recreate, plugins and validate. The runtime is not running here: assertions are on what the API
// owns (stored desired state and config, status derived from task rows seeded as the runtime would).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SecretBox } from '@libs/secrets';
import { connectorSecretAad, openConnectorConfig } from '@libs/db';
import { CONNECTOR_CHANGED_CHANNEL, CONNECTOR_DELETED_CHANNEL, RedisService } from '@libs/redis';
import { startApi, type ApiHarness } from '../../support/api-harness';
import {
  assertConnectError,
  connectRequest,
  connectTenant,
  kafkaCredentials,
  MASK,
  registerTestPlugins,
  repository,
  seedTasks,
  sinkConfig,
  sourceConfig,
  type ConnectTenant,
} from './support';
import { waitFor } from '../../support/wait-for';

/** One entry of a validate response, as these assertions read it. */
type ValidatedConfig = {
  definition: { required: boolean; type: string; alias?: string };
  value: { value: unknown; errors: string[]; recommended_values: string[] };
  metadata?: unknown;
};

function must<T>(m: Map<string, T>, key: string): T {
  const v = m.get(key);
  assert.ok(v, `validate response has no ${key}`);
  return v;
}

describe('Connect v1 connector lifecycle', () => {
  let api: ApiHarness;
  let t: ConnectTenant;
  const req = (method: string, path: string, body?: unknown) =>
    connectRequest(api, method, `${t.base}${path}`, { auth: t.admin, body });

  before(async () => {
    api = await startApi();
    registerTestPlugins(api);
    t = await connectTenant(api);
  });
  after(() => api.close());

  it('create → 201 with masked config, service keys, offsets; secrets encrypted at rest', async () => {
    const res = await req('POST', '/connectors', { name: 'src-a', config: sourceConfig(t, 'src-a'), offsets: [] });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.name, 'src-a');
    assert.equal(res.body.type, 'source');
    assert.deepEqual(res.body.tasks, []);
    assert.deepEqual(res.body.offsets, []);
    const cfg = res.body.config;
    for (const k of ['kafka.api.key', 'kafka.api.secret', 'db.password']) assert.equal(cfg[k], MASK, k);
    assert.equal(cfg['kafka.topic'], 'orders');
    assert.equal(cfg['cloud.provider'], 'gcp');
    assert.equal(cfg['kafka.region'], 'us-west4');
    assert.match(cfg['kafka.endpoint'], /^SASL_PLAINTEXT:\/\/.+:\d+$/);
    assert.equal(cfg['cloud.environment'], 'prod');
    assert.equal(cfg['kafka.max.partition.validation.disable'], 'false');
    assert.ok(!res.text.includes('hunter2') && !res.text.includes(t.kafkaKey.secret));

    const row = await repository(api).findByName(t.scope, t.lkc, 'src-a');
    assert.ok(row);
    assert.match(row.id, /^lcc-[a-z0-9]{6}$/);
    assert.equal(row.targetState, 'RUNNING');
    assert.equal(row.generation, 1);
    const stored = row.config as Record<string, string>;
    assert.ok(!JSON.stringify(stored).includes('hunter2'), 'password not stored in clear');
    assert.ok(!('kafka.endpoint' in stored), 'service keys are not stored');
    const box = api.app.get(SecretBox, { strict: false });
    assert.equal(box.decrypt(stored['db.password'], connectorSecretAad(row.id, 'db.password')), 'hunter2-db-password');
    assert.throws(
      () => box.decrypt(stored['db.password'], connectorSecretAad(row.id, 'kafka.api.secret')),
      'AAD binds the key',
    );
    assert.equal(openConnectorConfig(box, row.id, stored)['kafka.api.secret'], t.kafkaKey.secret);
  });

  it('duplicate name → 409 in Connect v1 format, also under concurrent creates', async () => {
    const res = await req('POST', '/connectors', { name: 'src-a', config: sourceConfig(t, 'src-a') });
    assert.deepEqual(res.body, { error: { code: 409, message: 'Connector src-a already exists' } });
    const racing = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.request('POST', `${t.base}/connectors`, {
          auth: t.admin,
          body: { name: 'race', config: sourceConfig(t, 'race') },
        }),
      ),
    );
    assert.deepEqual(
      racing.map((r) => r.status).sort(),
      [201, 409, 409, 409, 409, 409],
      racing.map((r) => r.text).join('\n'),
    );
    assert.equal((await req('DELETE', '/connectors/race')).status, 200);
  });

  it('create validation errors → 400 with the validate messages; bad class; name mismatch', async () => {
    const missing = await req('POST', '/connectors', {
      name: 'bad-1',
      config: { 'connector.class': 'SecretSource', name: 'bad-1', 'tasks.max': '1', 'kafka.api.key': 'k' },
    });
    const msg = assertConnectError(missing, 400);
    assert.match(msg, /^Connector configuration is invalid and contains the following 3 error\(s\):/);
    assert.match(msg, /Missing required configuration "kafka.topic" which has no default value\./);
    assert.match(msg, /Missing required configuration "db.password" which has no default value\./);
    assert.match(msg, /"kafka.api.secret" is required/);
    assert.match(msg, /\/connector-plugins\/SecretSource\/config\/validate/);

    const badEnum = await req('POST', '/connectors', {
      name: 'bad-2',
      config: sourceConfig(t, 'bad-2', { mode: 'sideways', 'tasks.max': '0' }),
    });
    const m2 = assertConnectError(badEnum, 400);
    assert.match(m2, /Invalid value sideways for configuration mode: String must be one of: bulk, incrementing/);
    assert.match(m2, /Invalid value 0 for configuration tasks.max: Value must be at least 1/);

    const badTransform = await req('POST', '/connectors', {
      name: 'bad-3',
      config: sourceConfig(t, 'bad-3', { transforms: 't1', 'transforms.t1.type': 'org.example.Nope' }),
    });
    assert.match(
      assertConnectError(badTransform, 400),
      /transforms.t1.type.*Class org.example.Nope could not be found/,
    );

    const badClass = await req('POST', '/connectors', {
      name: 'bad-4',
      config: { ...sourceConfig(t, 'bad-4'), 'connector.class': 'NoSuchConnector' },
    });
    assertConnectError(
      badClass,
      400,
      /^Failed to find any class that implements Connector and which name matches NoSuchConnector, available connectors are: .*SecretSource/,
    );

    const noClass = await req('POST', '/connectors', { name: 'bad-5', config: { name: 'bad-5' } });
    assertConnectError(noClass, 400, 'Connector config contains no connector type');

    const mismatch = await req('POST', '/connectors', { name: 'bad-6', config: sourceConfig(t, 'other-name') });
    assertConnectError(
      mismatch,
      400,
      "Connector name configuration (other-name) doesn't match connector name in the URL (bad-6)",
    );

    const notString = await req('POST', '/connectors', {
      name: 'bad-7',
      config: { ...sourceConfig(t, 'bad-7'), 'kafka.topic': { x: 1 } },
    });
    assertConnectError(notString, 400, /must be a string/);
    const noName = await req('POST', '/connectors', { config: sourceConfig(t, 'x') });
    assertConnectError(noName, 400);

    const names = await req('GET', '/connectors');
    assert.deepEqual(names.body, ['src-a'], 'nothing was created by failed requests');
  });

  it('GET connector, config, tasks; numbers are accepted as strings', async () => {
    const info = await req('GET', '/connectors/src-a');
    assert.equal(info.status, 200);
    assert.equal(info.body.config['db.password'], MASK);
    const config = await req('GET', '/connectors/src-a/config');
    assert.equal(config.status, 200);
    assert.equal(config.body['kafka.api.secret'], MASK);
    assert.equal(config.body.name, 'src-a');
    assert.deepEqual(Object.keys(config.body), [...Object.keys(config.body)].sort());

    const created = await req('POST', '/connectors', {
      name: 'num',
      config: { ...sourceConfig(t, 'num'), 'tasks.max': 3 },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.config['tasks.max'], '3');

    await seedTasks(api, t, 'src-a', ['RUNNING', 'RUNNING']);
    const tasks = await req('GET', '/connectors/src-a/tasks');
    assert.equal(tasks.status, 200);
    assert.equal(tasks.body.length, 2);
    assert.deepEqual(tasks.body[1].id, { connector: 'src-a', task: 1 });
    assert.equal(tasks.body[0].config['db.password'], MASK, 'task configs are masked too');
    assert.ok(!tasks.text.includes('hunter2'));
    const withTasks = await req('GET', '/connectors/src-a');
    assert.deepEqual(withTasks.body.tasks, [
      { connector: 'src-a', task: 0 },
      { connector: 'src-a', task: 1 },
    ]);
  });

  it('PUT config: create-or-update, idempotent, masked secrets round-trip, service keys ignored', async () => {
    const created = await req('PUT', '/connectors/put-a/config', sourceConfig(t, 'put-a'));
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.name, 'put-a');
    assert.equal(created.body.config['db.password'], MASK);
    const repo = repository(api);
    const g1 = (await repo.findByName(t.scope, t.lkc, 'put-a'))!;
    assert.equal(g1.generation, 1);

    const same = await req('PUT', '/connectors/put-a/config', sourceConfig(t, 'put-a'));
    assert.equal(same.status, 200);
    assert.equal(
      (await repo.findByName(t.scope, t.lkc, 'put-a'))!.generation,
      1,
      'identical config: no generation bump',
    );

    // A client sends back what it read (masked secrets, service keys): still identical.
    const read = await req('GET', '/connectors/put-a/config');
    const roundTrip = await req('PUT', '/connectors/put-a/config', read.body);
    assert.equal(roundTrip.status, 200, roundTrip.text);
    const after1 = (await repo.findByName(t.scope, t.lkc, 'put-a'))!;
    assert.equal(after1.generation, 1, 'masked round-trip: no change');

    // name is optional in the body; a change bumps the generation and keeps secrets.
    const { name: _n, ...noName } = sourceConfig(t, 'put-a', { 'kafka.topic': 'orders-v2', 'db.password': MASK });
    const changed = await req('PUT', '/connectors/put-a/config', noName);
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.config['kafka.topic'], 'orders-v2');
    const g2 = (await repo.findByName(t.scope, t.lkc, 'put-a'))!;
    assert.equal(g2.generation, 2);
    const box = api.app.get(SecretBox, { strict: false });
    assert.equal(
      openConnectorConfig(box, g2.id, g2.config as Record<string, string>)['db.password'],
      'hunter2-db-password',
    );

    const invalid = await req('PUT', '/connectors/put-a/config', sourceConfig(t, 'put-a', { mode: 'nope' }));
    assertConnectError(invalid, 400, /Connector configuration is invalid/);
    const mismatch = await req('PUT', '/connectors/put-a/config', sourceConfig(t, 'zzz'));
    assertConnectError(mismatch, 400, /doesn't match connector name in the URL \(put-a\)/);
    assert.equal((await repo.findByName(t.scope, t.lkc, 'put-a'))!.generation, 2);
  });

  it('Kafka PATCH config merges (null removes), validates, keeps secrets; status?expand=id; error-recommendations', async () => {
    const repo = repository(api);
    const before1 = (await repo.findByName(t.scope, t.lkc, 'put-a'))!;
    const patched = await api.request('PATCH', `${t.base}/connectors/put-a/config`, {
      auth: t.admin,
      body: { mode: 'incrementing', 'kafka.topic': null, 'kafka.topic.x': 'y' },
    });
    assertConnectError(patched, 400, /Missing required configuration "kafka.topic"/);
    const ok = await api.request('PATCH', `${t.base}/connectors/put-a/config`, {
      auth: t.admin,
      body: { mode: 'incrementing', extra: null },
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.config.mode, 'incrementing');
    assert.equal(ok.body.config['db.password'], MASK);
    const after1 = (await repo.findByName(t.scope, t.lkc, 'put-a'))!;
    assert.equal(after1.generation, before1.generation + 1);
    const box = api.app.get(SecretBox, { strict: false });
    assert.equal(
      openConnectorConfig(box, after1.id, after1.config as Record<string, string>)['db.password'],
      'hunter2-db-password',
    );
    assertConnectError(
      await api.request('PATCH', `${t.base}/connectors/nope/config`, { auth: t.admin, body: {} }),
      404,
      'account not found',
    );

    const st = await req('GET', '/connectors/put-a/status?expand=id');
    assert.deepEqual(st.body.id, { id: after1.id, id_type: 'ID' });
    assert.equal(st.body.name, 'put-a');
    const recs = await api.request('GET', `${t.base}/connectors/put-a/error-recommendations`, { auth: t.admin });
    assert.equal(recs.status, 200);
    assert.equal(recs.body.error, null);
    assert.match(recs.body.event_id, new RegExp(`^${after1.id}_\\d+$`));
    assert.deepEqual(recs.body.recommendations, []);
  });

  it('list: names, expand comma-separated and repeated, unknown token → 400', async () => {
    const names = await req('GET', '/connectors');
    assert.deepEqual([...names.body].sort(), ['num', 'put-a', 'src-a']);
    const all = await req('GET', '/connectors?expand=id,info,status');
    assert.equal(all.status, 200);
    const a = all.body['src-a'];
    assert.match(a.id.id, /^lcc-/);
    assert.equal(a.id.id_type, 'ID');
    assert.equal(a.info.config['kafka.api.secret'], MASK);
    assert.equal(a.status.connector.state, 'RUNNING');
    assert.deepEqual(a.extensions, {});
    const encoded = await req('GET', '/connectors?expand=id%2Cstatus');
    assert.ok(encoded.body['src-a'].id && encoded.body['src-a'].status && !encoded.body['src-a'].info);
    const repeated = await req('GET', '/connectors?expand=info&expand=status');
    assert.ok(repeated.body['put-a'].info && repeated.body['put-a'].status && !repeated.body['put-a'].id);
    const onlyId = await req('GET', '/connectors?expand=id');
    assert.deepEqual(Object.keys(onlyId.body['num']).sort(), ['extensions', 'id']);
    assertConnectError(await req('GET', '/connectors?expand=id,bogus'), 400, /bogus/);
  });

  it('status: derived from task rows (PROVISIONING, RUNNING, DEGRADED, FAILED, PAUSED)', async () => {
    await req('POST', '/connectors', { name: 'st', config: sourceConfig(t, 'st', { 'tasks.max': '3' }) });
    const fresh = await req('GET', '/connectors/st/status');
    assert.equal(fresh.status, 200);
    assert.deepEqual(fresh.body.connector, { state: 'PROVISIONING', worker_id: 'st', trace: '' });
    assert.deepEqual(fresh.body.tasks, []);
    assert.equal(fresh.body.type, 'source');
    const cases: [Parameters<typeof seedTasks>[3], string][] = [
      [['UNASSIGNED', 'UNASSIGNED', 'UNASSIGNED'], 'PROVISIONING'],
      [['RUNNING', 'RUNNING', 'RUNNING'], 'RUNNING'],
      [['RUNNING', 'UNASSIGNED', 'RUNNING'], 'DEGRADED'],
      [['RUNNING', 'FAILED', 'RUNNING'], 'DEGRADED'],
      [['FAILED', 'FAILED', 'FAILED'], 'FAILED'],
      [['PAUSED', 'PAUSED', 'PAUSED'], 'PAUSED'],
    ];
    for (const [states, expected] of cases) {
      await seedTasks(api, t, 'st', states, { trace: 'java.lang.Boom: it broke', workerId: 'worker-7' });
      const s = await req('GET', '/connectors/st/status');
      assert.equal(s.body.connector.state, expected, `${states.join(',')} → ${expected}`);
      assert.deepEqual(
        s.body.tasks.map((x: { state: string }) => x.state),
        states,
      );
      assert.equal(s.body.tasks[0].worker_id, 'worker-7');
      if (expected === 'FAILED' || (expected === 'DEGRADED' && states.includes('FAILED'))) {
        assert.equal(s.body.connector.trace, 'java.lang.Boom: it broke');
        const failed = s.body.tasks.find((x: { state: string }) => x.state === 'FAILED');
        assert.equal(failed.trace, 'java.lang.Boom: it broke');
        assert.equal(failed.msg, '');
      }
    }
    const c = (await repository(api).findByName(t.scope, t.lkc, 'st'))!;
    await repository(api).setRuntimeState(t.scope, t.lkc, c.id, 'FAILED', 'Unable to validate configuration');
    await seedTasks(api, t, 'st', ['RUNNING']);
    const instanceFailed = await req('GET', '/connectors/st/status');
    assert.deepEqual(instanceFailed.body.connector, {
      state: 'FAILED',
      worker_id: 'st',
      trace: 'Unable to validate configuration',
    });
    const ts = await api.request('GET', `${t.base}/connectors/st/tasks/0/status`, { auth: t.admin });
    assert.equal(ts.status, 200);
    assert.equal(ts.body.id, 0);
    assert.equal(ts.body.state, 'RUNNING');
    assert.equal((await api.request('GET', `${t.base}/connectors/st/tasks/5/status`, { auth: t.admin })).status, 404);
  });

  it('pause / resume / stop: 202 empty, write the target state; status follows the tasks', async () => {
    const repo = repository(api);
    await seedTasks(api, t, 'src-a', ['RUNNING', 'RUNNING']);
    const pause = await req('PUT', '/connectors/src-a/pause');
    assert.equal(pause.status, 202);
    assert.equal(pause.text, '');
    assert.equal((await repo.findByName(t.scope, t.lkc, 'src-a'))!.targetState, 'PAUSED');
    assert.equal(
      (await req('GET', '/connectors/src-a/status')).body.connector.state,
      'RUNNING',
      'until the runtime pauses the tasks',
    );
    await seedTasks(api, t, 'src-a', ['PAUSED', 'PAUSED']);
    const paused = await req('GET', '/connectors/src-a/status');
    assert.equal(paused.body.connector.state, 'PAUSED');
    assert.deepEqual(
      paused.body.tasks.map((x: { state: string }) => x.state),
      ['PAUSED', 'PAUSED'],
    );
    assert.equal((await req('PUT', '/connectors/src-a/pause')).status, 202, 'idempotent');

    const resume = await req('PUT', '/connectors/src-a/resume');
    assert.equal(resume.status, 202);
    assert.equal((await repo.findByName(t.scope, t.lkc, 'src-a'))!.targetState, 'RUNNING');

    const stop = await api.request('PUT', `${t.base}/connectors/src-a/stop`, { auth: t.admin });
    assert.equal(stop.status, 202);
    assert.equal((await repo.findByName(t.scope, t.lkc, 'src-a'))!.targetState, 'STOPPED');
    await seedTasks(api, t, 'src-a', []);
    const stopped = await req('GET', '/connectors/src-a/status');
    assert.equal(stopped.body.connector.state, 'STOPPED');
    assert.deepEqual(stopped.body.tasks, []);
    assert.deepEqual((await req('GET', '/connectors/src-a')).body.tasks, []);
    await req('PUT', '/connectors/src-a/resume');
    assert.equal((await repo.findByName(t.scope, t.lkc, 'src-a'))!.targetState, 'RUNNING');

    assertConnectError(await req('PUT', '/connectors/nope/pause'), 404, 'resource not found');
    assertConnectError(await req('PUT', '/connectors/nope/resume'), 404, 'resource not found');
    assertConnectError(
      await api.request('PUT', `${t.base}/connectors/nope/stop`, { auth: t.admin }),
      404,
      'resource not found',
    );
  });

  it('restart: includeTasks / onlyFailed mark the instance and tasks; task restart', async () => {
    const repo = repository(api);
    await seedTasks(api, t, 'src-a', ['RUNNING', 'FAILED']);
    const c0 = (await repo.findByName(t.scope, t.lkc, 'src-a'))!;
    await repo.setRuntimeState(t.scope, t.lkc, c0.id, 'RUNNING');

    const onlyFailedTasks = await api.request(
      'POST',
      `${t.base}/connectors/src-a/restart?includeTasks=true&onlyFailed=true`,
      { auth: t.admin },
    );
    assert.equal(onlyFailedTasks.status, 202);
    let c = (await repo.findByName(t.scope, t.lkc, 'src-a'))!;
    assert.equal(c.state, 'RUNNING', 'instance not FAILED: not restarted');
    assert.equal(c.tasks[0].state, 'RUNNING');
    assert.equal(c.tasks[0].nextRestartAt, null);
    assert.equal(c.tasks[1].state, 'UNASSIGNED');
    assert.ok(c.tasks[1].nextRestartAt && c.tasks[1].nextRestartAt.getTime() <= Date.now());
    assert.equal(c.tasks[1].trace, null);

    await seedTasks(api, t, 'src-a', ['RUNNING', 'RUNNING']);
    const plain = await api.request('POST', `${t.base}/connectors/src-a/restart`, { auth: t.admin });
    assert.equal(plain.status, 202);
    c = (await repo.findByName(t.scope, t.lkc, 'src-a'))!;
    assert.equal(c.state, 'PROVISIONING', 'connector instance marked for restart');
    assert.ok(
      c.tasks.every((x) => x.state === 'RUNNING' && x.nextRestartAt === null),
      'tasks untouched without includeTasks',
    );

    const all = await api.request('POST', `${t.base}/connectors/src-a/restart?includeTasks=true`, { auth: t.admin });
    assert.equal(all.status, 202);
    c = (await repo.findByName(t.scope, t.lkc, 'src-a'))!;
    assert.ok(c.tasks.every((x) => x.state === 'UNASSIGNED' && x.nextRestartAt !== null));

    await seedTasks(api, t, 'src-a', ['RUNNING', 'RUNNING']);
    const one = await api.request('POST', `${t.base}/connectors/src-a/tasks/1/restart`, { auth: t.admin });
    assert.equal(one.status, 204);
    c = (await repo.findByName(t.scope, t.lkc, 'src-a'))!;
    assert.deepEqual(
      c.tasks.map((x) => x.state),
      ['RUNNING', 'UNASSIGNED'],
    );
    assertConnectError(
      await api.request('POST', `${t.base}/connectors/src-a/tasks/9/restart`, { auth: t.admin }),
      404,
      'Unknown task: src-a-9',
    );
    assertConnectError(
      await api.request('POST', `${t.base}/connectors/src-a/restart?includeTasks=maybe`, { auth: t.admin }),
      400,
    );
    assertConnectError(
      await api.request('POST', `${t.base}/connectors/nope/restart`, { auth: t.admin }),
      404,
      'resource not found',
    );
  });

  it('every desired-state write announces the connector on connectors:changed (the reconciler acts at once)', async () => {
    const redis = api.app.get(RedisService, { strict: false });
    const seen: string[] = [];
    await redis.subscribe(CONNECTOR_CHANGED_CHANNEL, (m) => seen.push(m));
    const created = await req('POST', '/connectors', { name: 'evt', config: sourceConfig(t, 'evt') });
    const id = (await repository(api).findByName(t.scope, t.lkc, 'evt'))!.id;
    const expectEvents = async (n: number, what: string) => {
      await waitFor(`${what} announced`, () => seen.filter((x) => x === id).length >= n);
      assert.equal(seen.filter((x) => x === id).length, n, what);
    };
    assert.equal(created.status, 201);
    await expectEvents(1, 'create');
    await req('PUT', '/connectors/evt/config', sourceConfig(t, 'evt'));
    await req('PUT', '/connectors/evt/resume');
    await expectEvents(1, 'identical PUT and resume of a running connector change nothing');
    await req('PUT', '/connectors/evt/config', sourceConfig(t, 'evt', { mode: 'incrementing' }));
    await expectEvents(2, 'config change');
    await req('PUT', '/connectors/evt/pause');
    await expectEvents(3, 'pause');
    await api.request('POST', `${t.base}/connectors/evt/restart`, { auth: t.admin });
    await expectEvents(4, 'restart');
    await req('DELETE', '/connectors/evt');
  });

  it('unknown connector on reads → 404 account not found', async () => {
    for (const path of [
      '/connectors/nope',
      '/connectors/nope/config',
      '/connectors/nope/status',
      '/connectors/nope/tasks',
    ]) {
      assertConnectError(await req('GET', path), 404, 'account not found');
    }
  });

  it('delete → 200 {"error":null}, publishes connectors:deleted, cascades; the name is reusable', async () => {
    const repo = repository(api);
    const before1 = (await repo.findByName(t.scope, t.lkc, 'src-a'))!;
    const redis = api.app.get(RedisService, { strict: false });
    const published: string[] = [];
    await redis.subscribe(CONNECTOR_DELETED_CHANNEL, (m) => published.push(m));
    await repo.alterSourceOffsets(t.scope, t.lkc, before1.id, 'PATCH', [{ partition: { task: 0 }, offset: { n: 5 } }]);

    const del = await req('DELETE', '/connectors/src-a');
    assert.equal(del.status, 200);
    assert.deepEqual(del.body, { error: null });
    assertConnectError(await req('GET', '/connectors/src-a'), 404, 'account not found');
    assertConnectError(await req('DELETE', '/connectors/src-a'), 404, 'resource not found');
    assert.equal(await repo.sourceOffsets(t.scope, t.lkc, before1.id), null);
    await waitFor('deletion announced for the runtime', () => published.includes(before1.id));

    const again = await req('POST', '/connectors', { name: 'src-a', config: sourceConfig(t, 'src-a') });
    assert.equal(again.status, 201, again.text);
    const after1 = (await repo.findByName(t.scope, t.lkc, 'src-a'))!;
    assert.notEqual(after1.id, before1.id, 'a new connector (new lcc id)');
    assert.equal(after1.generation, 1);
    assert.deepEqual(after1.tasks, []);
    assert.deepEqual((await req('GET', '/connectors/src-a/offsets')).body.offsets, [], 'no offsets inherited');
  });

  it('sink connectors: type, topics/topics.regex checks, errors.tolerance default', async () => {
    const ok = await req('POST', '/connectors', { name: 'sink-a', config: sinkConfig(t, 'sink-a') });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.type, 'sink');
    assert.equal(ok.body.config['connection.password'], MASK);
    const { topics: _t, ...noTopics } = sinkConfig(t, 'sink-b');
    assertConnectError(
      await req('POST', '/connectors', { name: 'sink-b', config: noTopics }),
      400,
      /Must configure one of topics or topics.regex/,
    );
    assertConnectError(
      await req('POST', '/connectors', { name: 'sink-b', config: sinkConfig(t, 'sink-b', { 'topics.regex': 'o.*' }) }),
      400,
      /mutually exclusive/,
    );
  });

  it('connector-plugins lists the managed, test-harness and registered plugins', async () => {
    const res = await req('GET', '/connector-plugins');
    assert.equal(res.status, 200);
    const byClass = new Map(res.body.map((p: { class: string; type: string; version?: string }) => [p.class, p]));
    assert.deepEqual(byClass.get('SecretSource'), { class: 'SecretSource', type: 'source', version: '9.9.9' });
    assert.equal((byClass.get('TestSink') as { type: string }).type, 'sink');
    assert.equal(
      (byClass.get('CounterSource') as { type: string } | undefined)?.type,
      'source',
      'the test harness registers the runtime test plugins (CONNECT_TEST_PLUGINS)',
    );
    assert.equal((byClass.get('CollectSink') as { type: string } | undefined)?.type, 'sink');
    const sinksFirst =
      res.body.findIndex((p: { type: string }) => p.type === 'source') >
      res.body.findIndex((p: { type: string }) => p.type === 'sink');
    assert.ok(sinksFirst, 'sinks listed before sources (Kafka order)');
  });

  it('DatagenSource (managed plugin from libs/connectors), as in the Kafka Connect 101 exercise', async (ctx) => {
    const plugins = await req('GET', '/connector-plugins');
    if (!plugins.body.some((p: { class: string }) => p.class === 'DatagenSource'))
      return ctx.skip('DatagenSource plugin not present');
    assert.deepEqual(plugins.body.find((p: { class: string }) => p.class === 'DatagenSource').type, 'source');
    const config = {
      'connector.class': 'DatagenSource',
      name: 'DatagenSourceConnector_0',
      'kafka.auth.mode': 'KAFKA_API_KEY',
      ...kafkaCredentials(t),
      'kafka.topic': 'transactions',
      'output.data.format': 'JSON',
      quickstart: 'TRANSACTIONS',
      'tasks.max': '1',
    };
    const created = await req('POST', '/connectors', { name: 'DatagenSourceConnector_0', config, offsets: null });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.type, 'source');
    assert.equal(created.body.config['kafka.api.secret'], MASK);
    assert.equal(created.body.config.quickstart, 'TRANSACTIONS');
    const describe1 = await req('PUT', '/connector-plugins/DatagenSource/config/validate', {
      'connector.class': 'DatagenSource',
    });
    assert.equal(describe1.status, 200);
    assert.equal(describe1.body.name, 'io.confluent.kafka.connect.datagen.DatagenConnector');
    assert.ok(describe1.body.configs.some((c: { value: { name: string } }) => c.value.name === 'quickstart'));
    const bad = await req('POST', '/connectors', {
      name: 'dg-bad',
      config: { ...config, name: 'dg-bad', quickstart: '', 'schema.string': '' },
    });
    assertConnectError(bad, 400, /Connector configuration is invalid/);
    assert.equal((await req('DELETE', '/connectors/DatagenSourceConnector_0')).status, 200);
  });

  it('validate: ConfigInfos with groups, definitions, per-field errors; masked secrets; 400/404 on bad input', async () => {
    const describe1 = await req('PUT', '/connector-plugins/SecretSource/config/validate', {
      'connector.class': 'SecretSource',
    });
    assert.equal(describe1.status, 200, describe1.text);
    const v = describe1.body;
    assert.equal(v.name, 'io.connectplane.test.SecretSourceConnector');
    assert.ok(
      v.groups.includes('How should we connect to your data?') &&
        v.groups.includes('Kafka Cluster credentials') &&
        v.groups.includes('Database') &&
        v.groups.includes('Transforms'),
    );
    const byName = new Map(v.configs.map((c: { value: { name: string } }) => [c.value.name, c])) as Map<
      string,
      ValidatedConfig
    >;
    for (const k of [
      'connector.class',
      'name',
      'kafka.auth.mode',
      'kafka.api.key',
      'kafka.api.secret',
      'tasks.max',
      'kafka.topic',
      'db.password',
      'transforms',
      'predicates',
      'errors.tolerance',
    ])
      assert.ok(byName.has(k), k);
    assert.equal(must(byName, 'kafka.api.secret').definition.type, 'PASSWORD');
    assert.equal(must(byName, 'db.password').definition.required, true);
    assert.deepEqual(must(byName, 'kafka.topic').value.errors, [
      'Missing required configuration "kafka.topic" which has no default value.',
    ]);
    assert.deepEqual(must(byName, 'kafka.auth.mode').value.recommended_values, ['KAFKA_API_KEY', 'SERVICE_ACCOUNT']);
    assert.equal(must(byName, 'name').definition.alias, '');
    assert.deepEqual(must(byName, 'name').metadata, {});
    const total = v.configs.reduce((n: number, c: { value: { errors: string[] } }) => n + c.value.errors.length, 0);
    assert.equal(v.error_count, total);
    assert.ok(v.error_count >= 4);

    const full = await req(
      'PUT',
      '/connector-plugins/SecretSource/config/validate',
      sourceConfig(t, 'x', {
        transforms: 'c',
        'transforms.c.type': 'org.apache.kafka.connect.transforms.Cast$Value',
        'transforms.c.spec': 'a:nope',
      }),
    );
    assert.equal(full.status, 200);
    const fb = new Map(full.body.configs.map((c: { value: { name: string } }) => [c.value.name, c])) as Map<
      string,
      ValidatedConfig
    >;
    assert.equal(must(fb, 'db.password').value.value, MASK);
    assert.equal(must(fb, 'kafka.api.key').value.value, MASK);
    assert.ok(!full.text.includes('hunter2') && !full.text.includes(t.kafkaKey.secret));
    assert.ok(must(fb, 'transforms.c.spec').value.errors.length > 0, 'transform errors by property path');
    assert.ok(full.body.groups.includes('Transforms: c'));

    const good = await req(
      'PUT',
      '/connector-plugins/io.connectplane.test.SecretSourceConnector/config/validate',
      sourceConfig(t, 'x'),
    );
    assert.equal(good.body.error_count, 0, good.text);

    assertConnectError(
      await req('PUT', '/connector-plugins/SecretSource/config/validate', { name: 'x' }),
      400,
      'Connector config contains no connector type',
    );
    assertConnectError(
      await req('PUT', '/connector-plugins/SecretSource/config/validate', { 'connector.class': 'TestSink' }),
      400,
      /does not match request type SecretSource/,
    );
    assertConnectError(
      await req('PUT', '/connector-plugins/Nope/config/validate', { 'connector.class': 'Nope' }),
      404,
      'resource not found',
    );

    const defs = await api.request('GET', `${t.base}/connector-plugins/SecretSource/config`, { auth: t.admin });
    assert.equal(defs.status, 200);
    const names = defs.body.map((d: { name: string }) => d.name);
    assert.ok(names.includes('db.password') && names.includes('kafka.api.key') && names.includes('tasks.max'));
    assert.equal(defs.body.find((d: { name: string }) => d.name === 'db.password').type, 'PASSWORD');
    assert.equal((await api.request('GET', `${t.base}/connector-plugins/Nope/config`, { auth: t.admin })).status, 404);
  });
});
