// Apache Kafka Connect's worker REST API under /kafka-connect/{lkc} (issue 17, point 4): the request
// sequences kcctl and Kafka UI (kafbat) make, with Kafka Connect's status codes, bodies, closed
// enums and `{error_code, message}` errors. The runtime is not running: task rows are seeded as the
// runtime would write them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PlatformRepository, PrismaService } from '@libs/db';
import { startApi, type ApiHarness } from '../../support/api-harness';
import type { HttpResult } from '../../support/http-client';
import { createApiKey, createServiceAccount } from '../../support/cloud-fixtures';
import {
  connectTenant,
  MASK,
  registerTestPlugins,
  repository,
  seedTasks,
  sinkConfig,
  sourceConfig,
  type ConnectTenant,
} from './support';

// kafbat's generated client declares these closed enums (its kafka-connect-api.yaml)
const CONNECTOR_STATES = ['RUNNING', 'FAILED', 'PAUSED', 'UNASSIGNED', 'RESTARTING', 'STOPPED'];
const TASK_STATES = ['RUNNING', 'FAILED', 'PAUSED', 'RESTARTING', 'UNASSIGNED'];
const DEFINITION_TYPES = ['BOOLEAN', 'CLASS', 'DOUBLE', 'INT', 'LIST', 'LONG', 'PASSWORD', 'SHORT', 'STRING'];

function assertWorkerError(res: HttpResult, status: number, message?: RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body.error_code, status, res.text);
  assert.equal(typeof res.body.message, 'string');
  if (message) assert.match(res.body.message, message);
}

function assertStateInfo(s: {
  name: string;
  type: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: { id: number; state: string; worker_id: string; trace?: string }[];
}): void {
  assert.ok(['source', 'sink', 'unknown'].includes(s.type), s.type);
  assert.ok(CONNECTOR_STATES.includes(s.connector.state), s.connector.state);
  assert.equal(typeof s.connector.worker_id, 'string');
  for (const t of s.tasks) {
    assert.ok(TASK_STATES.includes(t.state), `task state ${t.state}`);
    assert.deepEqual(
      Object.keys(t).sort(),
      t.state === 'FAILED' ? ['id', 'state', 'trace', 'worker_id'] : ['id', 'state', 'worker_id'],
    );
  }
}

