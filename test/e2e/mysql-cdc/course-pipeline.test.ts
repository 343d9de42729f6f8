// The course's pipeline end to end (issue 15, point 6, MariaDB half): rows inserted, updated and
// deleted in MariaDB → MySqlCdcSourceV2 (AVRO) → topic → ExtractNewRecordState → MySqlSink (upsert,
// delete.enabled) into another database: the target table reproduces the source table exactly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UNWRAP_UPSERT_INTO_ORDERS } from '../cdc/unwrap-sink-config';
import {
  CDC_USER,
  createConnector,
  startCdcEnv,
  stopCdcEnv,
  waitRunning,
  waitSameRows,
  waitTopic,
  type CdcEnv,
} from './support';

let env: CdcEnv;
const SOURCE = 'shop_src';
const TARGET = 'shop_copy';

before(async () => {
  env = await startCdcEnv('cdcpipe', 31);
  await env.db.query(`CREATE DATABASE ${SOURCE}`);
  await env.db.query(`CREATE DATABASE ${TARGET}`);
  await env.db.query("CREATE USER 'copier'@'%' IDENTIFIED BY 'copier-pw'");
  await env.db.query(`GRANT ALL ON ${TARGET}.* TO 'copier'@'%'`);
  await env.db.query(
    `CREATE TABLE ${SOURCE}.orders (id INT PRIMARY KEY, customer VARCHAR(40) NOT NULL, qty INT, amount DECIMAL(10,2), placed DATETIME(3))`,
  );
  const rows = Array.from(
    { length: 200 },
    (_, i) =>
      `(${i + 1}, 'cust-${i % 17}', ${i % 9}, '${(i * 1.25).toFixed(2)}', '2024-01-0${(i % 9) + 1} 10:00:00.${String(i).padStart(3, '0')}')`,
  );
  await env.db.query(`INSERT INTO ${SOURCE}.orders VALUES ${rows.join(',')}`);
});

after(async () => {
  await stopCdcEnv(env, ['orders-cdc', 'orders-copy']);
});

const dump = (db: string) =>
  env.db.query<Record<string, unknown>[]>(
    `SELECT id, customer, qty, CAST(amount AS CHAR) amount, CAST(placed AS CHAR) placed FROM ${db}.orders ORDER BY id`,
  );

describe('MariaDB → MySqlCdcSourceV2 (AVRO) → ExtractNewRecordState → MySqlSink', () => {
  it('the target table equals the source after snapshot, inserts, updates and deletes', async () => {
    await createConnector(env, 'orders-cdc', {
      'connector.class': 'MySqlCdcSourceV2',
      'database.hostname': '127.0.0.1',
      'database.port': String(env.db.port),
      'database.user': CDC_USER.user,
      'database.password': CDC_USER.password,
      'database.ssl.mode': 'disabled',
      'topic.prefix': 'course',
      'database.include.list': SOURCE,
      'output.data.format': 'AVRO',
      'output.key.format': 'AVRO',
      'poll.interval.ms': '100',
      // Connect's Timestamp, which the JDBC sink writes as DATETIME (Debezium's int64 ms would be a BIGINT)
      'time.precision.mode': 'connect',
    });
    await waitRunning(env, 'orders-cdc');
    await waitTopic(env, `course.${SOURCE}.orders`);
    await createConnector(env, 'orders-copy', {
      'connector.class': 'MySqlSink',
      topics: `course.${SOURCE}.orders`,
      'input.data.format': 'AVRO',
      'input.key.format': 'AVRO',
      'connection.host': '127.0.0.1',
      'connection.port': String(env.db.port),
      'connection.user': 'copier',
      'connection.password': 'copier-pw',
      'db.name': TARGET,
      ...UNWRAP_UPSERT_INTO_ORDERS,
    });
    await waitRunning(env, 'orders-cdc');
    await waitRunning(env, 'orders-copy');
    const pipeline = ['orders-cdc', 'orders-copy'];
    await waitSameRows(
      env,
      'snapshot copied',
      () => dump(SOURCE),
      () => dump(TARGET),
      pipeline,
    );

    for (let i = 201; i <= 260; i++)
      await env.db.query(
        `INSERT INTO ${SOURCE}.orders VALUES (${i}, 'new-${i}', 1, '3.50', '2024-02-01 00:00:00.000')`,
      );
    await env.db.query(`UPDATE ${SOURCE}.orders SET qty = qty + 100, amount = amount * 2 WHERE id % 5 = 0`);
    await env.db.query(`DELETE FROM ${SOURCE}.orders WHERE id % 7 = 0`);
    await env.db.query(`UPDATE ${SOURCE}.orders SET customer = 'renamed' WHERE id BETWEEN 10 AND 20`);
    await waitSameRows(
      env,
      'changes copied',
      () => dump(SOURCE),
      () => dump(TARGET),
      pipeline,
    );
    const rows = await dump(TARGET);
    assert.equal(rows.length, 260 - Math.floor(260 / 7));
    assert.ok(!rows.some((r) => Number(r.id) % 7 === 0));
  });
});
