/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies and decoded records are untyped */
// MySqlSource and PostgresSource end to end (issue 15 point 4): the machine's MariaDB and
// PostgreSQL (a database of their own per run) → the connectors created through the Connect API
// (validated against the database) in a runtime → the embedded broker in AVRO / JSON_SR through
// our Schema Registry → a consumer decoding with @kafkajs/confluent-schema-registry. Covered:
// validate errors on their property, timestamp+incrementing with a worker restart while rows are
// inserted and updated (every change once: nothing lost, nothing repeated), query mode.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EgressPolicy, jdbcSourceEgress } from '@libs/connectors';
import { mariaDb, postgres, type TestDb } from '../../../libs/connectors/test/jdbc-source/jdbc-source-harness';
import {
  createConnector,
  readAll,
  req,
  runtime,
  startCdcStack,
  stopCdcStack,
  waitRunning,
  type CdcStack,
} from '../cdc/stack';
import { clusterKafka } from '../../support/stack-harness';
import { waitFor } from '../../support/wait-for';

let env: CdcStack;
let my: TestDb;
let pg: TestDb;
const CONNECTORS = ['mysql-orders', 'pg-query'];

before(async () => {
  // Postgres on 5432 is also the platform's own database, which the default policy refuses
  jdbcSourceEgress.override = new EgressPolicy({ devMode: true });
  [my, pg] = await Promise.all([mariaDb(), postgres()]);
  env = await startCdcStack('jdbcsrc');
});

after(async () => {
  await stopCdcStack(env, CONNECTORS);
  await my?.drop();
  await pg?.drop();
  jdbcSourceEgress.override = null;
});

/** The first `n` record values of `topic`, as bytes. */
async function readRaw(e: CdcStack, topic: string, n: number): Promise<Buffer[]> {
  const consumer = clusterKafka(e.stack, e.cluster, 'jdbcsrc-raw').consumer({
    groupId: `jdbcsrc-${Math.random().toString(36).slice(2)}`,
  });
  const out: Buffer[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void out.push(message.value!) });
    await waitFor(`${n} records in ${topic}`, () => out.length >= n, 60_000, 100);
  } finally {
    await consumer.disconnect();
  }
  return out;
}

const dbProps = (db: TestDb): Record<string, string> => {
  const { name: _n, 'connector.class': _c, 'tasks.max': _t, ...rest } = db.props();
  return rest;
};

describe('MySqlSource and PostgresSource end to end', () => {
  it('validate through the Connect API names bad values on their property', async () => {
    /** The validate response's errors by property. */
    const validate = async (extra: Record<string, string>) => {
      const res = await req(env, 'PUT', '/connector-plugins/MySqlSource/config/validate', {
        name: 'v',
        'connector.class': 'MySqlSource',
        'kafka.api.key': env.cluster.key.key,
        'kafka.api.secret': env.cluster.key.secret,
        'tasks.max': '1',
        ...dbProps(my),
        mode: 'bulk',
        ...extra,
      });
      assert.equal(res.status, 200, res.text);
      return Object.fromEntries(
        (res.body.configs as any[]).filter((c) => c.value.errors.length > 0).map((c) => [c.value.name, c.value.errors]),
      ) as Record<string, string[]>;
    };
    const bad = await validate({ 'connection.port': '1', 'numeric.mapping': 'most' });
    assert.deepEqual(Object.keys(bad), ['numeric.mapping'], 'the connection is tried once the values are right');
    const down = await validate({ 'connection.port': '1' });
    assert.deepEqual(Object.keys(down), ['connection.host']);
    assert.match(down['connection.host']![0]!, /Unable to connect to the database/);
  });

  it('MySqlSource timestamp+incrementing in AVRO: a worker restart loses and repeats nothing', async () => {
    await my.exec(`CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(20) NOT NULL,
      price DECIMAL(8,2) NOT NULL, updated TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3))`);
    const insert = (from: number, n: number) =>
      my.exec(
        `INSERT INTO orders (item, price) VALUES ${Array.from({ length: n }, (_, i) => `('item-${from + i}', ${from + i}.25)`).join(',')}`,
      );
    await insert(1, 100);
    await createConnector(env, 'mysql-orders', {
      'connector.class': 'MySqlSource',
      ...dbProps(my),
      'topic.prefix': 'mysql-',
      mode: 'timestamp+incrementing',
      'timestamp.column.name': 'updated',
      'incrementing.column.name': 'id',
      'output.data.format': 'AVRO',
      'batch.max.rows': '30',
    });
    await waitRunning(env, 'mysql-orders');
    const first = await readAll(env, ['mysql-orders'], 100, 60_000, ['mysql-orders']);
    assert.equal(first.length, 100);
    assert.deepEqual(first[0]!.value, {
      id: 1,
      item: 'item-1',
      price: Buffer.from([125]), // 1.25: unscaled 125, big-endian two's complement
      updated: first[0]!.value.updated,
    });
    const schema = await env.registry.getSchema(await env.registry.getLatestSchemaId('mysql-orders-value'));
    assert.equal((schema as any).name, 'orders');

    await env.rt!.close();
    env.rt = null;
    await insert(101, 50);
    await my.exec("UPDATE orders SET item = 'changed' WHERE id IN (3, 120)");
    env.rt = await runtime(env, 'w-jdbcsrc-2');
    await waitRunning(env, 'mysql-orders');
    // 50 new rows (row 120 already updated when first read) + row 3 again after its update
    const all = await readAll(env, ['mysql-orders'], 151, 60_000, ['mysql-orders']);
    await new Promise((r) => setTimeout(r, 1000)); // a repeat would show within a few poll intervals
    const again = await readAll(env, ['mysql-orders'], 151, 60_000, ['mysql-orders']);
    assert.equal(again.length, 151, 'no record repeated');
    const seen = all.map((r) => `${r.value.id}:${r.value.item}`);
    assert.equal(new Set(seen).size, 151);
    for (let id = 1; id <= 150; id++) if (id !== 120) assert.ok(seen.includes(`${id}:item-${id}`), `row ${id} arrived`);
    assert.ok(seen.includes('3:changed') && seen.includes('120:changed'), 'both updates arrived');
  });

  it('PostgresSource query mode in JSON_SR: topic = topic.prefix', async () => {
    await pg.exec('CREATE TABLE accounts (id serial PRIMARY KEY, owner text NOT NULL, balance numeric(10,2))');
    await pg.exec("INSERT INTO accounts (owner, balance) VALUES ('ann', 10.50), ('bob', NULL)");
    await createConnector(env, 'pg-query', {
      'connector.class': 'PostgresSource',
      ...dbProps(pg),
      query: 'SELECT * FROM (SELECT id, upper(owner) AS owner, balance FROM accounts) a',
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      'numeric.mapping': 'best_fit',
      'topic.prefix': 'pg-accounts',
      'output.data.format': 'JSON_SR',
    });
    await waitRunning(env, 'pg-query');
    // JSON_SR on the wire: magic byte 0, the schema id, the JSON text (decoded by hand: the
    // registry client's ajv runs in strict mode and refuses Confluent's connect.type keyword)
    const rs = await readRaw(env, 'pg-accounts', 2);
    assert.deepEqual(
      rs.map((b) => [b[0], JSON.parse(b.subarray(5).toString('utf8'))]),
      [
        [0, { id: 1, owner: 'ANN', balance: 10.5 }],
        [0, { id: 2, owner: 'BOB', balance: null }],
      ],
    );
    assert.equal(rs[0]!.readInt32BE(1), await env.registry.getLatestSchemaId('pg-accounts-value'));
  });
});