describe('Kafka Connect worker REST API (/kafka-connect/{lkc})', () => {
  let api: ApiHarness;
  let t: ConnectTenant;
  let base: string;
  const req = (method: string, path: string, body?: unknown) =>
    api.request(method, `${base}${path}`, { auth: t.admin, body });

  before(async () => {
    api = await startApi();
    registerTestPlugins(api);
    t = await connectTenant(api);
    base = `/kafka-connect/${t.lkc}`;
  });
  after(() => api.close());

  it('kcctl info: GET / gives a numeric version ≥ 3.7, the commit and the cluster id; GET /health', async () => {
    const res = await req('GET', '');
    assert.equal(res.status, 200, res.text);
    const [major, minor] = String(res.body.version).split('.').map(Number);
    assert.ok(major > 3 || (major === 3 && minor >= 7), res.body.version);
    assert.equal(typeof res.body.commit, 'string');
    assert.equal(res.body.kafka_cluster_id, t.lkc);
    const health = await req('GET', '/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'healthy');
  });

  it('kcctl apply, get, describe, patch, pause/resume/stop, restart and delete', async () => {
    // apply (new): list, then POST {name, config}
    assert.deepEqual((await req('GET', '/connectors')).body, []);
    const created = await req('POST', '/connectors', { name: 'kc-src', config: sourceConfig(t, 'kc-src') });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.get('location'), `${base}/connectors/kc-src`);
    assert.equal(created.body.name, 'kc-src');
    assert.equal(created.body.type, 'source');
    assert.equal(created.body.offsets, undefined, 'no Confluent-only fields');
    assertWorkerError(
      await req('POST', '/connectors', { name: 'kc-src', config: sourceConfig(t, 'kc-src') }),
      409,
      /already exists/,
    );
    await seedTasks(api, t, 'kc-src', ['RUNNING', 'FAILED'], { trace: 'java.lang.RuntimeException: boom' });
    // get connectors (expand=status)
    const listed = await req('GET', '/connectors?expand=status');
    assert.equal(listed.status, 200);
    assert.deepEqual(Object.keys(listed.body), ['kc-src']);
    assert.deepEqual(Object.keys(listed.body['kc-src']), ['status']);
    assertStateInfo(listed.body['kc-src'].status);
    // describe
    assert.equal((await req('GET', '/connectors/kc-src')).body.name, 'kc-src');
    const status = await req('GET', '/connectors/kc-src/status');
    assertStateInfo(status.body);
    assert.equal(status.body.connector.state, 'RUNNING', 'DEGRADED is RUNNING here');
    assert.equal(status.body.tasks[1].trace, 'java.lang.RuntimeException: boom');
    const tasks = await req('GET', '/connectors/kc-src/tasks');
    assert.deepEqual(
      tasks.body.map((x: { id: unknown }) => x.id),
      [
        { connector: 'kc-src', task: 0 },
        { connector: 'kc-src', task: 1 },
      ],
    );
    // patch connector: GET config, then the whole config back with a change (masked secrets round-trip)
    const cfg = (await req('GET', '/connectors/kc-src/config')).body as Record<string, string>;
    assert.equal(cfg['kafka.api.secret'], MASK);
    const updated = await req('PUT', '/connectors/kc-src/config', { ...cfg, 'kafka.topic': 'orders-2' });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.config['kafka.topic'], 'orders-2');
    // apply of a flat file for a new name: PUT creates (201)
    const viaPut = await req('PUT', '/connectors/kc-sink/config', sinkConfig(t, 'kc-sink'));
    assert.equal(viaPut.status, 201, viaPut.text);
    // KIP-477 PATCH
    const patched = await req('PATCH', '/connectors/kc-sink/config', { 'tasks.max': '3' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.config['tasks.max'], '3');
    // pause / resume / stop
    assert.equal((await req('PUT', '/connectors/kc-src/pause')).status, 202);
    assert.equal((await req('PUT', '/connectors/kc-src/resume')).status, 202);
    assert.equal((await req('PUT', '/connectors/kc-sink/stop')).status, 204);
    // restart: the instance alone is 204; with tasks, 202 and the restarting ones RESTARTING
    assert.equal((await req('POST', '/connectors/kc-src/restart')).status, 204);
    const failedOnly = await req('POST', '/connectors/kc-src/restart?includeTasks=true&onlyFailed=true');
    assert.equal(failedOnly.status, 202, failedOnly.text);
    assert.deepEqual(
      failedOnly.body.tasks.map((x: { state: string }) => x.state),
      ['RUNNING', 'RESTARTING'],
    );
    assert.equal(failedOnly.body.connector.state, 'RUNNING', 'a running instance is not restarted with onlyFailed');
    const all = await req('POST', '/connectors/kc-src/restart?includeTasks=true&onlyFailed=false');
    assert.equal(all.body.connector.state, 'RESTARTING');
    assert.equal(all.body.tasks.filter((x: { state: string }) => x.state === 'RESTARTING').length, 2);
    assert.equal((await req('POST', '/connectors/kc-src/tasks/0/restart')).status, 204);
    assertWorkerError(await req('POST', '/connectors/kc-src/tasks/7/restart'), 404);
    // delete
    assert.equal((await req('DELETE', '/connectors/kc-sink')).status, 204);
    assertWorkerError(await req('GET', '/connectors/kc-sink'), 404, /^Connector kc-sink not found$/);
    assertWorkerError(await req('GET', '/connectors/kc-sink/status'), 404);
  });

  it('kcctl plugins: connectorsOnly=false lists transformations too; describe plugin; apply --dry-run', async () => {
    const connectorsOnly = await req('GET', '/connector-plugins');
    assert.ok(connectorsOnly.body.every((p: { type: string }) => p.type === 'source' || p.type === 'sink'));
    const all = await req('GET', '/connector-plugins?connectorsOnly=false');
    const types = new Set(all.body.map((p: { type: string }) => p.type));
    for (const type of ['source', 'sink', 'converter', 'header_converter', 'transformation', 'predicate'])
      assert.ok(types.has(type), `${type} in ${[...types].join()}`);
    assert.ok(all.body.some((p: { class: string }) => p.class === 'org.apache.kafka.connect.json.JsonConverter'));
    assert.ok(all.body.some((p: { class: string }) => p.class === 'org.apache.kafka.connect.transforms.Cast$Value'));
    const defs = await req('GET', '/connector-plugins/SecretSource/config');
    assert.equal(defs.status, 200, defs.text);
    assert.ok(defs.body.some((d: { name: string }) => d.name === 'connector.class'));
    assertWorkerError(await req('GET', '/connector-plugins/NoSuchThing/config'), 404, /Unknown plugin NoSuchThing/);
    const dry = await req('PUT', '/connector-plugins/SecretSource/config/validate', {
      ...sourceConfig(t, 'dry'),
      'tasks.max': 'many',
    });
    assert.equal(dry.status, 200, dry.text);
    assert.ok(dry.body.error_count >= 1);
    for (const c of dry.body.configs as { definition: { type: string } | null; metadata?: unknown }[]) {
      if (c.definition) assert.ok(DEFINITION_TYPES.includes(c.definition.type), c.definition.type);
      assert.equal(c.metadata, undefined, 'no Confluent-only fields');
    }
  });

  it('kcctl get/patch/delete offsets (STOPPED only, Kafka UI: "Make sure it is STOPPED first")', async () => {
    assert.equal(
      (await req('POST', '/connectors', { name: 'off-src', config: sourceConfig(t, 'off-src') })).status,
      201,
    );
    assert.deepEqual((await req('GET', '/connectors/off-src/offsets')).body, { offsets: [] });
    const body = { offsets: [{ partition: { task: 0 }, offset: { n: 5 } }] };
    assertWorkerError(await req('PATCH', '/connectors/off-src/offsets', body), 400, /STOPPED state/);
    assertWorkerError(await req('DELETE', '/connectors/off-src/offsets'), 400, /STOPPED state/);
    assert.equal((await req('PUT', '/connectors/off-src/stop')).status, 204);
    const patched = await req('PATCH', '/connectors/off-src/offsets', body);
    assert.equal(patched.status, 200, patched.text);
    assert.match(patched.body.message, /altered successfully/);
    assert.deepEqual((await req('GET', '/connectors/off-src/offsets')).body, body);
    const reset = await req('DELETE', '/connectors/off-src/offsets');
    assert.equal(reset.status, 200, reset.text);
    assert.deepEqual((await req('GET', '/connectors/off-src/offsets')).body, { offsets: [] });
    assertWorkerError(await req('GET', '/connectors/nope/offsets'), 404, /^Connector nope not found$/);
  });

  it('KIP-558 topics: what the tasks recorded, per connector; reset empties it (kcctl describe, Kafka UI topics tab)', async () => {
    assert.equal(
      (await req('POST', '/connectors', { name: 'top-src', config: sourceConfig(t, 'top-src') })).status,
      201,
    );
    assert.deepEqual((await req('GET', '/connectors/top-src/topics')).body, { 'top-src': { topics: [] } });
    // what a task of the runtime records while it produces (see test/runtime/active-topics.test.ts)
    await seedTasks(api, t, 'top-src', ['RUNNING']);
    const c = await repository(api).findByName(t.scope, t.lkc, 'top-src');
    const runtime = new PlatformRepository(api.app.get(PrismaService, { strict: false })).runtime;
    const task = c!.tasks[0];
    assert.equal(await runtime.recordActiveTopics(c!.id, 0, task.epoch, ['orders', 'audit']), true);
    assert.equal(await runtime.recordActiveTopics(c!.id, 0, task.epoch + 1, ['stale']), false, 'fenced');
    assert.deepEqual((await req('GET', '/connectors/top-src/topics')).body, {
      'top-src': { topics: ['audit', 'orders'] },
    });
    assert.equal((await req('PUT', '/connectors/top-src/topics/reset')).status, 202);
    assert.deepEqual((await req('GET', '/connectors/top-src/topics')).body, { 'top-src': { topics: [] } });
    assertWorkerError(await req('GET', '/connectors/nope/topics'), 404, /^Connector nope not found$/);
  });

  it('Kafka UI: list with expand=info&expand=status, overview, tasks with their status, config tab', async () => {
    const made = await req('POST', '/connectors', { name: 'ui-src', config: sourceConfig(t, 'ui-src') });
    assert.equal(made.status, 201, made.text);
    assertWorkerError(await req('POST', '/connectors', { name: 'ui-src', config: sourceConfig(t, 'ui-src') }), 409);
    await seedTasks(api, t, 'ui-src', ['RUNNING', 'PAUSED']);
    const list = await req('GET', '/connectors?expand=info&expand=status');
    const entry = list.body['ui-src'];
    assert.deepEqual(Object.keys(entry).sort(), ['info', 'status']);
    assert.equal(entry.info.name, 'ui-src');
    assertStateInfo(entry.status);
    for (const task of (await req('GET', '/connectors/ui-src/tasks')).body as { id: { task: number } }[]) {
      const ts = await req('GET', `/connectors/ui-src/tasks/${task.id.task}/status`);
      assert.equal(ts.status, 200, ts.text);
      assert.ok(TASK_STATES.includes(ts.body.state));
      assert.equal(ts.body.id, task.id.task);
    }
    assertWorkerError(await req('GET', '/connectors/ui-src/tasks/9/status'), 404);
    const cfg = (await req('GET', '/connectors/ui-src/config')).body;
    assert.equal((await req('PUT', '/connectors/ui-src/config', cfg)).status, 200);
    // actions menu
    assert.equal((await req('PUT', '/connectors/ui-src/stop')).status, 204);
    assert.equal((await req('PUT', '/connectors/ui-src/resume')).status, 202);
    assert.equal((await req('POST', '/connectors/ui-src/restart?includeTasks=false&onlyFailed=false')).status, 204);
    assert.equal((await req('DELETE', '/connectors/ui-src')).status, 204);
  });

  it('errors: bad class (kcctl prints the plugins), bad body, unknown or foreign cluster, no key', async () => {
    const bad = await req('POST', '/connectors', {
      name: 'x',
      config: { ...sourceConfig(t, 'x'), 'connector.class': 'com.example.Nope' },
    });
    assertWorkerError(bad, 400, /^Failed to find any class that implements Connector/);
    assertWorkerError(await req('POST', '/connectors', { config: {} }), 400);
    assertWorkerError(await req('GET', '/connectors?expand=nope'), 400);
    const other = await connectTenant(api, 'other tenant');
    assertWorkerError(await api.request('GET', `/kafka-connect/${other.lkc}/connectors`, { auth: t.admin }), 404);
    assertWorkerError(await api.request('GET', `/kafka-connect/lkc-nothere/connectors`, { auth: t.admin }), 404);
    const anonymous = await api.request('GET', `${base}/connectors`, {});
    assert.equal(anonymous.status, 401);
  });

  it('kcctl get loggers / get logger / patch logger (KIP-495, KIP-976): levels of the cluster, with Kafka Connect codes', async () => {
    const DATAGEN = 'io.confluent.kafka.connect.datagen.DatagenConnector';
    assert.deepEqual((await req('GET', '/admin/loggers')).body, { root: { level: 'INFO', last_modified: null } });
    // an installed plugin's class has a logger, inheriting root; an unknown name has none
    assert.deepEqual((await req('GET', `/admin/loggers/${DATAGEN}`)).body, { level: 'INFO', last_modified: null });
    assertWorkerError(
      await req('GET', '/admin/loggers/com.example.Nope'),
      404,
      /^Logger com\.example\.Nope not found\.$/,
    );

    // scope=worker (the default): 200 with the loggers set; the level is case-insensitive
    const t0 = Date.now();
    const set = await req('PUT', '/admin/loggers/io.confluent.kafka.connect.datagen', { level: 'debug' });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(set.body, ['io.confluent.kafka.connect.datagen']);
    const one = await req('GET', '/admin/loggers/io.confluent.kafka.connect.datagen');
    assert.equal(one.body.level, 'DEBUG');
    assert.ok(one.body.last_modified >= t0 && one.body.last_modified <= Date.now(), String(one.body.last_modified));
    assert.deepEqual((await req('GET', `/admin/loggers/${DATAGEN}`)).body, { level: 'DEBUG', last_modified: null });

    // scope=cluster: 204; a parent's level is set on its configured children too (log4j's namespaces)
    const cluster = await req('PUT', '/admin/loggers/io.confluent?scope=cluster', { level: 'WARN' });
    assert.equal(cluster.status, 204, cluster.text);
    const listed = (await req('GET', '/admin/loggers')).body;
    assert.deepEqual(Object.keys(listed), ['io.confluent', 'io.confluent.kafka.connect.datagen', 'root']);
    assert.equal(listed['io.confluent'].level, 'WARN');
    assert.equal(listed['io.confluent.kafka.connect.datagen'].level, 'WARN');
    assert.deepEqual(listed.root, { level: 'INFO', last_modified: null });
    // an unknown scope is worker's
    const root = await req('PUT', '/admin/loggers/root?scope=everywhere', { level: 'ERROR' });
    assert.equal(root.status, 200, root.text);
    assert.deepEqual(root.body, ['io.confluent', 'io.confluent.kafka.connect.datagen', 'root']);
    assert.equal((await req('GET', '/admin/loggers/root')).body.level, 'ERROR');
    assert.equal((await req('GET', `/admin/loggers/${DATAGEN}`)).body.level, 'ERROR');

    // no level: 400; not a level: 404, as Kafka Connect answers them
    assertWorkerError(
      await req('PUT', '/admin/loggers/root', {}),
      400,
      /^Desired 'level' parameter was not specified in request\.$/,
    );
    assertWorkerError(await req('PUT', '/admin/loggers/root', { level: 'LOUD' }), 404, /^invalid log level 'LOUD'\.$/);
    assertWorkerError(await req('PUT', `/admin/loggers/${'a.'.repeat(251)}`, { level: 'INFO' }), 400, /longer than/);
    assert.equal((await req('GET', '/admin/loggers/root')).body.level, 'ERROR', 'unchanged');

    // another tenant's cluster is not found, and its levels are its own
    const other = await connectTenant(api, 'loggers tenant');
    const foreign = `/kafka-connect/${other.lkc}/admin/loggers`;
    assertWorkerError(await api.request('GET', foreign, { auth: t.admin }), 404);
    assertWorkerError(await api.request('PUT', `${foreign}/root`, { auth: t.admin, body: { level: 'DEBUG' } }), 404);
    assert.deepEqual((await api.request('GET', foreign, { auth: other.admin })).body, {
      root: { level: 'INFO', last_modified: null },
    });
    // a key of the organization without a role on the cluster: 403, as the other routes
    const sa = await createServiceAccount(api, t.admin, 'loggers-no-role');
    const noRole = await createApiKey(api, t.admin, sa);
    assertWorkerError(await api.request('GET', `${base}/admin/loggers`, { auth: noRole }), 403);
    assertWorkerError(
      await api.request('PUT', `${base}/admin/loggers/root`, { auth: noRole, body: { level: 'DEBUG' } }),
      403,
    );
  });
});
