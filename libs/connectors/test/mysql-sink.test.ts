// MySqlSink against the real MariaDB on 127.0.0.1:3306 (root, no password); one database per run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createConnection, type Connection } from 'mysql2/promise';
import { SchemaBuilder, Struct, type Props } from '@libs/connect-spi';
import {
  EgressPolicy,
  JdbcConnectionException,
  MySqlSinkConnector,
  MySqlSinkTask,
  TableAlterOrCreateException,
  mySqlSinkPlugin,
} from '../src';
import { order, rec } from './sink-records';

const DB = `cp_test_${randomBytes(4).toString('hex')}`;
let admin: Connection;
const dev = new EgressPolicy({ devMode: true });

before(async () => {
  admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', dateStrings: true });
  await admin.query(`CREATE DATABASE ${DB}`);
  MySqlSinkConnector.egressPolicyOverride = dev;
});

after(async () => {
  for (const t of started) await t.stop().catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.end();
  MySqlSinkConnector.egressPolicyOverride = null;
});

function props(extra: Props): Props {
  return {
    name: 'mysql-sink',
    'connector.class': 'MySqlSink',
    'connection.host': '127.0.0.1',
    'connection.port': '3306',
    'connection.user': 'root',
    'connection.password': '',
    'db.name': DB,
    'input.data.format': 'AVRO',
    topics: 't',
    'tasks.max': '1',
    'auto.create': 'true',
    'retry.backoff.ms': '50',
    ...extra,
  };
}

const started: MySqlSinkTask[] = [];
async function task(extra: Props): Promise<MySqlSinkTask> {
  const t = new MySqlSinkTask();
  started.push(t);
  await t.start(props(extra));
  return t;
}

async function rows(table: string, order: number | string = 1): Promise<Record<string, unknown>[]> {
  const [r] = await admin.query(`SELECT * FROM \`${DB}\`.\`${table}\` ORDER BY ${order}`);
  return r as Record<string, unknown>[];
}

test('validate: Confluent names; egress denial names connection.host; delete needs record_key', async () => {
  const c = mySqlSinkPlugin.create();
  MySqlSinkConnector.egressPolicyOverride = new EgressPolicy({ devMode: false });
  try {
    const cfg = await c.validate(props({ 'delete.enabled': 'true', 'insert.mode': 'UPSERT' }));
    const errs = Object.fromEntries(
      cfg.configValues.filter((v) => v.errorMessages.length).map((v) => [v.name, v.errorMessages]),
    );
    assert.match(
      errs['connection.host'][0],
      /^Invalid value 127\.0\.0\.1 for configuration connection\.host: .*loopback/,
    );
    assert.ok(errs['pk.mode'].includes("Primary key mode must be 'record_key' when delete support is enabled"));
    assert.ok(errs['pk.mode'].some((m) => /UPSERT mode requires key field names/.test(m)));
  } finally {
    MySqlSinkConnector.egressPolicyOverride = dev;
  }
  const ok = await c.validate(props({}));
  assert.deepEqual(
    ok.configValues.filter((v) => v.errorMessages.length).map((v) => [v.name, v.errorMessages]),
    [],
  );
});

test('INSERT + pk.mode=none with auto.create: table, types, rows', async () => {
  const t = await task({ topics: 'ins', 'insert.mode': 'INSERT' });
  await t.put([rec('ins', order(1)), rec('ins', order(2))]);
  const r = await rows('ins', 2);
  assert.deepEqual(
    r.map((x) => x.orderid),
    [1, 2],
  );
  assert.equal(r[0].ordertime, '2023-11-14 22:13:20.001');
  const [cols] = await admin.query(
    `SELECT COLUMN_NAME c, COLUMN_TYPE t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA=? AND TABLE_NAME='ins' ORDER BY ORDINAL_POSITION`,
    [DB],
  );
  assert.deepEqual(
    (cols as { c: string; t: string }[]).map((x) => `${x.c} ${x.t}`),
    ['ordertime datetime(3)', 'orderid int(11)', 'itemid text', 'orderunits double'],
  );
  await t.stop();
});

