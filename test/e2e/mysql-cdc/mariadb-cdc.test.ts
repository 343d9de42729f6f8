/* eslint-disable @typescript-eslint/no-explicit-any -- decoded Avro records are untyped */
// MariaDbCdcSource end to end (issue 15): a PRIVATE MariaDB with the binlog on → the connector in a
// runtime, created through the Connect API (validated against the server, password encrypted) →
// the embedded broker in AVRO through our Schema Registry → a consumer decoding with
// @kafkajs/confluent-schema-registry. Covered: validate naming a missing server prerequisite,
// snapshot, inserts/updates/deletes with tombstones, one event field by field against CDC.md §4,
// Avro schema names, DDL mid-stream, a worker restart with changes made while it was down
// (nothing lost, nothing repeated).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CDC_USER,
  createConnector,
  readAll,
  req,
  runtime,
  startCdcEnv,
  stopCdcEnv,
  waitRunning,
  type CdcEnv,
} from './support';

const NAME = 'mariadb-cdc';
const TOPIC = 'shop.inv.stock';
let env: CdcEnv;

const config = (): Record<string, string> => ({
  'connector.class': 'MariaDbCdcSource',
  'database.hostname': '127.0.0.1',
  'database.port': String(env.db.port),
  'database.user': CDC_USER.user,
  'database.password': CDC_USER.password,
  'topic.prefix': 'shop',
  'table.include.list': 'inv\\.stock',
  'output.data.format': 'AVRO',
  'output.key.format': 'AVRO',
  'poll.interval.ms': '100',
});

before(async () => {
  env = await startCdcEnv('cdc', 21);
  await env.db.query('CREATE DATABASE inv');
  await env.db.query(
    'CREATE TABLE inv.stock (id INT PRIMARY KEY, sku VARCHAR(20) NOT NULL, qty INT, price DECIMAL(10,2))',
  );
  await env.db.query('CREATE TABLE inv.other (id INT PRIMARY KEY)');
  await env.db.query("INSERT INTO inv.stock VALUES (1,'A-1',3,'1.50'),(2,'B-2',4,'2.00'),(3,'C-3',5,NULL)");
  await env.db.query('INSERT INTO inv.other VALUES (1)');
});

after(async () => {
  await stopCdcEnv(env, [NAME]);
});

const opsOf = (rs: { value: any }[]) => rs.map((r) => (r.value ? r.value.op : 'tombstone'));

