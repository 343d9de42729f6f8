// The course's pipeline end to end (issue 15, point 6, MariaDB half): rows inserted, updated and
// deleted in MariaDB → MySqlCdcSourceV2 (AVRO) → topic → ExtractNewRecordState → MySqlSink (upsert,
// delete.enabled) into another database: the target table reproduces the source table exactly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPipeline } from '../cdc/pipeline';
import { unwrapUpsertSink } from '../cdc/unwrap-sink-config';
import { binlogCdcSource, startCdcEnv, stopCdcEnv, waitSameRows, type CdcEnv } from './support';

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
    await startPipeline(
      env,
      {
        name: 'orders-cdc',
        config: binlogCdcSource(env.db, 'course', SOURCE),
      },
      `course.${SOURCE}.orders`,
      {
        name: 'orders-copy',
        config: unwrapUpsertSink('MySqlSink', `course.${SOURCE}.orders`, {
          port: env.db.port,
          user: 'copier',
          password: 'copier-pw',
          db: TARGET,
        }),
      },
    );
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