test('UPSERT + record_value is idempotent and updates; preCommit only after commit', async () => {
  const t = await task({ topics: 'ups', 'insert.mode': 'UPSERT', 'pk.mode': 'record_value', 'pk.fields': 'orderid' });
  const batch = [rec('ups', order(1)), rec('ups', order(2)), rec('ups', order(1, 'Item_new'))];
  const before = await t.preCommit(
    new Map([['ups-0', { topicPartition: { topic: 'ups', partition: 0 }, offset: batch[2].kafkaOffset + 1 }]]),
  );
  assert.equal(before.size, 0);
  await t.put(batch);
  await t.put(batch); // redelivery
  const r = await rows('ups', 2);
  assert.deepEqual(
    r.map((x) => [x.orderid, x.itemid]),
    [
      [1, 'Item_new'],
      [2, 'Item_2'],
    ],
  );
  const pc = await t.preCommit(
    new Map([['ups-0', { topicPartition: { topic: 'ups', partition: 0 }, offset: batch[2].kafkaOffset + 1 }]]),
  );
  assert.equal(pc.get('ups-0')!.offset, batch[2].kafkaOffset + 1);
  await t.stop();
});

test('record_key string key (VARCHAR(256) PK) upsert and tombstone deletes', async () => {
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
  const r = await rows('del', 'id');
  assert.deepEqual(
    r.map((x) => [x.id, x.orderid]),
    [
      ['b', 2],
      ['c', 4],
    ],
  );
  const [cols] = await admin.query(
    `SELECT COLUMN_TYPE t, COLUMN_KEY k FROM information_schema.COLUMNS WHERE TABLE_SCHEMA=? AND TABLE_NAME='del' AND COLUMN_NAME='id'`,
    [DB],
  );
  assert.deepEqual(cols, [{ t: 'varchar(256)', k: 'PRI' }]);
  await t.stop();
});

test('pk.mode=kafka auto.create, fields.whitelist, table.name.format; UPDATE mode', async () => {
  const t = await task({
    topics: 'kaf',
    'pk.mode': 'kafka',
    'table.name.format': 'kafka_${topic}',
    'fields.whitelist': 'orderid,itemid',
    'insert.mode': 'UPSERT',
  });
  await t.put([rec('kaf', order(1)), rec('kaf', order(2))]);
  const r = await rows('kafka_kaf', '__connect_offset');
  assert.deepEqual(Object.keys(r[0]), [
    '__connect_topic',
    '__connect_partition',
    '__connect_offset',
    'orderid',
    'itemid',
  ]);
  await t.stop();
  const u = await task({ topics: 'ups', 'insert.mode': 'UPDATE', 'pk.mode': 'record_value', 'pk.fields': 'orderid' });
  await u.put([rec('ups', order(2, 'Item_upd', 9))]);
  assert.deepEqual(
    (await rows('ups', 2)).map((x) => x.itemid),
    ['Item_new', 'Item_upd'],
  );
  await u.stop();
});

test('auto.evolve adds a field mid-stream; without it the write fails (not retried)', async () => {
  const v2 = SchemaBuilder.struct()
    .name('ksql.orders')
    .field('orderid', SchemaBuilder.int32().build())
    .field('itemid', SchemaBuilder.string().build())
    .field('note', SchemaBuilder.string().optional().build())
    .build();
  const v1 = SchemaBuilder.struct()
    .name('ksql.orders')
    .field('orderid', SchemaBuilder.int32().build())
    .field('itemid', SchemaBuilder.string().build())
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
    rec('evo', new Struct(v2).put('orderid', 2).put('itemid', 'y').put('note', 'hello')),
  ]);
  assert.deepEqual(
    (await rows('evo')).map((x) => [x.orderid, x.note]),
    [
      [1, null],
      [2, 'hello'],
    ],
  );
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
  await n.stop();
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
  await t.put(recs); // 70,000 placeholders in one put
  const [c] = await admin.query(`SELECT COUNT(*) n, SUM(c69) s FROM \`${DB}\`.wide`);
  assert.deepEqual(c, [{ n: 1000, s: '499500' }]);
  await t.stop();
});

