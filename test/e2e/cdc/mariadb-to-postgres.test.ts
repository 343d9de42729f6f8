// The CDC pipeline across databases (issue 16, "the CDC issue's pipeline also runs into
// PostgresSink"): rows inserted, updated and deleted in MariaDB → MySqlCdcSourceV2 (AVRO) → topic →
// ExtractNewRecordState → PostgresSink (upsert by record key, delete.enabled, auto.create) into a
// private PostgreSQL: the target table reproduces the source table row by row. The columns are the
// ones whose types change on the way: BIGINT beyond 2^53 (a key and a value), DECIMAL (Connect
// Decimal → numeric), DATETIME (Connect Timestamp → timestamp), TIMESTAMP (Debezium's
// ZonedTimestamp string → text, as Confluent's sink maps a string), DATE, DOUBLE, utf8mb4 text
// (accents, CJK, emoji) and NULLs in each of them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import type { PrivateMariaDb } from '../../../libs/connectors/test/private-mariadb';
import type { PrivatePostgres } from '../../support/private-postgres';
import { binlogCdcSource, startBinlogDb, stopBinlogDb } from '../mysql-cdc/support';
import { startLogicalPostgres, stopLogicalPostgres } from '../postgres-cdc/support';
import { startPipeline } from './pipeline';
import { startCdcStack, stopCdcStack, waitSameRows, type CdcStack } from './stack';
import { unwrapUpsertSink } from './unwrap-sink-config';

let env: CdcStack;
let maria: PrivateMariaDb;
let pg: PrivatePostgres;
let dst: Client;
const CONNECTORS = ['mp-orders-cdc', 'mp-orders-copy'];
const SOURCE = 'shop';
const TOPIC = `mp.${SOURCE}.orders`;
const BIG = 9_007_199_254_740_993n; // 2^53 + 1: a JS number would round it

const NAMES = ['Zoë Ångström', '東京の顧客', 'emoji 🙂 buyer', "O'Brien", 'plain'];

