/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Issue 20 point 4: a real Kafka for those who outgrow the embedded broker. A second broker, started
// as its own process (apps/broker with static users from a file, as if it were a foreign Kafka),
// registered through CMK as an external cluster, and used exactly as an embedded one:
//
// - SASL_SSL with a CA made at test time: a registration with an untrusted CA, a wrong password or a
//   malformed PEM is refused with 400 naming the setting (nothing stored); with the right CA the
//   cluster is PROVISIONED; Kafka REST v3 creates a topic and produces to it (read back over TLS
//   with a plain kafkajs client); a Datagen → topic → MySqlSink pipeline (MariaDB) runs with its
//   tasks RUNNING on the foreign cluster, logging in with that cluster's own user; a connector whose
//   kafka.api.secret the cluster refuses gets a validation error, not a failed task; an exactly-once
//   Datagen writes its records and offsets in transactions of the foreign cluster (read_committed:
//   each record once).
// - SASL_PLAINTEXT: registration, Kafka REST; after the foreign cluster changed the password (a
//   restart with other users), Kafka REST answers 422 naming the credentials, never a 5xx.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import mysql from 'mysql2/promise';
import { loadConfig } from '@libs/config';
import { EgressPolicy, setEgressPolicy } from '@libs/connectors';
import type { ConnectRuntime } from '@libs/connect-runtime';
import { startRuntime, startStack, type Stack } from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import {
  assertFailure,
  clusterBody,
  createApiKey,
  createEnvironment,
  expectStatus,
} from '../../support/cloud-fixtures';
import type { Credentials } from '../../support/http-client';
import { freePort } from '../../support/free-port';
import { makeTestPki, type TestPki } from '../../support/test-ca';
import { countRows, MYSQL } from '../../support/mariadb';
import { waitFor } from '../../support/wait-for';
import { connectRequest } from '../connect-api/support';
import { startForeignBroker, type ForeignBroker } from './foreign-broker';

const ADMIN = { username: 'ext-admin', password: 'ext-admin-secret', tenant: 'foreign' };
const CONNECT = { username: 'ext-connect', password: 'ext-connect-secret', tenant: 'foreign' };
const kr = (clusterId: string, rest = '') => `/kafka/v3/clusters/${clusterId}${rest}`;

let stack: Stack;
let t: Tenant;
let envId: string;

before(async () => {
  // as a user's API would run: without the test harness's CounterSource / CollectSink
  stack = await startStack({ CONNECT_TEST_PLUGINS: 'false' });
  t = await stack.api.newTenant('extkafka');
  envId = await createEnvironment(stack.api, t.admin, 'external');
});
after(() => stack?.close());

function register(name: string, external: Record<string, unknown>) {
  return stack.api.request('POST', '/cmk/v2/clusters', {
    auth: t.admin,
    body: clusterBody(envId, name, { external_kafka: external }),
  });
}

async function provisioned(clusterId: string): Promise<any> {
  return waitFor(`${clusterId} PROVISIONED`, async () => {
    const r = await stack.api.request('GET', `/cmk/v2/clusters/${clusterId}?environment=${envId}`, { auth: t.admin });
    if (r.body?.status?.phase === 'FAILED') throw new Error(`external cluster FAILED: ${r.text}`);
    return r.body?.status?.phase === 'PROVISIONED' ? r.body : undefined;
  });
}

async function clusterNames(): Promise<string[]> {
  const r = await stack.api.request('GET', `/cmk/v2/clusters?environment=${envId}`, { auth: t.admin });
  return r.body.data.map((c: any) => c.spec.display_name);
}

/** A plain kafkajs client of the foreign cluster, as its own users reach it (a fresh sasl object each: kafkajs keeps state on it). */
function foreignKafka(config: Pick<KafkaConfig, 'brokers' | 'ssl'>): Kafka {
  return new Kafka({
    clientId: 'foreign-reader',
    sasl: { mechanism: 'plain', username: ADMIN.username, password: ADMIN.password },
    logLevel: logLevel.NOTHING,
    ...config,
  });
}