test('connection killed (KILL <id>) between and during puts: retried, no row lost, none duplicated', async () => {
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
  await admin.query(`KILL ${t.mysqlWriter!.threadId}`);
  await t.put(batch(10)); // idle connection was killed: reconnects (or retries if the close was not seen yet)
  retries = 0;
  // kill while a put is running: after its 5th INSERT statement, inside the transaction
  t.hooks.afterStatement = async (n) => {
    if (n === 5) await admin.query(`KILL ${t.mysqlWriter!.threadId}`);
  };
  await t.put(batch(2000));
  const [c] = await admin.query(`SELECT COUNT(*) n, COUNT(DISTINCT orderid) d FROM \`${DB}\`.kill`);
  assert.deepEqual(c, [{ n: id, d: id }]);
  assert.ok(retries >= 1, `retries ${retries}`); // the kill inside the transaction was retried
  await t.stop();
});

test('ssl.mode=require against a server without TLS fails at once; the task re-checks egress on connect', async () => {
  const t = await task({ topics: 'tls', 'ssl.mode': 'require' });
  let retries = 0;
  t.hooks.onRetry = () => retries++;
  await assert.rejects(t.put([rec('tls', order(1))]), /secure connection/);
  assert.equal(retries, 0);
  const p = new MySqlSinkTask();
  started.push(p);
  p.hooks.policy = new EgressPolicy({ devMode: false });
  await p.start(props({ topics: 'tls' }));
  await assert.rejects(p.put([rec('tls', order(1))]), /connection\.host: .*loopback/);
});

test('with an ErrantRecordReporter a failing batch is unrolled: good rows written, bad ones reported', async () => {
  const t = new MySqlSinkTask();
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
  await t.put([rec('dlq', order(1))]); // creates the table
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
    (await rows('dlq', 2)).map((x) => x.orderid),
    [1, 2],
  );
});

test('a refused login fails put() even with an ErrantRecordReporter: no record reported (Confluent fails the task)', async () => {
  const t = new MySqlSinkTask();
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
  await t.start(props({ topics: 'denied', 'connection.user': 'no_such_user', 'connection.password': 'wrong' }));
  const err = await t.put([rec('denied', order(1)), rec('denied', order(2))]).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof JdbcConnectionException, String(err));
  assert.match(err.message, /^Could not connect to MySQL: Access denied for user 'no_such_user'/);
  assert.match(String((err.cause as { code?: string }).code), /ER_ACCESS_DENIED_ERROR/);
  assert.deepEqual(reported, []);
});

test('timestamp.fields.list: longs as epoch microseconds (or nanoseconds) into DATETIME(6); bad precision mode refused', async () => {
  const s = SchemaBuilder.struct()
    .field('id', SchemaBuilder.int32().build())
    .field('at', SchemaBuilder.int64().build())
    .field('seen', SchemaBuilder.string().build())
    .build();
  const row = (id: number, at: bigint, seen: string) => new Struct(s).put('id', id).put('at', at).put('seen', seen);
  const micros = await task({ topics: 'tsf', 'timestamp.fields.list': 'at,seen' });
  await micros.put([rec('tsf', row(1, 1_728_000_000_123_456n, '2024-10-04T08:09:10.5'))]);
  const nanos = await task({
    topics: 'tsf',
    'timestamp.fields.list': 'at,seen',
    'timestamp.precision.mode': 'nanoseconds',
  });
  await nanos.put([rec('tsf', row(2, 1_728_000_000_123_456_789n, '1728000000123456789'))]);
  const r = await rows('tsf');
  assert.deepEqual(
    r.map((x) => [x.id, x.at, x.seen]),
    [
      [1, '2024-10-04 00:00:00.123456', '2024-10-04 08:09:10.500000'],
      [2, '2024-10-04 00:00:00.123456', '2024-10-04 00:00:00.123456'],
    ],
  );
  const [cols] = await admin.query(
    `SELECT COLUMN_NAME c, COLUMN_TYPE t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA=? AND TABLE_NAME='tsf' ORDER BY ORDINAL_POSITION`,
    [DB],
  );
  assert.deepEqual(
    (cols as { c: string; t: string }[]).map((x) => `${x.c} ${x.t}`),
    ['id int(11)', 'at datetime(6)', 'seen datetime(6)'],
  );
  const bad = await mySqlSinkPlugin.create().validate(props({ 'timestamp.precision.mode': 'millis' }));
  assert.deepEqual(bad.configValues.find((v) => v.name === 'timestamp.precision.mode')?.errorMessages, [
    'Invalid value millis for configuration timestamp.precision.mode: String must be one of: microseconds, nanoseconds',
  ]);
});
