// The MariaDB CDC task against a PRIVATE MariaDB with the binlog on (ROW, FULL): snapshot, then
// inserts / updates / deletes, a DDL mid-stream, and a restart that resumes exactly (no change
// lost, none repeated) from the committed offset, and a purged position.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SourceRecord, Struct } from '@libs/connect-spi';
import { BinlogCdcTask, EgressPolicy, MariaDbCdcTask } from '../../src';
import type { PrivateMariaDb } from '../private-mariadb';
import { MemoryOffsets, cdcProps, pollUntil, startBinlogMariaDb, startTask } from './cdc-harness';

let db: PrivateMariaDb;

before(async () => {
  BinlogCdcTask.egressPolicyOverride = new EgressPolicy({ devMode: true });
  db = await startBinlogMariaDb();
  await db.query('CREATE DATABASE inv');
  await db.query('CREATE TABLE inv.stock (id INT PRIMARY KEY, sku VARCHAR(20) NOT NULL, qty INT, price DECIMAL(10,2))');
  await db.query("INSERT INTO inv.stock VALUES (1,'A-1',3,'1.50'),(2,'B-2',4,'2.00'),(3,'C-3',5,NULL)");
});

after(async () => {
  BinlogCdcTask.egressPolicyOverride = null;
  await db?.destroy();
});

const ops = (rs: SourceRecord[]) =>
  rs.filter((r) => r.topic === 'shop.inv.stock').map((r) => (r.value ? String((r.value as Struct).get('op')) : 'tomb'));
const after_ = (r: SourceRecord) => (r.value as Struct).get('after') as Struct | null;

describe('MariaDbCdcSource task', () => {
  const offsets = new MemoryOffsets();
  let task: MariaDbCdcTask;

  it('snapshots the table (op=r, first/last markers, snapshot position), then streams c/u/d with tombstones', async () => {
    task = new MariaDbCdcTask();
    await startTask(task, cdcProps(db), offsets);
    const snap = await pollUntil(task, offsets, (all) => all.length >= 3);
    assert.deepEqual(ops(snap), ['r', 'r', 'r']);
    const markers = snap.map((r) => ((r.value as Struct).get('source') as Struct).get('snapshot'));
    assert.deepEqual(markers, ['first', 'true', 'last']);
    assert.equal((snap[0]!.key as Struct).get('id'), 1);
    assert.equal(snap[0]!.keySchema?.name, 'shop.inv.stock.Key');
    assert.equal(snap[0]!.valueSchema?.name, 'shop.inv.stock.Envelope');
    assert.equal(snap[2]!.sourceOffset?.snapshot, undefined, 'the last snapshot record completes the snapshot');

    await db.query("INSERT INTO inv.stock VALUES (4,'D-4',1,'9.99')");
    await db.query('UPDATE inv.stock SET qty = 7 WHERE id = 1');
    await db.query('DELETE FROM inv.stock WHERE id = 2');
    const changes = await pollUntil(task, offsets, (all) => all.length >= 4);
    assert.deepEqual(ops(changes), ['c', 'u', 'd', 'tomb']);
    const upd = changes[1]!.value as Struct;
    assert.equal((upd.get('before') as Struct).get('qty'), 3);
    assert.equal((upd.get('after') as Struct).get('qty'), 7);
    const src = upd.get('source') as Struct;
    assert.equal(src.get('connector'), 'mariadb');
    assert.equal(src.get('snapshot'), 'false');
    assert.match(String(src.get('gtid')), /^0-11-\d+$/);
    assert.equal(src.get('server_id'), 11);
  });

  it('decodes rows after ALTER TABLE ADD COLUMN with the new column', async () => {
    await db.query("ALTER TABLE inv.stock ADD COLUMN note VARCHAR(30) DEFAULT 'n/a'");
    await db.query("INSERT INTO inv.stock (id, sku, qty, note) VALUES (5,'E-5',2,'fresh')");
    const rs = await pollUntil(task, offsets, (all) => all.length >= 1);
    assert.deepEqual(ops(rs), ['c']);
    assert.equal(after_(rs[0]!)!.get('note'), 'fresh');
    await task.stop();
  });

  it('resumes after a restart from the committed offset: no change lost or repeated, old rows decode with the old columns', async () => {
    // changes while the task is down, one before another DDL
    await db.query("INSERT INTO inv.stock (id, sku, qty) VALUES (6,'F-6',1)");
    await db.query('ALTER TABLE inv.stock ADD COLUMN color VARCHAR(10)');
    await db.query("UPDATE inv.stock SET color = 'red' WHERE id = 6");
    task = new MariaDbCdcTask();
    await startTask(task, cdcProps(db), offsets);
    const rs = await pollUntil(task, offsets, (all) => all.length >= 2);
    assert.deepEqual(ops(rs), ['c', 'u']);
    assert.equal(after_(rs[0]!)!.get('id'), 6);
    assert.equal(after_(rs[1]!)!.get('color'), 'red');
    const more = await pollUntil(task, offsets, () => false, 1500).catch((e: Error) => e);
    assert.ok(more instanceof Error && /after 0 records/.test(more.message), 'nothing repeated');
    await task.stop();
  });

  it('a purged binlog position fails the task with a clear message (and snapshots again under when_needed)', async () => {
    await db.query('FLUSH BINARY LOGS');
    await db.query("INSERT INTO inv.stock (id, sku) VALUES (7,'G-7')");
    await db.query('FLUSH BINARY LOGS');
    const [{ f }] = await db.query<{ f: string }[]>("SELECT SUBSTRING_INDEX(@@log_bin_basename, '/', -1) AS f");
    const logs = await db.query<{ Log_name: string }[]>('SHOW BINARY LOGS');
    await db.query(`PURGE BINARY LOGS TO '${logs.at(-1)!.Log_name}'`);
    assert.ok(f);
    task = new MariaDbCdcTask();
    await assert.rejects(startTask(task, cdcProps(db), offsets), /no longer available on the server.*when_needed/s);
    task = new MariaDbCdcTask();
    await startTask(task, cdcProps(db, { 'snapshot.mode': 'when_needed' }), offsets);
    const rs = await pollUntil(task, offsets, (all) => all.length >= 6);
    assert.deepEqual(ops(rs), ['r', 'r', 'r', 'r', 'r', 'r']);
    await task.stop();
  });
});
