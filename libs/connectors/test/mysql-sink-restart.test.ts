// MySqlSink across a MariaDB restart mid-stream. The shared MariaDB on 3306 must not be disturbed,
// so this test initialises and runs a PRIVATE server (own datadir, socket and port under a tmpdir),
// SIGKILLs / SIGTERMs it while put() is inside its transaction and starts it again on the same
// datadir and port: put() must retry until the server is back, every record's row must be present
// exactly once, and preCommit must never return an offset past the rows that are committed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SchemaBuilder, SinkRecord, Struct, type OffsetMap } from '@libs/connect-spi';
import { EgressPolicy, MySqlSinkTask } from '../src';
import { PrivateMariaDb } from './private-mariadb';

const DB = 'cp_restart';
const TOPIC = 'restart';
let db: PrivateMariaDb;
let task: MySqlSinkTask | null = null;

before(async () => {
  db = await PrivateMariaDb.create();
  await db.query(`CREATE DATABASE ${DB}`);
});

after(async () => {
  await task?.stop().catch(() => undefined);
  await db?.destroy();
});

const orderSchema = SchemaBuilder.struct()
  .name('ksql.orders')
  .field('orderid', SchemaBuilder.int32().build())
  .field('itemid', SchemaBuilder.string().build())
  .field('orderunits', SchemaBuilder.float64().build())
  .build();

test('MariaDB restart mid-stream (SIGKILL and SIGTERM inside a put): retried, no row lost or duplicated, preCommit never ahead', async () => {
  const t = new MySqlSinkTask();
  task = t;
  t.hooks.policy = new EgressPolicy({ devMode: true });
  let retries = 0;
  t.hooks.onRetry = () => retries++;
  await t.start({
    name: 'mysql-sink-restart',
    'connector.class': 'MySqlSink',
    'connection.host': '127.0.0.1',
    'connection.port': String(db.port),
    'connection.user': 'root',
    'connection.password': '',
    'db.name': DB,
    'input.data.format': 'AVRO',
    topics: TOPIC,
    'tasks.max': '1',
    'auto.create': 'true',
    'insert.mode': 'UPSERT',
    'pk.mode': 'record_value',
    'pk.fields': 'orderid',
    'batch.sizes': '50',
    'max.retries': '200',
    'retry.backoff.ms': '100',
  });

  let next = 0; // kafka offset == orderid
  const batch = (n: number) =>
    Array.from({ length: n }, () => {
      const id = next++;
      const v = new Struct(orderSchema)
        .put('orderid', id)
        .put('itemid', `Item_${id}`)
        .put('orderunits', id / 2);
      return new SinkRecord(TOPIC, 0, null, null, orderSchema, v, id);
    });
  const current = (): OffsetMap =>
    new Map([[`${TOPIC}-0`, { topicPartition: { topic: TOPIC, partition: 0 }, offset: next }]]);
  const committedOffset = async (): Promise<number> => (await t.preCommit(current())).get(`${TOPIC}-0`)?.offset ?? 0;

  // Offsets preCommit returned while a put was stuck (server down), with the last put that completed.
  const duringOutage: { returned: number; completed: number }[] = [];
  let completed = 0;
  let restarts = 0;
  let restarting: Promise<void> | null = null;
  let armed: NodeJS.Signals | null = null;
  t.hooks.afterStatement = async (n) => {
    if (!armed || n % 3 !== 0) return; // a few statements into the transaction
    const signal = armed;
    armed = null;
    await db.stop(signal);
    restarts++;
    duringOutage.push({ returned: await committedOffset(), completed });
    // Bring it back a little later on the same datadir/port; the writer retries meanwhile.
    restarting = new Promise((r) => setTimeout(r, 500)).then(() => db.start());
  };

  const puts: [string, NodeJS.Signals | null][] = [
    ['warm-up', null],
    ['SIGKILL inside the transaction', 'SIGKILL'],
    ['after the crash restart', null],
    ['SIGTERM inside the transaction', 'SIGTERM'],
    ['after the clean restart', null],
  ];
  for (const [label, signal] of puts) {
    armed = signal;
    retries = 0;
    await t.put(batch(400));
    if (signal) {
      assert.equal(armed, null, `${label}: the server was not stopped`);
      assert.ok(retries >= 1, `${label}: put() was not retried (${retries})`);
    }
    await restarting;
    restarting = null;
    completed = next;
    const offset = await committedOffset();
    assert.equal(offset, next, `${label}: preCommit after a successful put`);
    const [row] = await db.query<{ n: number }[]>(`SELECT COUNT(*) n FROM \`${TOPIC}\` WHERE orderid < ${offset}`, DB);
    assert.equal(row.n, offset, `${label}: preCommit returned ${offset} but only ${row.n} rows are committed`);
  }

  assert.equal(restarts, 2);
  assert.equal(duringOutage.length, 2);
  for (const o of duringOutage)
    assert.ok(o.returned <= o.completed, `preCommit returned ${o.returned} while only ${o.completed} were committed`);

  const [stats] = await db.query<{ n: number; d: number; lo: number; hi: number; bad: number }[]>(
    `SELECT COUNT(*) n, COUNT(DISTINCT orderid) d, MIN(orderid) lo, MAX(orderid) hi,
       SUM(itemid <> CONCAT('Item_', orderid) OR orderunits <> orderid / 2) bad FROM \`${TOPIC}\``,
    DB,
  );
  assert.deepEqual(
    { n: stats.n, d: stats.d, lo: stats.lo, hi: stats.hi, bad: Number(stats.bad) },
    { n: next, d: next, lo: 0, hi: next - 1, bad: 0 },
  );
  await t.stop();
  task = null;
});