before(async () => {
  maria = await startBinlogDb(41);
  pg = await startLogicalPostgres();
  env = await startCdcStack('mariapg');
  await maria.query(`CREATE DATABASE ${SOURCE} CHARACTER SET utf8mb4`);
  await maria.query(`CREATE TABLE ${SOURCE}.orders (
    id BIGINT PRIMARY KEY, customer VARCHAR(60) CHARACTER SET utf8mb4 NOT NULL, qty INT,
    amount DECIMAL(12,3), placed DATETIME(3), shipped TIMESTAMP(3) NULL DEFAULT NULL, due DATE,
    weight DOUBLE, ref BIGINT, note TEXT CHARACTER SET utf8mb4)`);
  const rows = Array.from({ length: 120 }, (_, k) => row(k + 1));
  rows.push(row(BIG), row(BIG + 1n));
  await maria.query(`INSERT INTO ${SOURCE}.orders VALUES ${rows.join(',')}`);
  const admin = new Client({ connectionString: pg.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE shop_copy');
  await admin.query("CREATE ROLE copier WITH LOGIN PASSWORD 'copier-pw'");
  await admin.query('ALTER DATABASE shop_copy OWNER TO copier');
  await admin.end();
  dst = new Client({ connectionString: pg.url('shop_copy') });
  await dst.connect();
});

after(async () => {
  await dst?.end().catch(() => undefined);
  await stopCdcStack(env, CONNECTORS);
  await stopLogicalPostgres(pg);
  await stopBinlogDb(maria);
});

/** One source row; every fourth row has NULLs where the others have values. */
function row(id: number | bigint): string {
  const i = Number(BigInt(id) % 1000n);
  const nulls = i % 4 === 0;
  const v = (x: string) => (nulls ? 'NULL' : x);
  const ms = String(i % 1000).padStart(3, '0');
  return (
    `(${id}, '${NAMES[i % NAMES.length]!.replace(/'/g, "''")}-${i}', ${v(String(i % 9))}, ` +
    `${v(`'${(i * 12.345).toFixed(3)}'`)}, ${v(`'2024-01-0${(i % 9) + 1} 10:00:00.${ms}'`)}, ` +
    `${v(`'2024-03-0${(i % 9) + 1} 23:30:00.${ms}'`)}, ${v(`'2025-0${(i % 9) + 1}-28'`)}, ` +
    `${v(String(i * 0.25))}, ${v(String(BIG + BigInt(i)))}, ${v(`'note ${i} ñ'`)})`
  );
}

// Both sides as text, normalized: times to milliseconds in UTC (the DATETIME → timestamp as written;
// the TIMESTAMP → the ZonedTimestamp text as an instant), doubles as numbers.
const sourceRows = async () =>
  (
    await maria.query<Record<string, unknown>[]>(
      `SELECT CAST(id AS CHAR) id, customer, CAST(qty AS CHAR) qty, CAST(amount AS CHAR) amount,
        DATE_FORMAT(placed, '%Y-%m-%d %H:%i:%s.%f') placed,
        CAST(ROUND(UNIX_TIMESTAMP(shipped) * 1000) AS CHAR) shipped, CAST(due AS CHAR) due,
        weight, CAST(ref AS CHAR) ref, note
       FROM ${SOURCE}.orders o ORDER BY o.id`,
    )
  ).map((r) => ({
    ...r,
    placed: r.placed === null ? null : String(r.placed).slice(0, 23), // %f is microseconds
    weight: r.weight === null ? null : Number(r.weight),
  }));

const targetRows = async () =>
  (
    await dst.query(
      `SELECT id::text, customer, qty::text, amount::text,
        to_char(placed, 'YYYY-MM-DD HH24:MI:SS.MS') placed,
        (extract(epoch FROM shipped::timestamptz) * 1000)::bigint::text shipped, due::text, weight,
        ref::text, note
       FROM orders o ORDER BY o.id`,
    )
  ).rows.map((r: Record<string, unknown>): Record<string, unknown> => ({
    ...r,
    weight: r.weight === null ? null : Number(r.weight),
  }));

describe('MariaDB → MySqlCdcSourceV2 (AVRO) → ExtractNewRecordState → PostgresSink', () => {
  it('the Postgres table equals the MariaDB table after snapshot, inserts, updates and deletes', async () => {
    await startPipeline(
      env,
      {
        name: CONNECTORS[0]!,
        config: binlogCdcSource(maria, 'mp', SOURCE),
      },
      TOPIC,
      {
        name: CONNECTORS[1]!,
        config: unwrapUpsertSink('PostgresSink', TOPIC, {
          port: pg.port,
          user: 'copier',
          password: 'copier-pw',
          db: 'shop_copy',
        }),
      },
    );
    await waitSameRows(env, 'snapshot copied', sourceRows, targetRows, CONNECTORS);

    // the column types auto.create chose for the Connect schemas
    const types = Object.fromEntries(
      (
        await dst.query(
          "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'orders' ORDER BY 1",
        )
      ).rows.map((r: { column_name: string; data_type: string }) => [r.column_name, r.data_type]),
    );
    assert.deepEqual(types, {
      amount: 'numeric',
      customer: 'text',
      due: 'date',
      id: 'bigint',
      note: 'text',
      placed: 'timestamp without time zone',
      qty: 'integer',
      ref: 'bigint',
      shipped: 'text',
      weight: 'double precision',
    });

    const t = `${SOURCE}.orders`;
    const later = Array.from({ length: 30 }, (_, k) => row(500 + k));
    await maria.query(`INSERT INTO ${t} VALUES ${later.slice(0, 15).join(',')}`);
    for (const r of later.slice(15)) await maria.query(`INSERT INTO ${t} VALUES ${r}`);
    await maria.query(`UPDATE ${t} SET qty = qty + 100, amount = amount * 2, ref = ref + 1 WHERE id % 5 = 0`);
    await maria.query(`UPDATE ${t} SET note = NULL, placed = NULL, shipped = NULL WHERE id % 6 = 1`);
    await maria.query(
      `UPDATE ${t} SET note = 'filled 🚀', amount = '0.001', shipped = '2024-12-31 23:59:59.999' WHERE id % 8 = 0`,
    );
    await maria.query(`UPDATE ${t} SET customer = 'Ñandú 北京' WHERE id BETWEEN 10 AND 20`);
    await maria.query(`DELETE FROM ${t} WHERE id % 7 = 0`);
    await maria.query(`DELETE FROM ${t} WHERE id = ${BIG}`);
    // a changed key: Debezium's delete (and tombstone) of the old key, then a create of the new one
    await maria.query(`UPDATE ${t} SET id = 9000 WHERE id = 3`);
    await maria.query(`UPDATE ${t} SET ref = ${BIG * 2n} WHERE id = ${BIG + 1n}`);
    await waitSameRows(env, 'changes copied', sourceRows, targetRows, CONNECTORS);

    const rows = await targetRows();
    assert.equal(rows.length, 120 + 2 + 30 - 17 - 4 - 1); // 17 of 1..120 and 4 of 500..529 are multiples of 7
    const ids = new Set(rows.map((r) => r.id));
    assert.ok(!ids.has('3') && ids.has('9000') && !ids.has(String(BIG)));
    assert.equal(rows.find((r) => r.id === String(BIG + 1n))?.ref, String(BIG * 2n));
    // a TIMESTAMP column arrives as Debezium's ZonedTimestamp: ISO-8601 text in UTC
    const shipped = await dst.query('SELECT shipped FROM orders WHERE id = 8');
    assert.equal(shipped.rows[0]?.shipped, '2024-12-31T23:59:59.999Z');
  });
});