async function readAll(kafka: Kafka, topic: string, want: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(3).toString('hex')}`, maxWaitTimeInMs: 200 });
  const got: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void got.push(message.value!.toString()) });
  await waitFor(`${want} records of ${topic}`, () => got.length >= want, 30_000, 100);
  await consumer.disconnect();
  return got;
}

describe('an external cluster over SASL_SSL (a separately started broker, static users, a test CA)', () => {
  let pki: TestPki;
  let foreign: ForeignBroker;
  let clusterId = '';
  let clusterKey: Credentials;
  let bootstrap = '';
  let rt: ConnectRuntime | undefined;
  let db: mysql.Connection;
  const dbName = `cp_extkafka_${randomBytes(4).toString('hex')}`;
  const connectors: string[] = [];
  const connect = (method: string, path: string, body?: unknown) =>
    connectRequest(stack.api, method, `/connect/v1/environments/${envId}/clusters/${clusterId}${path}`, {
      auth: t.admin,
      body,
    });
  const sasl = (password = ADMIN.password) => ({
    bootstrap_servers: bootstrap,
    security_protocol: 'SASL_SSL',
    sasl_mechanism: 'PLAIN',
    username: ADMIN.username,
    password,
  });

  before(async () => {
    pki = makeTestPki('foreign kafka CA');
    foreign = await startForeignBroker({ users: [ADMIN, CONNECT], tls: pki });
    bootstrap = `127.0.0.1:${foreign.tlsPort}`;
    db = await mysql.createConnection(MYSQL);
    await db.query(`CREATE DATABASE \`${dbName}\``);
  });
  after(async () => {
    for (const name of connectors.reverse()) await connect('DELETE', `/connectors/${name}`).catch(() => undefined);
    await rt?.close().catch(() => undefined);
    await db?.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => undefined);
    await db?.end().catch(() => undefined);
    await foreign?.stop(true);
  });

  it('refuses a registration with an untrusted CA, a wrong password or a malformed PEM: 400 on the setting, nothing stored', async () => {
    const other = makeTestPki('some other CA');
    const untrusted = await register('untrusted', { ...sasl(), ssl_ca_cert: other.caCert });
    const e1 = assertFailure(untrusted, 400, { pointer: '/spec/external_kafka/ssl_ca_cert' });
    assert.match(e1.detail, /TLS certificate is not trusted/);
    // no CA at all: the system's trusted CAs do not know the test CA either
    const systemCas = await register('system-cas', sasl());
    assertFailure(systemCas, 400, { pointer: '/spec/external_kafka/ssl_ca_cert' });

    const wrong = await register('wrong-password', { ...sasl('not-the-password'), ssl_ca_cert: pki.caCert });
    const e2 = assertFailure(wrong, 400, { pointer: '/spec/external_kafka/password' });
    assert.match(e2.detail, /rejected the credentials/);
    assert.doesNotMatch(e2.detail, /not-the-password/);

    const garbled = await register('garbled', { ...sasl(), ssl_ca_cert: 'not a certificate' });
    assertFailure(garbled, 400, { pointer: '/spec/external_kafka/ssl_ca_cert' });
    const broken = await register('broken', {
      ...sasl(),
      ssl_ca_cert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    });
    assert.match(assertFailure(broken, 400, { pointer: '/spec/external_kafka/ssl_ca_cert' }).detail, /cannot be read/);
    const plainWithCa = await register('plain-ca', {
      ...sasl(),
      security_protocol: 'SASL_PLAINTEXT',
      ssl_ca_cert: pki.caCert,
    });
    assertFailure(plainWithCa, 400, { pointer: '/spec/external_kafka/ssl_ca_cert' });
    assert.deepEqual(await clusterNames(), []);
  });

  it('registers with its CA: PROVISIONED, SASL_SSL bootstrap endpoint, the CA read back and the password never', async () => {
    const res = await register('foreign-tls', { ...sasl(), ssl_ca_cert: pki.caCert });
    expectStatus(res, 202, 'register');
    clusterId = res.body.id;
    const c = await provisioned(clusterId);
    assert.equal(c.spec.kafka_bootstrap_endpoint, `SASL_SSL://${bootstrap}`);
    assert.equal(c.spec.external_kafka.ssl_ca_cert, pki.caCert);
    assert.equal(c.spec.external_kafka.password, undefined);
    assert.doesNotMatch(JSON.stringify(c), /ext-admin-secret/);
    clusterKey = await createApiKey(stack.api, t.admin, t.adminServiceAccountId, clusterId, envId);
  });

  it('Kafka REST v3: creates a topic and produces to it; the records are on the foreign cluster, read over TLS', async () => {
    const created = await stack.api.request('POST', kr(clusterId, '/topics'), {
      auth: clusterKey,
      body: { topic_name: 'orders', partitions_count: 2, replication_factor: 3 },
    });
    assert.equal(created.status, 201, created.text);
    for (let i = 0; i < 5; i++) {
      const r = await stack.api.request('POST', kr(clusterId, '/topics/orders/records'), {
        auth: clusterKey,
        body: { value: { type: 'JSON', data: { order: i } } },
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.error_code, 200);
    }
    const listed = await stack.api.request('GET', kr(clusterId, '/topics'), { auth: clusterKey });
    assert.deepEqual(
      listed.body.data.map((x: any) => x.topic_name),
      ['orders'],
    );
    const kafka = foreignKafka({ brokers: [bootstrap], ssl: { ca: [pki.caCert] } });
    const got = await readAll(kafka, 'orders', 5);
    assert.deepEqual(got.map((v) => JSON.parse(v).order).sort(), [0, 1, 2, 3, 4]);
    // and not on the embedded broker: the foreign cluster's topics are only there
    const names = await foreignKafka({ brokers: [bootstrap], ssl: { ca: [pki.caCert] } }).admin();
    await names.connect();
    assert.ok((await names.listTopics()).includes('orders'));
    await names.disconnect();
  });

  it('Datagen → topic → MySqlSink on the foreign cluster: RUNNING, rows in MariaDB, the sink group visible in Kafka REST', async () => {
    setEgressPolicy(EgressPolicy.fromConfig(loadConfig()));
    rt = await startRuntime(stack, t.organizationId, {
      capacity: 10,
      workerId: 'w-extkafka',
      offsetFlushIntervalMs: 500,
      schemaRegistry: true,
      testPlugins: false,
    });
    const login = {
      'kafka.auth.mode': 'KAFKA_API_KEY',
      'kafka.api.key': CONNECT.username,
      'kafka.api.secret': CONNECT.password,
    };
    const source = await connect('POST', '/connectors', {
      name: 'datagen-ext',
      config: {
        'connector.class': 'DatagenSource',
        name: 'datagen-ext',
        ...login,
        'kafka.topic': 'transactions',
        'output.data.format': 'AVRO',
        quickstart: 'TRANSACTIONS',
        'max.interval': '50',
        'tasks.max': '1',
      },
    });
    assert.equal(source.status, 201, source.text);
    connectors.push('datagen-ext');
    const sink = await connect('PUT', '/connectors/mysql-ext/config', {
      'connector.class': 'MySqlSink',
      name: 'mysql-ext',
      topics: 'transactions',
      'input.data.format': 'AVRO',
      'input.key.format': 'STRING',
      ...login,
      'connection.host': MYSQL.host,
      'connection.port': String(MYSQL.port),
      'connection.user': MYSQL.user,
      'connection.password': MYSQL.password,
      'db.name': dbName,
      'ssl.mode': 'prefer',
      'pk.mode': 'none',
      'auto.create': 'true',
      'tasks.max': '1',
    });
    assert.ok(sink.status === 200 || sink.status === 201, `${sink.status} ${sink.text}`);
    connectors.push('mysql-ext');
    for (const name of ['datagen-ext', 'mysql-ext'])
      await waitFor(
        `${name} RUNNING`,
        async () => {
          const s = (await connect('GET', `/connectors/${name}/status`)).body;
          if (s.tasks?.some((x: any) => x.state === 'FAILED')) throw new Error(`${name}: ${JSON.stringify(s)}`);
          return (
            s.connector.state === 'RUNNING' && s.tasks.length > 0 && s.tasks.every((x: any) => x.state === 'RUNNING')
          );
        },
        30_000,
        100,
      );
    const rows = await waitFor(
      'rows in MariaDB',
      async () => {
        const n = await countRows(db, dbName, 'transactions');
        return n >= 10 ? n : undefined;
      },
      60_000,
      200,
    );
    assert.ok(rows >= 10);
    // the topic the source wrote is on the foreign cluster, as its own admin sees it
    const admin = foreignKafka({ brokers: [bootstrap], ssl: { ca: [pki.caCert] } }).admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets('transactions');
    assert.ok(offsets.reduce((n, p) => n + Number(p.high), 0) >= rows);
    await admin.disconnect();
    const groups = await stack.api.request('GET', kr(clusterId, '/consumer-groups'), { auth: clusterKey });
    assert.equal(groups.status, 200, groups.text);
    assert.ok(
      // the sink's group is Kafka Connect's connect-<connector id>
      groups.body.data.some((g: any) => /^connect-lcc-/.test(g.consumer_group_id) && g.state === 'STABLE'),
      `the sink's group in ${groups.text}`,
    );
  });

  it('exactly-once Datagen on the foreign cluster: its transactions, offsets topic and read_committed records, each once', async () => {
    assert.ok(rt, 'the runtime of the pipeline test');
    const N = 60;
    const created = await connect('POST', '/connectors', {
      name: 'datagen-eos-ext',
      config: {
        'connector.class': 'DatagenSource',
        name: 'datagen-eos-ext',
        'kafka.auth.mode': 'KAFKA_API_KEY',
        'kafka.api.key': CONNECT.username,
        'kafka.api.secret': CONNECT.password,
        'exactly.once.source.support': 'enabled',
        'exactly.once.support': 'required',
        'kafka.topic': 'orders-eos',
        'output.data.format': 'JSON',
        quickstart: 'ORDERS',
        'random.seed': '7',
        iterations: String(N),
        'max.interval': '5',
        'tasks.max': '1',
      },
    });
    assert.equal(created.status, 201, created.text);
    connectors.push('datagen-eos-ext');
    const kafka = foreignKafka({ brokers: [bootstrap], ssl: { ca: [pki.caCert] } });
    const admin = kafka.admin();
    await admin.connect();
    try {
      // the last stable offset reaches N records (+ one commit marker per transaction)
      await waitFor(
        'the transactions committed on the foreign cluster',
        async () => {
          const s = (await connect('GET', '/connectors/datagen-eos-ext/status')).body;
          if (s.tasks?.some((x: any) => x.state === 'FAILED')) throw new Error(JSON.stringify(s));
          const topics = await admin.listTopics();
          return topics.includes('orders-eos') && topics.includes('_connect-offsets');
        },
        60_000,
        200,
      );
      const consumer = kafka.consumer({
        groupId: `eos-reader-${randomBytes(3).toString('hex')}`,
        readUncommitted: false,
      });
      const ids: number[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: 'orders-eos', fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => void ids.push(JSON.parse(message.value!.toString()).orderid),
      });
      await waitFor(`${N} committed records`, () => ids.length >= N, 60_000, 100);
      await new Promise((r) => setTimeout(r, 500)); // nothing beyond N arrives
      await consumer.disconnect();
      assert.equal(ids.length, N, 'exactly N records for read_committed');
      assert.equal(new Set(ids).size, N, 'no record twice');
    } finally {
      await admin.disconnect();
    }
  });

  it('a connector whose kafka.api.secret the foreign cluster refuses: a validation error on that property, no connector', async () => {
    const config = {
      'connector.class': 'DatagenSource',
      name: 'datagen-bad-login',
      'kafka.auth.mode': 'KAFKA_API_KEY',
      'kafka.api.key': CONNECT.username,
      'kafka.api.secret': 'wrong-secret',
      'kafka.topic': 'transactions',
      'output.data.format': 'JSON',
      quickstart: 'TRANSACTIONS',
      'tasks.max': '1',
    };
    const validated = await connect('PUT', '/connector-plugins/DatagenSource/config/validate', config);
    assert.equal(validated.status, 200, validated.text);
    const secret = validated.body.configs.find((c: any) => c.value.name === 'kafka.api.secret');
    assert.match(secret.value.errors.join(' '), /refused the login/);
    assert.doesNotMatch(validated.text, /wrong-secret/);
    const created = await connect('POST', '/connectors', { name: 'datagen-bad-login', config });
    assert.equal(created.status, 400, created.text);
    assert.match(created.text, /kafka\.api\.secret/);
    assert.equal((await connect('GET', '/connectors/datagen-bad-login')).status, 404);
  });
});