describe('MariaDbCdcSource end to end', () => {
  it('validate names a missing server prerequisite on its property, as Confluent does', async () => {
    const validate = async (extra: Record<string, string>) => {
      const res = await req(env, 'PUT', '/connector-plugins/MariaDbCdcSource/config/validate', {
        ...config(),
        name: NAME,
        'kafka.api.key': env.cluster.key.key,
        'kafka.api.secret': env.cluster.key.secret,
        ...extra,
      });
      assert.equal(res.status, 200, res.text);
      return Object.fromEntries(
        (res.body.configs as any[])
          .map((c) => [c.value.name, c.value.errors as string[]])
          .filter(([, e]) => e.length > 0),
      ) as Record<string, string[]>;
    };
    assert.deepEqual(await validate({}), {});
    await env.db.query("SET GLOBAL binlog_format = 'MIXED'");
    await env.db.query("SET GLOBAL binlog_row_image = 'MINIMAL'");
    try {
      const errs = await validate({});
      assert.deepEqual(Object.keys(errs), ['database.hostname']);
      assert.match(errs['database.hostname']![0]!, /not configured to use a ROW binlog_format \(it is MIXED\)/);
      assert.match(errs['database.hostname']![1]!, /binlog_row_image=FULL/);
    } finally {
      await env.db.query("SET GLOBAL binlog_format = 'ROW'");
      await env.db.query("SET GLOBAL binlog_row_image = 'FULL'");
    }
    await env.db.query("CREATE USER 'weak'@'%' IDENTIFIED BY 'weak-pw'");
    await env.db.query("GRANT SELECT, REPLICATION SLAVE ON *.* TO 'weak'@'%'");
    const weak = await validate({ 'database.user': 'weak', 'database.password': 'weak-pw' });
    assert.deepEqual(Object.keys(weak), ['database.user']);
    assert.match(
      weak['database.user']![0]!,
      /lacks the privileges the connector needs: RELOAD, SHOW DATABASES, BINLOG MONITOR/,
    );
    const denied = await validate({ 'database.password': 'wrong' });
    assert.match(denied['database.password']![0]!, /Access denied/);
    const unreachable = await validate({ 'database.port': '1' });
    assert.match(unreachable['database.hostname']![0]!, /Unable to connect/);
  });

  it('snapshot, then inserts / updates / deletes as Debezium events in AVRO', async () => {
    await createConnector(env, NAME, config());
    await waitRunning(env, NAME);
    const snap = await readAll(env, [TOPIC], 3, 60_000, [NAME]);
    assert.deepEqual(opsOf(snap), ['r', 'r', 'r']);
    assert.deepEqual(
      snap.map((r) => r.key),
      [{ id: 1 }, { id: 2 }, { id: 3 }],
    );
    await env.db.query("INSERT INTO inv.stock VALUES (4,'D-4',1,'9.99')");
    await env.db.query('UPDATE inv.stock SET qty = 7 WHERE id = 1');
    await env.db.query('DELETE FROM inv.stock WHERE id = 2');
    await env.db.query('INSERT INTO inv.other VALUES (2)'); // not captured
    const all = await readAll(env, [TOPIC], 7, 60_000, [NAME]);
    assert.deepEqual(opsOf(all), ['r', 'r', 'r', 'c', 'u', 'd', 'tombstone']);
    assert.deepEqual(all[6]!.key, { id: 2 });
  });

  it('an update event field by field (CDC.md §4.2–4.3) and the Avro schema names', async () => {
    const all = await readAll(env, [TOPIC], 7, 60_000, [NAME]);
    const u = all[4]!.value;
    assert.deepEqual(Object.keys(u), ['before', 'after', 'source', 'op', 'ts_ms', 'ts_us', 'ts_ns', 'transaction']);
    const dec = (b: Buffer) => b; // Decimal bytes: big-endian unscaled
    assert.deepEqual(u.before, { id: 1, sku: 'A-1', qty: 3, price: dec(Buffer.from([0x00, 0x96])) });
    assert.deepEqual(u.after, { id: 1, sku: 'A-1', qty: 7, price: dec(Buffer.from([0x00, 0x96])) });
    assert.equal(u.op, 'u');
    assert.equal(u.transaction, null);
    assert.ok(Math.abs(u.ts_ms - Date.now()) < 120_000);
    assert.equal(u.ts_us, u.ts_ms * 1000);
    const s = u.source;
    assert.deepEqual(Object.keys(s), [
      'version',
      'connector',
      'name',
      'ts_ms',
      'snapshot',
      'db',
      'sequence',
      'ts_us',
      'ts_ns',
      'table',
      'server_id',
      'gtid',
      'file',
      'pos',
      'row',
      'thread',
      'query',
    ]);
    assert.match(s.version, /^\d+\.\d+\.\d+\.Final$/);
    assert.equal(s.connector, 'mariadb');
    assert.equal(s.name, 'shop');
    assert.ok(s.ts_ms <= u.ts_ms && u.ts_ms - s.ts_ms < 120_000);
    assert.equal(s.snapshot, 'false');
    assert.equal(s.db, 'inv');
    assert.equal(s.sequence, null);
    assert.equal(s.table, 'stock');
    assert.equal(s.server_id, 21);
    assert.match(s.gtid, /^0-21-\d+$/);
    assert.match(s.file, /^mysql-bin\.\d+$/);
    assert.ok(s.pos > 4);
    assert.equal(s.row, 0);
    assert.equal(s.thread, null);
    assert.equal(s.query, null);
    const snapSource = all[0]!.value.source;
    assert.equal(snapSource.snapshot, 'first');
    assert.equal(all[2]!.value.source.snapshot, 'last');

    const valueSchema = (await env.registry.getSchema(await env.registry.getLatestSchemaId(`${TOPIC}-value`))) as any;
    const keySchema = (await env.registry.getSchema(await env.registry.getLatestSchemaId(`${TOPIC}-key`))) as any;
    assert.equal(valueSchema.name, 'shop.inv.stock.Envelope');
    assert.equal(keySchema.name, 'shop.inv.stock.Key');
    const before_ = valueSchema.fields.find((f: any) => f.name === 'before');
    assert.equal(before_.type.types[1].name, 'shop.inv.stock.Value');
    const source = valueSchema.fields.find((f: any) => f.name === 'source');
    assert.equal(source.type.name, 'io.debezium.connector.mariadb.Source');
  });

  it('ALTER TABLE ADD COLUMN mid-stream: later rows carry the new column', async () => {
    await env.db.query("ALTER TABLE inv.stock ADD COLUMN note VARCHAR(30) DEFAULT 'n/a'");
    await env.db.query("INSERT INTO inv.stock (id, sku, qty, note) VALUES (5,'E-5',2,'fresh')");
    await env.db.query('UPDATE inv.stock SET qty = 8 WHERE id = 3');
    const all = await readAll(env, [TOPIC], 9, 60_000, [NAME]);
    assert.deepEqual(opsOf(all.slice(7)), ['c', 'u']);
    assert.equal(all[7]!.value.after.note, 'fresh');
    assert.equal(all[8]!.value.before.note, 'n/a');
  });

  it('restart: changes made while the worker is down arrive once each, none lost or repeated', async () => {
    await env.rt!.close();
    env.rt = null;
    await env.db.query("INSERT INTO inv.stock (id, sku) VALUES (6,'F-6')");
    await env.db.query('ALTER TABLE inv.stock ADD COLUMN color VARCHAR(10)');
    await env.db.query("UPDATE inv.stock SET color = 'red' WHERE id = 6");
    await env.db.query('DELETE FROM inv.stock WHERE id = 4');
    env.rt = await runtime(env, 'w-cdc-2');
    await waitRunning(env, NAME);
    const all = await readAll(env, [TOPIC], 13, 60_000, [NAME]);
    await new Promise((r) => setTimeout(r, 1500));
    const again = await readAll(env, [TOPIC], 13, 60_000, [NAME]);
    assert.equal(again.length, 13, `no duplicates: ${opsOf(again).join(',')}`);
    assert.deepEqual(opsOf(all.slice(9)), ['c', 'u', 'd', 'tombstone']);
    assert.equal(all[9]!.value.after.id, 6);
    assert.equal(all[9]!.value.after.color, undefined, 'the row written before the ALTER has no color column');
    assert.equal(all[10]!.value.after.color, 'red');
  });
});
