/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// The Kafka Connect 101 "Confluent Cloud Managed Connector API" exercise
// (https://developer.confluent.io/learn-kafka/kafka-connect/connect-api-hands-on/) as one
// request sequence against the real stack: the API, the embedded broker authenticating through the
// control plane, a connect worker (the runtime as apps/worker builds it: in-process Schema
// Registry client, egress policy), Postgres, Redis and MariaDB on 127.0.0.1:3306 (root, no password).
//
// credentials (new tenant's cloud key) → environments → clusters (http_endpoint) → cluster API key →
// Kafka REST v3 creates `transactions` (cluster key) → connector-plugins → DatagenSource
// TRANSACTIONS/AVRO → MySqlSink via PUT …/config with auto.create → rows in MariaDB → config masked →
// pause → PAUSED → resume → RUNNING and rows keep arriving.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { loadConfig } from '@libs/config';
import { EgressPolicy, setEgressPolicy } from '@libs/connectors';
import type { ConnectRuntime } from '@libs/connect-runtime';
import { startRuntime, startStack, type Stack } from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { http, type Credentials } from '../../support/http-client';
import { connectRequest, MASK } from '../connect-api/support';
import { waitFor } from '../../support/wait-for';
import { countRows, MYSQL } from '../../support/mariadb';