describe('an external cluster over SASL_PLAINTEXT (a separately started broker, static users)', () => {
  let foreign: ForeignBroker;
  let port = 0;
  let clusterId = '';
  let clusterKey: Credentials;

  before(async () => {
    port = await freePort();
    foreign = await startForeignBroker({ users: [ADMIN], port });
  });
  after(() => foreign?.stop(true));

  it('registers, serves Kafka REST, and answers 422 naming the credentials once the cluster changed the password', async () => {
    const wrong = await register('plain-wrong', {
      bootstrap_servers: `127.0.0.1:${port}`,
      security_protocol: 'SASL_PLAINTEXT',
      username: ADMIN.username,
      password: 'nope',
    });
    assertFailure(wrong, 400, { pointer: '/spec/external_kafka/password' });
    const res = await register('plain', {
      bootstrap_servers: `127.0.0.1:${port}`,
      security_protocol: 'SASL_PLAINTEXT',
      username: ADMIN.username,
      password: ADMIN.password,
    });
    expectStatus(res, 202, 'register');
    clusterId = res.body.id;
    const c = await provisioned(clusterId);
    assert.equal(c.spec.kafka_bootstrap_endpoint, `SASL_PLAINTEXT://127.0.0.1:${port}`);
    assert.equal(c.spec.external_kafka.sasl_mechanism, 'PLAIN');
    clusterKey = await createApiKey(stack.api, t.admin, t.adminServiceAccountId, clusterId, envId);
    const created = await stack.api.request('POST', kr(clusterId, '/topics'), {
      auth: clusterKey,
      body: { topic_name: 'plain-orders', partitions_count: 1 },
    });
    assert.equal(created.status, 201, created.text);
    const produced = await stack.api.request('POST', kr(clusterId, '/topics/plain-orders/records'), {
      auth: clusterKey,
      body: { value: { type: 'STRING', data: 'hello' } },
    });
    assert.equal(produced.status, 200, produced.text);
    const got = await readAll(foreignKafka({ brokers: [`127.0.0.1:${port}`] }), 'plain-orders', 1);
    assert.deepEqual(got, ['hello']);

    // The foreign cluster's operator rotates the password; the registration still has the old one.
    await foreign.stop();
    foreign = await startForeignBroker({ users: [{ ...ADMIN, password: 'rotated' }], port, dir: foreign.dir });
    const statuses: number[] = [];
    const after = await waitFor(
      'Kafka REST to notice the refused login',
      async () => {
        const r = await stack.api.request('POST', kr(clusterId, '/topics'), {
          auth: clusterKey,
          body: { topic_name: 'after-rotation' },
        });
        statuses.push(r.status);
        return r.status === 422 ? r : undefined;
      },
      60_000,
      250,
    );
    assert.ok(
      statuses.every((s) => s < 500),
      `never a 5xx: ${statuses.join(', ')}`,
    );
    assert.equal(after.body.error_code, 422);
    assert.match(after.body.message, /rejected the credentials registered for it/);
  });
});
