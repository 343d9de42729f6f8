/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// PostgresSink end to end (issue 16, "Done when"): DatagenSource (AVRO through the in-process Schema
// Registry) → the embedded broker → PostgresSink tasks in a connector runtime → the real Postgres on
// 127.0.0.1:5432, in a database of its own per run. Connectors go through the Connect v1 API
// (validation, secrets encrypted at rest and masked on read). Covered: every insert mode (INSERT,
// UPSERT, UPDATE) and pk mode (none, kafka, record_key, record_value), tombstone deletes,
// auto.create and auto.evolve (a second Datagen with a wider schema on the same topic), and a table
// that cannot take the records: errors.tolerance=all sends them to the DLQ, none fails the task.
//
// Postgres here is also the platform's own database server, which the egress policy refuses as a
// target in every mode (that refusal is tested in libs/connectors/test/postgres-sink.test.ts), so
// the sink is given a dev-mode policy without the platform's endpoints.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { loadConfig } from '@libs/config';
import { PrismaService } from '@libs/db';
import { EgressPolicy, PostgresSinkConnector, setEgressPolicy } from '@libs/connectors';
import type { ConnectRuntime } from '@libs/connect-runtime';
import {
  provisionCluster,
  startRuntime,
  startStack,
  type Stack,
  type ProvisionedCluster,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { connectRequest, MASK } from '../connect-api/support';
import { waitFor } from '../../support/wait-for';

const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const USERS = 300;
const MEMBERS = 60;

describe('PostgresSink end to end (Datagen → Kafka → PostgreSQL)', () => {
  const dbName = `cp_pgsink_e2e_${randomBytes(4).toString('hex')}`;
  let admin: Client;
  let db: Client;
  let stack: Stack;
  let rt: ConnectRuntime | undefined;
  let t: Tenant;
  let c: ProvisionedCluster;
  let connect = '';
  const created: string[] = [];

  const req = (method: string, path: string, body?: unknown) =>
    connectRequest(stack.api, method, `${connect}${path}`, { auth: t.admin, body });
  const status = async (name: string) => (await req('GET', `/connectors/${name}/status`)).body;
  const count = async (table: string): Promise<number> => {
    try {
      return Number((await db.query(`SELECT COUNT(*)::int n FROM ${table}`)).rows[0].n);
    } catch {
      return 0; // not created yet
    }
  };
  const waitRows = (table: string, n: number, timeoutMs = 60_000) =>
    waitFor(`${n} rows in ${table}`, async () => ((await count(table)) === n ? true : undefined), timeoutMs, 200);

  async function create(name: string, config: Record<string, string>): Promise<void> {
    const res = await req('PUT', `/connectors/${name}/config`, {
      name,
      'kafka.auth.mode': 'KAFKA_API_KEY',
      'kafka.api.key': c.key.key,
      'kafka.api.secret': c.key.secret,
      'tasks.max': '1',
      ...config,
    });
    assert.ok(res.status === 200 || res.status === 201, `${name}: ${res.status} ${res.text}`);
    created.push(name);
  }

  const sink = (name: string, topic: string, extra: Record<string, string>) =>
    create(name, {
      'connector.class': 'PostgresSink',
      topics: topic,
      'input.data.format': 'AVRO',
      'connection.host': SERVER.host,
      'connection.port': String(SERVER.port),
      'connection.user': SERVER.user,
      // trust authentication ignores it; it is here to be encrypted and masked
      'connection.password': 'pg-secret-e2e',
      'db.name': dbName,
      'auto.create': 'true',
      ...extra,
    });

  const datagen = (name: string, topic: string, iterations: number, extra: Record<string, string>) =>
    create(name, {
      'connector.class': 'DatagenSource',
      'kafka.topic': topic,
      'output.data.format': 'AVRO',
      'max.interval': '0',
      iterations: String(iterations),
      ...extra,
    });

  const kafka = () =>
    new Kafka({
      clientId: 'pgsink-e2e',
      brokers: [stack.brokerAddress],
      sasl: { mechanism: 'plain', username: c.key.key, password: c.key.secret },
      logLevel: logLevel.NOTHING,
    });

  before(async () => {
    admin = new Client({ ...SERVER, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    db = new Client({ ...SERVER, database: dbName });
    await db.connect();
    stack = await startStack({ CONNECT_TEST_PLUGINS: 'false' });
    t = await stack.api.newTenant('pgsink');
    c = await provisionCluster(stack.api, t, 'pgsink');
    connect = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
    const config = loadConfig();
    setEgressPolicy(EgressPolicy.fromConfig(config));
    PostgresSinkConnector.egressPolicyOverride = new EgressPolicy({ devMode: true });
    rt = await startRuntime(stack, t.organizationId, {
      capacity: 20,
      workerId: 'w-pgsink',
      offsetFlushIntervalMs: 300,
      schemaRegistry: true,
      testPlugins: false,
    });
  });

  after(async () => {
    for (const name of created.reverse()) await req('DELETE', `/connectors/${name}`).catch(() => undefined);
    await rt?.close().catch(() => undefined);
    await stack?.close();
    PostgresSinkConnector.egressPolicyOverride = null;
    await db?.end().catch(() => undefined);
    await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin?.end().catch(() => undefined);
  });

  it('every insert and pk mode writes the USERS stream as Confluent’s sink would', async () => {
    // UPDATE needs rows to update: one per possible key, and one no record names
    await db.query(`CREATE TABLE upd_users (userid text PRIMARY KEY, regionid text, gender text, registertime bigint)`);
    await db.query(
      `INSERT INTO upd_users SELECT 'User_' || i, 'none', 'none', 0 FROM generate_series(1, 9) i UNION ALL SELECT 'nobody', 'none', 'none', 0`,
    );
    await datagen('users-source', 'users', USERS, { quickstart: 'USERS', 'random.seed': '16' });
    await sink('pg-insert', 'users', { 'insert.mode': 'INSERT', 'table.name.format': 'ins_${topic}' });
    await sink('pg-kafka', 'users', { 'pk.mode': 'kafka', 'table.name.format': 'kafka_${topic}' });
    await sink('pg-value', 'users', {
      'insert.mode': 'UPSERT',
      'pk.mode': 'record_value',
      'pk.fields': 'userid',
      'table.name.format': 'value_${topic}',
    });
    await sink('pg-key', 'users', {
      'insert.mode': 'UPSERT',
      'pk.mode': 'record_key',
      'pk.fields': 'id',
      'input.key.format': 'STRING',
      'table.name.format': 'key_${topic}',
    });
    await sink('pg-update', 'users', {
      'insert.mode': 'UPDATE',
      'pk.mode': 'record_value',
      'pk.fields': 'userid',
      'table.name.format': 'upd_${topic}',
      'auto.create': 'false',
    });

    await waitRows('ins_users', USERS);
    await waitRows('kafka_users', USERS);
    // the last record per key, in topic order (one partition)
    const last = (
      await db.query(
        `SELECT DISTINCT ON (userid) userid, regionid, gender, registertime FROM kafka_users
          ORDER BY userid, __connect_offset DESC`,
      )
    ).rows.map((r) => JSON.stringify(r));
    const keys = last.length;
    assert.ok(keys > 1 && keys <= 9, `${keys} distinct users`);
    const kafkaCols = (
      await db.query(
        `SELECT __connect_topic t, MIN(__connect_offset)::int lo, MAX(__connect_offset)::int hi FROM kafka_users GROUP BY 1`,
      )
    ).rows;
    assert.deepEqual(kafkaCols, [{ t: 'users', lo: 0, hi: USERS - 1 }]);

    const same = async (sql: string) => (await db.query(sql)).rows.map((r) => JSON.stringify(r));
    await waitFor(
      'upserts caught up',
      async () =>
        JSON.stringify(await same(`SELECT userid, regionid, gender, registertime FROM value_users ORDER BY userid`)) ===
          JSON.stringify(last) &&
        JSON.stringify(
          await same(`SELECT userid, regionid, gender, registertime FROM key_users WHERE id = userid ORDER BY userid`),
        ) === JSON.stringify(last),
      60_000,
      200,
    );
    assert.equal(await count('key_users'), keys);
    await waitFor(
      'updates caught up',
      async () =>
        JSON.stringify(
          await same(
            `SELECT userid, regionid, gender, registertime FROM upd_users WHERE regionid <> 'none' ORDER BY userid`,
          ),
        ) === JSON.stringify(last),
      60_000,
      200,
    );
    assert.equal(await count('upd_users'), 10, 'UPDATE never inserts');
    assert.deepEqual((await db.query(`SELECT regionid FROM upd_users WHERE userid = 'nobody'`)).rows, [
      { regionid: 'none' },
    ]);

    // auto.create: Postgres types and keys
    const cols = (
      await db.query(
        `SELECT column_name c, data_type t FROM information_schema.columns WHERE table_name = 'key_users' ORDER BY ordinal_position`,
      )
    ).rows.map((r) => `${r.c} ${r.t}`);
    assert.deepEqual(cols, ['registertime bigint', 'userid text', 'regionid text', 'gender text', 'id text']);
    for (const name of ['pg-insert', 'pg-kafka', 'pg-value', 'pg-key', 'pg-update'])
      assert.equal((await status(name)).tasks[0].state, 'RUNNING', name);
  });

  it('the password is encrypted at rest and masked on read', async () => {
    const res = await req('GET', '/connectors/pg-insert/config');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body['connection.password'], MASK);
    assert.equal(res.body['db.name'], dbName);
    const prisma = stack.api.app.get(PrismaService, { strict: false });
    const row = await prisma.connector.findFirst({ where: { name: 'pg-insert', organizationId: t.organizationId } });
    const stored = JSON.stringify(row?.config);
    assert.ok(!stored.includes('pg-secret-e2e'), 'no plaintext password in the stored config');
  });

  it('tombstones delete rows (delete.enabled, record_key)', async () => {
    await datagen('members-source', 'members', MEMBERS, { quickstart: 'USERS', 'random.seed': '61' });
    await sink('pg-delete', 'members', {
      'insert.mode': 'UPSERT',
      'pk.mode': 'record_key',
      'pk.fields': 'id',
      'input.key.format': 'STRING',
      'delete.enabled': 'true',
    });
    // the source is done once its status says so; then the table holds one row per key
    await waitFor(
      'members generated',
      async () => /generated the configured/.test((await status('members-source')).tasks[0]?.msg ?? ''),
      60_000,
      200,
    );
    const ids = await waitFor(
      'members rows',
      async () => {
        const r = (await db.query(`SELECT id FROM members ORDER BY id`).catch(() => ({ rows: [] as any[] }))).rows;
        return r.length > 2 ? r.map((x) => x.id as string) : undefined;
      },
      60_000,
      200,
    );
    await new Promise((r) => setTimeout(r, 1000)); // let the last upserts of the run land
    const before = (await db.query(`SELECT id FROM members ORDER BY id`)).rows.map((x) => x.id as string);
    assert.ok(before.length >= ids.length);
    const gone = before.slice(0, 2);
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({ topic: 'members', messages: gone.map((k) => ({ key: k, value: null })) });
    await producer.disconnect();
    await waitFor(
      'deleted rows',
      async () => {
        const now = (await db.query(`SELECT id FROM members ORDER BY id`)).rows.map((x) => x.id as string);
        return JSON.stringify(now) === JSON.stringify(before.slice(2)) ? true : undefined;
      },
      30_000,
      200,
    );
    assert.equal((await status('pg-delete')).tasks[0].state, 'RUNNING');
  });

  it('auto.evolve adds the column a wider schema brings', async () => {
    const field = (name: string, type: unknown) => ({ name, type });
    const v1 = {
      type: 'record',
      name: 'evo',
      namespace: 'ksql',
      fields: [
        field('id', { type: 'int', 'arg.properties': { iteration: { start: 1 } } }),
        field('name', { type: 'string', 'arg.properties': { options: ['a', 'b'] } }),
      ],
    };
    const v2 = {
      ...v1,
      fields: [
        field('id', { type: 'int', 'arg.properties': { iteration: { start: 1001 } } }),
        v1.fields[1],
        {
          name: 'note',
          type: ['null', { type: 'string', 'arg.properties': { options: ['x', 'y'] } }],
          default: null,
        },
      ],
    };
    await datagen('evo-v1', 'evo', 20, { 'schema.string': JSON.stringify(v1), 'schema.keyfield': 'id' });
    await sink('pg-evolve', 'evo', {
      'insert.mode': 'UPSERT',
      'pk.mode': 'record_value',
      'pk.fields': 'id',
      'auto.evolve': 'true',
    });
    await waitRows('evo', 20);
    await datagen('evo-v2', 'evo', 20, { 'schema.string': JSON.stringify(v2), 'schema.keyfield': 'id' });
    await waitRows('evo', 40);
    const cols = (
      await db.query(
        `SELECT column_name c, data_type t, is_nullable n FROM information_schema.columns WHERE table_name = 'evo' ORDER BY ordinal_position`,
      )
    ).rows.map((r) => `${r.c} ${r.t} ${r.n}`);
    assert.deepEqual(cols, ['id integer NO', 'name text NO', 'note text YES']);
    const r = (
      await db.query(
        `SELECT COUNT(*) FILTER (WHERE id < 1000 AND note IS NULL)::int old, COUNT(*) FILTER (WHERE id > 1000)::int new FROM evo`,
      )
    ).rows[0];
    assert.deepEqual(r, { old: 20, new: 20 });
  });

  it('a table that cannot take the records: errors.tolerance=all → DLQ, none → FAILED', async () => {
    // no gender column, and the sink may not add it
    await db.query(`CREATE TABLE narrow_users (userid text, regionid text, registertime bigint)`);
    await sink('pg-dlq', 'users', {
      'table.name.format': 'narrow_${topic}',
      'auto.create': 'false',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'dlq-pg-e2e',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await sink('pg-fail', 'users', {
      'table.name.format': 'narrow_${topic}',
      'auto.create': 'false',
      'errors.tolerance': 'none',
    });
    const failed = await waitFor(
      'pg-fail FAILED',
      async () => {
        const s = await status('pg-fail');
        return s.tasks[0]?.state === 'FAILED' ? s.tasks[0] : undefined;
      },
      60_000,
      200,
    );
    assert.match(failed.trace, /missing fields \(\[gender\]\) and auto-evolution is disabled/);

    const consumer = kafka().consumer({
      groupId: `dlq-reader-${randomBytes(3).toString('hex')}`,
      maxWaitTimeInMs: 200,
    });
    const seen: Record<string, string>[] = [];
    await consumer.connect();
    try {
      await waitFor('DLQ topic', async () => (await kafka().admin().listTopics()).includes('dlq-pg-e2e'), 60_000, 200);
      await consumer.subscribe({ topic: 'dlq-pg-e2e', fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])));
        },
      });
      await waitFor(`${USERS} DLQ records`, () => seen.length >= USERS, 60_000, 200);
    } finally {
      await consumer.disconnect();
    }
    assert.equal(seen.length, USERS);
    assert.equal(seen[0]['__connect.errors.topic'], 'users');
    assert.match(seen[0]['__connect.errors.exception.class.name'], /TableAlterOrCreateException/);
    assert.equal((await status('pg-dlq')).tasks[0].state, 'RUNNING');
    assert.equal(await count('narrow_users'), 0);
  });
});
