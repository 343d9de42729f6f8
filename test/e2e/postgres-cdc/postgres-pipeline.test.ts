// The course's pipeline from PostgreSQL (issue 15 point 6, PostgreSQL half): rows inserted, updated
// and deleted in PostgreSQL → PostgresCdcSourceV2 (AVRO) → topic → ExtractNewRecordState →
// PostgresSink (upsert, delete.enabled) into another database: the target table reproduces the
// source table exactly (a private wal_level=logical server holds both databases).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AVRO_CDC_OUTPUT, startPipeline } from '../cdc/pipeline';
import { unwrapUpsertSink } from '../cdc/unwrap-sink-config';
import { Client } from 'pg';
import { startPgCdcEnv, stopPgCdcEnv, waitSameRows, type PgCdcEnv } from './support';

let env: PgCdcEnv;
let src: Client;
let dst: Client;
const CONNECTORS = ['pg-orders-cdc', 'pg-orders-copy'];
const TOPIC = 'pgcourse.public.orders';

before(async () => {
  env = await startPgCdcEnv('pgpipe');
  const admin = new Client({ connectionString: env.pg.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE shop');
  await admin.query('CREATE DATABASE shop_copy');
  await admin.query("CREATE ROLE cdc WITH LOGIN REPLICATION PASSWORD 'cdc-pw'");
  await admin.query("CREATE ROLE copier WITH LOGIN PASSWORD 'copier-pw'");
  await admin.query('ALTER DATABASE shop_copy OWNER TO copier');
  await admin.end();
  src = new Client({ connectionString: env.pg.url('shop') });
  await src.connect();
  await src.query(`CREATE TABLE orders (id int PRIMARY KEY, customer varchar(40) NOT NULL, qty int,
    amount numeric(10,2), placed timestamp(3), note text)`);
  await src.query('ALTER TABLE orders OWNER TO cdc');
  await src.query('GRANT CREATE ON DATABASE shop TO cdc'); // the connector creates its filtered publication
  await src.query(`INSERT INTO orders
    SELECT i, 'cust-' || (i % 17), i % 9, round(i * 1.25, 2), timestamp '2024-01-01 10:00:00' + i * interval '1 minute 1.5 second',
      CASE WHEN i % 3 = 0 THEN NULL ELSE 'n' || i END
    FROM generate_series(1, 200) i`);
  dst = new Client({ connectionString: env.pg.url('shop_copy') });
  await dst.connect();
});

after(async () => {
  await src?.end().catch(() => undefined);
  await dst?.end().catch(() => undefined);
  await stopPgCdcEnv(env, CONNECTORS);
});

const dump = async (c: Client) =>
  (
    await c.query(
      'SELECT id, customer, qty, amount::text AS amount, placed::text AS placed, note FROM orders ORDER BY id',
    )
  ).rows;

describe('PostgreSQL → PostgresCdcSourceV2 (AVRO) → ExtractNewRecordState → PostgresSink', () => {
  it('the target table equals the source after snapshot, inserts, updates and deletes', async () => {
    await startPipeline(
      env,
      {
        name: CONNECTORS[0]!,
        config: {
          'connector.class': 'PostgresCdcSourceV2',
          'database.hostname': '127.0.0.1',
          'database.port': String(env.pg.port),
          'database.user': 'cdc',
          'database.password': 'cdc-pw',
          'database.dbname': 'shop',
          'topic.prefix': 'pgcourse',
          'slot.name': 'course_slot',
          'publication.name': 'course_pub',
          'publication.autocreate.mode': 'filtered',
          'table.include.list': 'public\\.orders',
          ...AVRO_CDC_OUTPUT,
        },
      },
      TOPIC,
      {
        name: CONNECTORS[1]!,
        config: unwrapUpsertSink('PostgresSink', TOPIC, {
          port: env.pg.port,
          user: 'copier',
          password: 'copier-pw',
          db: 'shop_copy',
        }),
      },
    );
    await waitSameRows(
      env,
      'snapshot copied',
      () => dump(src),
      () => dump(dst),
      CONNECTORS,
    );

    for (let i = 201; i <= 260; i++)
      await src.query("INSERT INTO orders VALUES ($1, $2, 1, 3.50, '2024-02-01 00:00:00.125', NULL)", [i, `new-${i}`]);
    await src.query('UPDATE orders SET qty = qty + 100, amount = amount * 2 WHERE id % 5 = 0');
    await src.query('DELETE FROM orders WHERE id % 7 = 0');
    await src.query("UPDATE orders SET customer = 'renamed', note = 'x' WHERE id BETWEEN 10 AND 20");
    await src.query('BEGIN');
    await src.query("INSERT INTO orders VALUES (300, 'tx', 2, 1.00, NULL, 'in a transaction')");
    await src.query('DELETE FROM orders WHERE id = 1');
    await src.query('UPDATE orders SET qty = NULL WHERE id = 2');
    await src.query('COMMIT');
    await waitSameRows(
      env,
      'changes copied',
      () => dump(src),
      () => dump(dst),
      CONNECTORS,
    );
    const rows = await dump(dst);
    assert.equal(rows.length, 260 - Math.floor(260 / 7) + 1 - 1);
    assert.ok(!rows.some((r) => Number(r.id) % 7 === 0 || r.id === 1));
  });
});