describe('Kafka Connect 101 walkthrough (Datagen → transactions → MySQL)', () => {
  let stack: Stack;
  let rt: ConnectRuntime | undefined;
  let t: Tenant;
  let db: mysql.Connection;
  const dbName = `cp_kc101_${randomBytes(4).toString('hex')}`;
  let cloud: Credentials;
  let clusterKey: Credentials;
  let envId = '';
  let clusterId = '';
  let restEndpoint = '';
  let connect = '';
  const created: string[] = [];

  const req = (method: string, path: string, body?: unknown) =>
    connectRequest(stack.api, method, `${connect}${path}`, { auth: cloud, body });
  const status = async (name: string) => (await req('GET', `/connectors/${name}/status`)).body;
  const waitState = (name: string, state: string) =>
    waitFor(
      `${name} ${state}`,
      async () => {
        const s = await status(name);
        return s.connector.state === state && s.tasks.length > 0 && s.tasks.every((x: any) => x.state === state)
          ? s
          : undefined;
      },
      20_000,
      100,
    );
  const rows = (): Promise<number> => countRows(db, dbName, 'transactions');

  before(async () => {
    db = await mysql.createConnection(MYSQL);
    await db.query(`CREATE DATABASE \`${dbName}\``);
    // as a user's API would run: without the test harness's CounterSource / CollectSink
    stack = await startStack({ CONNECT_TEST_PLUGINS: 'false' });
  });

  after(async () => {
    for (const name of created.reverse()) await req('DELETE', `/connectors/${name}`).catch(() => undefined);
    await rt?.close().catch(() => undefined);
    await db?.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => undefined);
    await db?.end().catch(() => undefined);
    await stack?.close();
  });

  it('0–4: cloud key, environment, cluster, cluster key, topic via Kafka REST v3', async () => {
    t = await stack.api.newTenant('kc101');
    cloud = t.admin;
    const env = await stack.api.request('POST', '/org/v2/environments', {
      auth: cloud,
      body: { display_name: 'kc101' },
    });
    assert.equal(env.status, 201, env.text);
    const envs = await stack.api.request('GET', '/org/v2/environments', { auth: cloud });
    envId = envs.body.data.find((e: any) => e.display_name === 'kc101').id;
    assert.equal(envId, env.body.id);

    const cl = await stack.api.request('POST', '/cmk/v2/clusters', {
      auth: cloud,
      body: {
        spec: {
          display_name: 'kc101',
          availability: 'SINGLE_ZONE',
          cloud: 'GCP',
          region: 'us-west4',
          config: { kind: 'Basic' },
          environment: { id: envId },
        },
      },
    });
    assert.equal(cl.status, 202, cl.text);
    const clusters = await stack.api.request('GET', `/cmk/v2/clusters?environment=${envId}`, { auth: cloud });
    const mine = clusters.body.data.find((c: any) => c.spec.display_name === 'kc101');
    clusterId = mine.id;
    restEndpoint = mine.spec.http_endpoint;
    assert.match(restEndpoint, /^https?:\/\//);

    const key = await stack.api.request('POST', '/iam/v2/api-keys', {
      auth: cloud,
      body: { spec: { owner: { id: t.adminServiceAccountId }, resource: { id: clusterId, environment: envId } } },
    });
    assert.equal(key.status, 202, key.text);
    clusterKey = { key: key.body.id, secret: key.body.spec.secret };

    const topic = await http(restEndpoint, 'POST', `/kafka/v3/clusters/${clusterId}/topics`, {
      auth: clusterKey,
      body: { topic_name: 'transactions', partitions_count: 6, replication_factor: 3 },
    });
    assert.equal(topic.status, 201, topic.text);
    assert.equal(topic.body.kind, 'KafkaTopic');
    assert.equal(topic.body.topic_name, 'transactions');
    connect = `/connect/v1/environments/${envId}/clusters/${clusterId}`;

    // the worker, as apps/worker runs it, scoped to this tenant
    const config = loadConfig();
    setEgressPolicy(EgressPolicy.fromConfig(config));
    rt = await startRuntime(stack, t.organizationId, {
      capacity: 10,
      workerId: 'w-kc101',
      offsetFlushIntervalMs: 500,
      schemaRegistry: true,
      testPlugins: false,
    });
  });

  it('5: connector-plugins lists the managed connectors, and no test plugin', async () => {
    const plugins = await req('GET', '/connector-plugins');
    assert.equal(plugins.status, 200, plugins.text);
    assert.deepEqual(
      plugins.body.map((p: any) => [p.class, p.type]),
      [
        ['HttpSinkV2', 'sink'],
        ['MySqlSink', 'sink'],
        ['PostgresSink', 'sink'],
        ['S3_SINK', 'sink'],
        ['DatagenSource', 'source'],
        ['MariaDbCdcSource', 'source'],
        ['MySqlCdcSourceV2', 'source'],
        ['MySqlSource', 'source'],
        ['PostgresCdcSourceV2', 'source'],
        ['PostgresSource', 'source'],
      ],
    );
  });

  it('6–7: DatagenSource TRANSACTIONS in AVRO comes up RUNNING', async () => {
    const name = 'DatagenSourceConnector_0';
    const res = await req('POST', '/connectors', {
      name,
      config: {
        'connector.class': 'DatagenSource',
        name,
        'kafka.auth.mode': 'KAFKA_API_KEY',
        'kafka.api.key': clusterKey.key,
        'kafka.api.secret': clusterKey.secret,
        'kafka.topic': 'transactions',
        'output.data.format': 'AVRO',
        quickstart: 'TRANSACTIONS',
        'tasks.max': '1',
      },
    });
    assert.equal(res.status, 201, res.text);
    created.push(name);
    assert.equal(res.body.type, 'source');
    assert.equal(res.body.config['kafka.api.secret'], MASK);
    await waitState(name, 'RUNNING');
  });

  it('8: MySqlSink via PUT …/config (auto.create); rows appear in MariaDB', async () => {
    const name = 'MySqlSinkConnector_1';
    const res = await req('PUT', `/connectors/${name}/config`, {
      'connector.class': 'MySqlSink',
      name,
      topics: 'transactions',
      'input.data.format': 'AVRO',
      'input.key.format': 'STRING',
      'kafka.auth.mode': 'KAFKA_API_KEY',
      'kafka.api.key': clusterKey.key,
      'kafka.api.secret': clusterKey.secret,
      'connection.host': MYSQL.host,
      'connection.port': String(MYSQL.port),
      'connection.user': MYSQL.user,
      'connection.password': MYSQL.password,
      'db.name': dbName,
      'ssl.mode': 'prefer',
      'pk.mode': 'none',
      'auto.create': 'true',
      'auto.evolve': 'true',
      'tasks.max': '1',
    });
    assert.ok(res.status === 200 || res.status === 201, `${res.status} ${res.text}`);
    created.push(name);
    assert.equal(res.body.name, name);
    assert.equal(res.body.type, 'sink');
    await waitState(name, 'RUNNING');
    await waitFor('rows in MariaDB', async () => ((await rows()) >= 3 ? true : undefined), 30_000, 200);
    const [cols] = await db.query(`SHOW COLUMNS FROM \`${dbName}\`.\`transactions\``);
    const names = (cols as any[]).map((c) => c.Field);
    for (const f of ['transaction_id', 'card_id', 'user_id', 'purchase_id', 'store_id'])
      assert.ok(names.includes(f), `column ${f} in ${names.join(',')}`);
  });

  it('9: GET config masks the secrets', async () => {
    const res = await req('GET', '/connectors/MySqlSinkConnector_1/config');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body['kafka.api.secret'], MASK);
    assert.equal(res.body['connection.password'], MASK);
    assert.equal(res.body['kafka.api.key'], MASK); // PASSWORD type too (Confluent's validate output)
    assert.equal(res.body['db.name'], dbName);
  });

  it('Datagen with iterations creates its missing topic, finishes and stays RUNNING with a message', async () => {
    const name = 'DatagenFinite';
    const res = await req('POST', '/connectors', {
      name,
      config: {
        'connector.class': 'DatagenSource',
        name,
        'kafka.api.key': clusterKey.key,
        'kafka.api.secret': clusterKey.secret,
        'kafka.topic': 'kc101_finite',
        'output.data.format': 'JSON_SR',
        quickstart: 'TRANSACTIONS',
        'max.interval': '0',
        iterations: '5',
        'tasks.max': '1',
      },
    });
    assert.equal(res.status, 201, res.text);
    created.push(name);
    const s = await waitFor(
      'finished message',
      async () => {
        const st = await status(name);
        return st.tasks[0]?.state === 'RUNNING' && /generated the configured 5/.test(st.tasks[0].msg) ? st : undefined;
      },
      20_000,
      100,
    );
    assert.equal(s.tasks[0].restart_count, undefined, 'a finished task is not restarted');
    const topics = await http(restEndpoint, 'GET', `/kafka/v3/clusters/${clusterId}/topics/kc101_finite`, {
      auth: clusterKey,
    });
    assert.equal(topics.status, 200, topics.text);
  });

  it('a MySqlSink subscribed by topics.regex reads the JSON_SR topic', async () => {
    const name = 'MySqlSinkRegex';
    const res = await req('PUT', `/connectors/${name}/config`, {
      'connector.class': 'MySqlSink',
      name,
      'topics.regex': 'kc101_fin.*',
      'input.data.format': 'JSON_SR',
      'kafka.api.key': clusterKey.key,
      'kafka.api.secret': clusterKey.secret,
      'connection.host': MYSQL.host,
      'connection.port': String(MYSQL.port),
      'connection.user': MYSQL.user,
      'connection.password': MYSQL.password,
      'db.name': dbName,
      'auto.create': 'true',
      'tasks.max': '1',
    });
    assert.ok(res.status === 200 || res.status === 201, `${res.status} ${res.text}`);
    created.push(name);
    await waitFor(
      'kc101_finite rows',
      async () => {
        try {
          const [r] = await db.query(`SELECT COUNT(*) AS n FROM \`${dbName}\`.\`kc101_finite\``);
          return Number((r as any[])[0].n) === 5 ? true : undefined;
        } catch {
          return undefined;
        }
      },
      20_000,
      200,
    );
  });

  it('10–11: pause → connector and task PAUSED (no new rows); resume → RUNNING and rows keep arriving', async () => {
    const name = 'MySqlSinkConnector_1';
    const paused = await req('PUT', `/connectors/${name}/pause`);
    assert.equal(paused.status, 202, paused.text);
    const s = await waitState(name, 'PAUSED');
    assert.equal(s.type, 'sink');
    assert.equal(s.tasks[0].id, 0);
    const atPause = await rows();
    // An observation window, the point of the check: no row may arrive in it.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await rows(), atPause, 'no rows are written while the sink is paused');

    const resumed = await req('PUT', `/connectors/${name}/resume`);
    assert.equal(resumed.status, 202, resumed.text);
    await waitState(name, 'RUNNING');
    await waitFor('rows keep arriving', async () => ((await rows()) > atPause ? true : undefined), 30_000, 200);
    // the source kept running throughout
    assert.equal((await status('DatagenSourceConnector_0')).connector.state, 'RUNNING');
  });
});
