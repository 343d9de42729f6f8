// PostgresSink against the real Postgres on 127.0.0.1:5432 (postgres, no password); one private
// database per run, dropped afterwards. That server is also the platform's own (DATABASE_URL), which
// the default egress policy refuses as a target (tested below), so the tasks here use a dev-mode
// policy without the platform's endpoints.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Client } from 'pg';
import { ConnectDate, Decimal, SchemaBuilder, Struct, BigDecimal, type Props } from '@libs/connect-spi';
import {
  EgressPolicy,
  PostgresSinkConnector,
  PostgresSinkTask,
  TableAlterOrCreateException,
  postgresSinkPlugin,
} from '../src';
import { MAX_PREPARED, PreparedStatements } from '../src/postgres-sink/prepared-statements';
import { order, rec } from './sink-records';

const DB = `cp_pgsink_${randomBytes(4).toString('hex')}`;
const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres', password: '' };
let admin: Client;
let db: Client;
const dev = new EgressPolicy({ devMode: true });

before(async () => {
  admin = new Client({ ...SERVER, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  db = new Client({ ...SERVER, database: DB });
  await db.connect();
  PostgresSinkConnector.egressPolicyOverride = dev;
});

after(async () => {
  for (const t of started) await t.stop().catch(() => undefined);
  await db.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  PostgresSinkConnector.egressPolicyOverride = null;
});

function props(extra: Props): Props {
  return {
    name: 'pg-sink',
    'connector.class': 'PostgresSink',
    'connection.host': SERVER.host,
    'connection.port': String(SERVER.port),
    'connection.user': SERVER.user,
    'connection.password': SERVER.password,
    'db.name': DB,
    'input.data.format': 'AVRO',
    topics: 't',
    'tasks.max': '1',
    'auto.create': 'true',
    'retry.backoff.ms': '50',
    ...extra,
  };
}

const started: PostgresSinkTask[] = [];
async function task(extra: Props): Promise<PostgresSinkTask> {
  const t = new PostgresSinkTask();
  started.push(t);
  await t.start(props(extra));
  return t;
}

async function rows(table: string, orderBy: string): Promise<Record<string, unknown>[]> {
  return (await db.query(`SELECT * FROM ${table} ORDER BY ${orderBy}`)).rows;
}

async function columns(table: string, schema = 'public'): Promise<string[]> {
  const r = await db.query(
    `SELECT column_name c, data_type t, is_nullable n FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  return r.rows.map((x) => `${x.c} ${x.t}${x.n === 'NO' ? ' not null' : ''}`);
}

async function primaryKey(table: string): Promise<string[]> {
  const r = await db.query(
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [table],
  );
  return r.rows.map((x) => x.attname);
}

const errorsOf = (cfg: { configValues: { name: string; errorMessages: string[] }[] }) =>
  Object.fromEntries(cfg.configValues.filter((v) => v.errorMessages.length).map((v) => [v.name, v.errorMessages]));

test('validate: Confluent groups and names; errors on the right property; the platform database is refused', async () => {
  const c = postgresSinkPlugin.create();
  const ok = await c.validate(props({}));
  assert.deepEqual(errorsOf(ok), {});
  const groups = new Map(ok.configValues.map((v) => [v.name, c.config().configKeys.get(v.name)?.group]));
  assert.equal(groups.get('connection.host'), 'How should we connect to your database?');
  assert.equal(groups.get('ssl.rootcertfile'), 'How should we connect to your database?');
  assert.equal(groups.get('pk.mode'), 'Primary Key');
  assert.equal(groups.get('auto.create'), 'SQL/DDL Support');
  assert.equal(groups.get('input.data.format'), 'Input messages');
  assert.equal(c.config().configKeys.get('connection.password')?.type, 'PASSWORD');
  assert.equal(c.config().configKeys.get('ssl.rootcertfile')?.type, 'PASSWORD');

  const bad = errorsOf(
    await c.validate(
      props({
        'delete.enabled': 'true',
        'insert.mode': 'MERGE',
        'ssl.mode': 'verify-full',
        'pk.mode': 'kafka',
        'pk.fields': 'a,b',
        'db.timezone': 'Mars/Base',
      }),
    ),
  );
  assert.deepEqual(bad['insert.mode'], [
    'Invalid value MERGE for configuration insert.mode: String must be one of: INSERT, UPSERT, UPDATE',
  ]);
  assert.ok(bad['pk.mode'].includes("Primary key mode must be 'record_key' when delete support is enabled"));
  assert.match(bad['pk.fields'][0], /^PK mode for table is KAFKA so there should either be no field names/);
  assert.deepEqual(bad['ssl.rootcertfile'], ['ssl.rootcertfile is required when ssl.mode is verify-full']);
  assert.deepEqual(bad['db.timezone'], [
    'Invalid value Mars/Base for configuration db.timezone: Invalid time zone identifier',
  ]);
  assert.equal(bad['connection.host'], undefined);

  // the platform's own Postgres (DATABASE_URL's host:port) is never a target, even in dev mode
  PostgresSinkConnector.egressPolicyOverride = new EgressPolicy({ devMode: true, platform: ['127.0.0.1:5432'] });
  try {
    const denied = errorsOf(await c.validate(props({})));
    assert.match(denied['connection.host'][0], /^Invalid value 127\.0\.0\.1 for configuration connection\.host: /);
  } finally {
    PostgresSinkConnector.egressPolicyOverride = dev;
  }
});

test('INSERT + pk.mode=none with auto.create: Postgres types, rows, timestamps in db.timezone', async () => {
  const t = await task({ topics: 'ins', 'insert.mode': 'INSERT' });
  await t.put([rec('ins', order(1)), rec('ins', order(2))]);
  const r = await rows('ins', 'orderid');
  assert.deepEqual(
    r.map((x) => [x.orderid, x.itemid, x.orderunits]),
    [
      [1, 'Item_1', 1.5],
      [2, 'Item_2', 1.5],
    ],
  );
  assert.deepEqual(await columns('ins'), [
    'ordertime timestamp without time zone not null',
    'orderid integer not null',
    'itemid text not null',
    'orderunits double precision not null',
  ]);
  const ts = await db.query(`SELECT to_char(ordertime, 'YYYY-MM-DD HH24:MI:SS.MS') s FROM ins WHERE orderid = 1`);
  assert.equal(ts.rows[0].s, '2023-11-14 22:13:20.001');
  await t.stop();
});

test('UPSERT + record_value: ON CONFLICT updates, redelivery is idempotent, duplicates in one batch; preCommit after commit', async () => {
  const t = await task({ topics: 'ups', 'insert.mode': 'UPSERT', 'pk.mode': 'record_value', 'pk.fields': 'orderid' });
  const batch = [rec('ups', order(1)), rec('ups', order(2)), rec('ups', order(1, 'Item_new'))];
  const tp = { topicPartition: { topic: 'ups', partition: 0 }, offset: batch[2].kafkaOffset + 1 };
  assert.equal((await t.preCommit(new Map([['ups-0', tp]]))).size, 0);
  await t.put(batch);
  await t.put(batch); // redelivery
  assert.deepEqual(
    (await rows('ups', 'orderid')).map((x) => [x.orderid, x.itemid]),
    [
      [1, 'Item_new'],
      [2, 'Item_2'],
    ],
  );
  assert.deepEqual(await primaryKey('ups'), ['orderid']);
  assert.equal((await t.preCommit(new Map([['ups-0', tp]]))).get('ups-0')!.offset, tp.offset);
  await t.stop();
});

test('UPSERT + record_value with every field in the key: ON CONFLICT DO NOTHING', async () => {
  const s = SchemaBuilder.struct()
    .field('a', SchemaBuilder.int32().build())
    .field('b', SchemaBuilder.string().build())
    .build();
  const t = await task({ topics: 'allkey', 'insert.mode': 'UPSERT', 'pk.mode': 'record_value' });
  const v = (a: number, b: string) => new Struct(s).put('a', a).put('b', b);
  await t.put([rec('allkey', v(1, 'x')), rec('allkey', v(1, 'x')), rec('allkey', v(2, 'y'))]);
  await t.put([rec('allkey', v(1, 'x'))]);
  assert.deepEqual(
    (await rows('allkey', 'a')).map((x) => [x.a, x.b]),
    [
      [1, 'x'],
      [2, 'y'],
    ],
  );
  assert.deepEqual(await primaryKey('allkey'), ['a', 'b']);
});

test('record_key: primitive (TEXT key) and Struct keys, upsert, tombstone deletes in order', async () => {
  const t = await task({
    topics: 'del',
    'insert.mode': 'UPSERT',
    'pk.mode': 'record_key',
    'pk.fields': 'id',
    'delete.enabled': 'true',
  });
  const ks = SchemaBuilder.string().optional().build();
  await t.put([
    rec('del', order(1), 'a', ks),
    rec('del', order(2), 'b', ks),
    rec('del', null, 'a', ks),
    rec('del', order(3), 'c', ks),
    rec('del', null, 'c', ks),
    rec('del', order(4), 'c', ks),
  ]);
  assert.deepEqual(
    (await rows('del', 'id')).map((x) => [x.id, x.orderid]),
    [
      ['b', 2],
      ['c', 4],
    ],
  );
  // key-only fields come after the value fields (Confluent's DDL order)
  assert.deepEqual(await columns('del'), [
    'ordertime timestamp without time zone not null',
    'orderid integer not null',
    'itemid text not null',
    'orderunits double precision not null',
    'id text not null',
  ]);
  await t.stop();

  const keySchema = SchemaBuilder.struct()
    .field('region', SchemaBuilder.string().build())
    .field('n', SchemaBuilder.int64().build())
    .build();
  const key = (region: string, n: number) => new Struct(keySchema).put('region', region).put('n', n);
  const s = await task({ topics: 'skey', 'pk.mode': 'record_key', 'delete.enabled': 'true', 'insert.mode': 'UPSERT' });
  await s.put([
    rec('skey', order(1), key('eu', 1), keySchema),
    rec('skey', order(2), key('eu', 2), keySchema),
    rec('skey', order(3), key('us', 1), keySchema),
    rec('skey', null, key('eu', 2), keySchema),
  ]);
  assert.deepEqual(
    (await rows('skey', 'region, n')).map((x) => [x.region, x.n, x.orderid]),
    [
      ['eu', '1', 1],
      ['us', '1', 3],
    ],
  );
  assert.deepEqual(await primaryKey('skey'), ['region', 'n']);
});

test('pk.mode=kafka, fields.whitelist, table.name.format into another schema; UPDATE mode', async () => {
  await db.query('CREATE SCHEMA sales');
  const t = await task({
    topics: 'kaf',
    'pk.mode': 'kafka',
    'table.name.format': 'sales.kafka_${topic}',
    'fields.whitelist': 'orderid,itemid',
    'insert.mode': 'UPSERT',
  });
  await t.put([rec('kaf', order(1)), rec('kaf', order(2))]);
  await t.put([rec('kaf', order(1))].map((r) => r.newRecord(r.topic, 0, null, null, r.valueSchema, r.value, 0)));
  assert.deepEqual(await columns('kafka_kaf', 'sales'), [
    '__connect_topic text not null',
    '__connect_partition integer not null',
    '__connect_offset bigint not null',
    'orderid integer not null',
    'itemid text not null',
  ]);
  const r = await rows('sales.kafka_kaf', '__connect_offset');
  assert.equal(r.length, 3);
  assert.deepEqual(await primaryKey('sales.kafka_kaf'), ['__connect_topic', '__connect_partition', '__connect_offset']);

  const u = await task({ topics: 'ups', 'insert.mode': 'UPDATE', 'pk.mode': 'record_value', 'pk.fields': 'orderid' });
  await u.put([rec('ups', order(2, 'Item_upd', 9)), rec('ups', order(77, 'nobody'))]);
  assert.deepEqual(
    (await rows('ups', 'orderid')).map((x) => [x.orderid, x.itemid, x.orderunits]),
    [
      [1, 'Item_new', 1.5],
      [2, 'Item_upd', 9],
    ],
  );
});

test('quote.sql.identifiers=NEVER folds the table name; search_path decides the default schema', async () => {
  await db.query('CREATE SCHEMA app');
  await db.query(`ALTER DATABASE ${DB} SET search_path TO app, public`);
  const t = await task({ topics: 'MixedCase', 'quote.sql.identifiers': 'NEVER' });
  await t.put([rec('MixedCase', order(1))]);
  assert.deepEqual(
    (await rows('app.mixedcase', 'orderid')).map((x) => x.orderid),
    [1],
  );
  await t.stop();
  await db.query(`ALTER DATABASE ${DB} RESET search_path`);
});

test('auto.evolve adds optional fields mid-stream; without it the write fails at once (not retried)', async () => {
  const v1 = SchemaBuilder.struct()
    .name('ksql.orders')
    .field('orderid', SchemaBuilder.int32().build())
    .field('itemid', SchemaBuilder.string().build())
    .build();
  const v2 = SchemaBuilder.struct()
    .name('ksql.orders')
    .field('orderid', SchemaBuilder.int32().build())
    .field('itemid', SchemaBuilder.string().build())
    .field('note', SchemaBuilder.string().optional().build())
    .field('qty', SchemaBuilder.int16().optional().defaultValue(7).build())
    .build();
  const t = await task({
    topics: 'evo',
    'auto.evolve': 'true',
    'insert.mode': 'UPSERT',
    'pk.mode': 'record_value',
    'pk.fields': 'orderid',
  });
  await t.put([
    rec('evo', new Struct(v1).put('orderid', 1).put('itemid', 'x')),
    rec('evo', new Struct(v2).put('orderid', 2).put('itemid', 'y').put('note', 'hello').put('qty', 3)),
  ]);
  assert.deepEqual(
    (await rows('evo', 'orderid')).map((x) => [x.orderid, x.note, x.qty]),
    [
      [1, null, 7],
      [2, 'hello', 3],
    ],
  );
  assert.deepEqual((await columns('evo')).slice(2), ['note text', 'qty smallint']);
  await t.stop();

  const v3 = SchemaBuilder.struct()
    .field('orderid', SchemaBuilder.int32().build())
    .field('itemid', SchemaBuilder.string().build())
    .field('extra', SchemaBuilder.int32().optional().build())
    .build();
  const n = await task({ topics: 'evo', 'auto.evolve': 'false' });
  let retries = 0;
  n.hooks.onRetry = () => retries++;
  await assert.rejects(
    n.put([rec('evo', new Struct(v3).put('orderid', 3).put('itemid', 'z'))]),
    (e: Error) =>
      e instanceof TableAlterOrCreateException &&
      /missing fields \(\[extra\]\) and auto-evolution is disabled/.test(e.message),
  );
  assert.equal(retries, 0);
  const missing = await task({ topics: 'nothere', 'auto.create': 'false' });
  await assert.rejects(
    missing.put([rec('nothere', order(1))]),
    /Table "public"."nothere" is missing and auto-creation is disabled/,
  );
});

test('type mapping: logical types, bytes, arrays, int8, timestamp.fields.list; json/uuid columns take strings', async () => {
  const s = SchemaBuilder.struct()
    .field('id', SchemaBuilder.int8().build())
    .field('price', Decimal.builder(2).build())
    .field('day', ConnectDate.SCHEMA)
    .field('blob', SchemaBuilder.bytes().build())
    .field('tags', SchemaBuilder.array(SchemaBuilder.string().build()).build())
    .field('nums', SchemaBuilder.array(SchemaBuilder.int64().build()).optional().build())
    .field('ok', SchemaBuilder.bool().build())
    .field('f', SchemaBuilder.float32().build())
    .field('at', SchemaBuilder.int64().build())
    .build();
  const t = await task({ topics: 'types', 'timestamp.fields.list': 'at', 'date.timezone': 'UTC' });
  await t.put([
    rec(
      'types',
      new Struct(s)
        .put('id', 1)
        .put('price', new BigDecimal(12345n, 2))
        .put('day', new Date(Date.UTC(2024, 9, 4)))
        .put('blob', Buffer.from([0, 1, 255]))
        .put('tags', ['a', 'b"c'])
        .put('nums', [1n, 9007199254740993n])
        .put('ok', true)
        .put('f', 0.5)
        .put('at', 1_728_000_000_123_456n),
    ),
  ]);
  assert.deepEqual(await columns('types'), [
    'id smallint not null',
    'price numeric not null',
    'day date not null',
    'blob bytea not null',
    'tags ARRAY not null',
    'nums ARRAY',
    'ok boolean not null',
    'f real not null',
    'at timestamp without time zone not null',
  ]);
  const r = (
    await db.query(
      `SELECT id, price::text, day::text, encode(blob, 'hex') blob, tags, nums::text, ok, f, at::text FROM types`,
    )
  ).rows[0];
  assert.deepEqual(r, {
    id: 1,
    price: '123.45',
    day: '2024-10-04',
    blob: '0001ff',
    tags: ['a', 'b"c'],
    nums: '{1,9007199254740993}',
    ok: true,
    f: 0.5,
    at: '2024-10-04 00:00:00.123456',
  });

  await db.query('CREATE TABLE docs (id int PRIMARY KEY, body jsonb, ref uuid)');
  const ds = SchemaBuilder.struct()
    .field('id', SchemaBuilder.int32().build())
    .field('body', SchemaBuilder.string().build())
    .field('ref', SchemaBuilder.string().build())
    .build();
  const d = await task({ topics: 'docs', 'insert.mode': 'UPSERT', 'pk.mode': 'record_value', 'pk.fields': 'id' });
  const doc = (b: string) =>
    rec('docs', new Struct(ds).put('id', 1).put('body', b).put('ref', '6f1c9a7e-0000-4000-8000-000000000001'));
  await d.put([doc('{"a":1}')]);
  await d.put([doc('{"a":2}')]);
  assert.deepEqual((await db.query(`SELECT body->>'a' a, ref::text FROM docs`)).rows, [
    { a: '2', ref: '6f1c9a7e-0000-4000-8000-000000000001' },
  ]);
});

test('a pre-existing table without a key: upsert fails as in Confluent (no retry); INSERT appends', async () => {
  await db.query('CREATE TABLE nokey (orderid int, itemid text, ordertime timestamp, orderunits float8)');
  const u = await task({ topics: 'nokey', 'insert.mode': 'UPSERT', 'pk.mode': 'record_value', 'pk.fields': 'orderid' });
  let retries = 0;
  u.hooks.onRetry = () => retries++;
  await assert.rejects(u.put([rec('nokey', order(1))]), /no unique or exclusion constraint matching the ON CONFLICT/);
  assert.equal(retries, 0);
});

test('wide rows are split below 65,535 placeholders', async () => {
  const b = SchemaBuilder.struct().name('wide');
  for (let i = 0; i < 70; i++) b.field(`c${i}`, SchemaBuilder.int32().build());
  const s = b.build();
  const t = await task({ topics: 'wide', 'batch.sizes': '5000' });
  const recs = Array.from({ length: 1000 }, (_, n) => {
    const st = new Struct(s);
    for (let i = 0; i < 70; i++) st.put(`c${i}`, n);
    return rec('wide', st);
  });
  await t.put(recs);
  assert.deepEqual((await db.query('SELECT COUNT(*)::int n, SUM(c69)::int s FROM wide')).rows, [
    { n: 1000, s: 499500 },
  ]);
});

test('backend terminated between and during puts: retried, no row lost, none duplicated', async () => {
  const t = await task({
    topics: 'kill',
    'insert.mode': 'INSERT',
    'pk.mode': 'record_value',
    'pk.fields': 'orderid',
    'batch.sizes': '50',
  });
  let retries = 0;
  t.hooks.onRetry = () => retries++;
  let id = 0;
  const batch = (n: number) => Array.from({ length: n }, () => rec('kill', order(id++)));
  await t.put(batch(10));
  await db.query('SELECT pg_terminate_backend($1)', [t.jdbcWriter!.connectionId]);
  await t.put(batch(10));
  retries = 0;
  t.hooks.afterStatement = async (n) => {
    if (n === 5) await db.query('SELECT pg_terminate_backend($1)', [t.jdbcWriter!.connectionId]);
  };
  await t.put(batch(2000));
  assert.deepEqual((await db.query('SELECT COUNT(*)::int n, COUNT(DISTINCT orderid)::int d FROM kill')).rows, [
    { n: id, d: id },
  ]);
  assert.ok(retries >= 1, `retries ${retries}`);
});

test('ssl.mode=require against a server without TLS fails at once; the task re-checks egress on connect', async () => {
  const tls = (await db.query(`SELECT setting FROM pg_settings WHERE name = 'ssl'`)).rows[0]?.setting;
  if (tls !== 'on') {
    const t = await task({ topics: 'tls', 'ssl.mode': 'require' });
    let retries = 0;
    t.hooks.onRetry = () => retries++;
    await assert.rejects(t.put([rec('tls', order(1))]), /does not support SSL/);
    assert.equal(retries, 0);
  }
  const p = new PostgresSinkTask();
  started.push(p);
  p.hooks.policy = new EgressPolicy({ devMode: false });
  await p.start(props({ topics: 'tls' }));
  await assert.rejects(p.put([rec('tls', order(1))]), /connection\.host: .*loopback/);
});

test('with an ErrantRecordReporter a failing batch is unrolled: good rows written, bad ones reported', async () => {
  const t = new PostgresSinkTask();
  started.push(t);
  const reported: number[] = [];
  t.initialize({
    configs: {},
    offset: () => undefined,
    timeout: () => undefined,
    assignment: () => [],
    pause: () => undefined,
    resume: () => undefined,
    requestCommit: () => undefined,
    errantRecordReporter: () => ({ report: async (r) => void reported.push(r.kafkaOffset) }),
  });
  await t.start(props({ topics: 'dlq', 'auto.evolve': 'false' }));
  await t.put([rec('dlq', order(1))]);
  const wide = SchemaBuilder.struct()
    .name('ksql.orders')
    .field('orderid', SchemaBuilder.int32().build())
    .field('bogus', SchemaBuilder.int32().build())
    .build();
  const bad = rec('dlq', new Struct(wide).put('orderid', 9).put('bogus', 1));
  const good = rec('dlq', order(2));
  await t.put([good, bad]);
  assert.deepEqual(reported, [bad.kafkaOffset]);
  assert.deepEqual(
    (await rows('dlq', 'orderid')).map((x) => x.orderid),
    [1, 2],
  );
});

test('records that cannot be written fail with Confluent’s messages', async () => {
  const t = await task({ topics: 'shape' });
  await assert.rejects(
    t.put([rec('shape', null)]),
    /is configured with 'delete.enabled=false' and 'pk.mode=none' and therefore requires records with a non-null Struct value/,
  );
  const m = SchemaBuilder.struct()
    .field('m', SchemaBuilder.map(SchemaBuilder.string().build(), SchemaBuilder.string().build()).build())
    .build();
  await assert.rejects(
    t.put([rec('shape', new Struct(m).put('m', new Map()))]),
    /m \(MAP\) type doesn't have a mapping/,
  );
});

test('prepared statements: at most MAX_PREPARED per connection, the least recently used deallocated and re-made on use', async () => {
  const c = new Client({ ...SERVER, database: DB });
  await c.connect();
  try {
    await c.query('CREATE TEMP TABLE p (n int)');
    const ps = new PreparedStatements(c);
    const insert = (rows: number) =>
      ps.query(
        `INSERT INTO p (n) VALUES ${Array.from({ length: rows }, (_, i) => `($${i + 1})`).join(',')}`,
        Array.from({ length: rows }, () => rows),
      );
    for (let rows = 1; rows <= MAX_PREPARED + 4; rows++) await insert(rows);
    await insert(MAX_PREPARED + 4); // the most recent one, reused
    await insert(1); // evicted long ago: prepared again
    const held = (await c.query('SELECT count(*)::int n FROM pg_prepared_statements')).rows[0].n;
    assert.equal(held, MAX_PREPARED);
    const sum = (await c.query('SELECT count(*)::int n FROM p')).rows[0].n;
    assert.equal(sum, ((MAX_PREPARED + 4) * (MAX_PREPARED + 5)) / 2 + (MAX_PREPARED + 4) + 1);
  } finally {
    await c.end();
  }
});
