/* eslint-disable @typescript-eslint/no-explicit-any -- decoded Avro records are untyped */
// PostgresCdcSourceV2 end to end (issue 15 point 2): a PRIVATE PostgreSQL with wal_level=logical
// (the machine's runs with replica) → the connector in a runtime, created through the Connect API
// → the embedded broker in AVRO through our Schema Registry → a consumer decoding with
// @kafkajs/confluent-schema-registry. Covered: validate naming wal_level / REPLICATION on their
// properties, snapshot from the slot's exported snapshot, insert/update/delete with REPLICA
// IDENTITY FULL before-images and key-only deletes (DEFAULT), one event field by field against
// CDC.md §4, Avro schema names, a worker restart with changes made meanwhile (nothing lost or
// repeated), the slot's confirmed LSN moving only after records are committed, and the slot
// dropped when the connector is deleted (Connector.onDelete run by the runtime after the task
// stopped; not while a walsender still holds it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { PrismaService } from '@libs/db';
import { dropPostgresCdcSlot } from '@libs/connectors';
import { waitFor } from '../../support/wait-for';
import {
  createConnector,
  readAll,
  req,
  runtime,
  startPgCdcEnv,
  stopPgCdcEnv,
  waitRunning,
  type PgCdcEnv,
} from './support';

const NAME = 'pg-cdc';
const T_ITEMS = 'shop.public.items';
let db: Client;
let env: PgCdcEnv;
let updateLsn = 0;

const config = (): Record<string, string> => ({
  'connector.class': 'PostgresCdcSourceV2',
  'database.hostname': '127.0.0.1',
  'database.port': String(env.pg.port),
  'database.user': 'cdc',
  'database.password': 'cdc-secret',
  'database.dbname': 'inv',
  'topic.prefix': 'shop',
  'slot.name': 'shop_slot',
  'publication.name': 'shop_pub',
  'publication.autocreate.mode': 'filtered',
  'table.include.list': 'public\\.(items|plain)',
  'output.data.format': 'AVRO',
  'output.key.format': 'AVRO',
  'poll.interval.ms': '100',
});

const q = (sql: string, params: unknown[] = []) => db.query(sql, params);

before(async () => {
  env = await startPgCdcEnv('pgcdc');
  const admin = new Client({ connectionString: env.pg.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE inv');
  await admin.query("CREATE ROLE cdc WITH LOGIN REPLICATION PASSWORD 'cdc-secret'");
  await admin.query("CREATE ROLE norepl WITH LOGIN PASSWORD 'x'");
  await admin.end();
  db = new Client({ connectionString: env.pg.url('inv') });
  await db.connect();
  await q("CREATE TYPE mood AS ENUM ('sad','ok','happy')");
  await q(`CREATE TABLE items (id int PRIMARY KEY, sku varchar(20) NOT NULL, qty int, price numeric(10,2),
    ts timestamptz, d date, doc jsonb, u uuid, tags text[], m mood, b bytea, f double precision, flag boolean, big bigint)`);
  await q('ALTER TABLE items REPLICA IDENTITY FULL');
  await q('CREATE TABLE plain (id int PRIMARY KEY, v text)'); // REPLICA IDENTITY DEFAULT
  await q('CREATE TABLE other (id int PRIMARY KEY)');
  await q('ALTER TABLE items OWNER TO cdc');
  await q('ALTER TABLE plain OWNER TO cdc');
  await q('GRANT SELECT ON ALL TABLES IN SCHEMA public TO cdc');
  await q('GRANT CREATE ON DATABASE inv TO cdc');
  await q(`INSERT INTO items VALUES
    (1,'A-1',3,1.50,'2024-01-02 03:04:05.5+00','2024-01-02','{"a":1}','6f1c7a1e-2b0c-4b9e-9d0e-1a2b3c4d5e6f','{x,y}','ok','\\x01ff',1.25,true,9007199254740993),
    (2,'B-2',4,2.00,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL)`);
  await q("INSERT INTO plain VALUES (1,'one'),(2,'two')");
});

after(async () => {
  await db?.end().catch(() => undefined);
  await stopPgCdcEnv(env, [NAME]);
});

const opsOf = (rs: { value: any }[]) => rs.map((r) => (r.value ? r.value.op : 'tombstone'));

const slotState = async (slot: string) =>
  (await q('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [slot])).rows[0] as
    { active: boolean } | undefined;

const pendingDeletions = async () =>
  Number(
    (
      await env.stack.api.app.get(PrismaService, { strict: false }).$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM "ConnectorDeletion" WHERE "organizationId" = ${env.tenant.organizationId}::uuid`
    )[0]!.n,
  );

const slotLsn = async () =>
  (await q("SELECT confirmed_flush_lsn::text AS l FROM pg_replication_slots WHERE slot_name = 'shop_slot'")).rows[0]
    ?.l as string | undefined;

describe('PostgresCdcSourceV2 end to end', () => {
  it('validate names a missing REPLICATION attribute on database.user', async () => {
    const validate = async (extra: Record<string, string>) => {
      const res = await req(env, 'PUT', '/connector-plugins/PostgresCdcSourceV2/config/validate', {
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
    const errs = await validate({ 'database.user': 'norepl', 'database.password': 'x' });
    assert.deepEqual(Object.keys(errs), ['database.user']);
    assert.match(errs['database.user']![0]!, /LOGIN and REPLICATION are not assigned to user: norepl/);
    const bad = await validate({ 'slot.name': 'Bad-Slot' });
    assert.ok(bad['slot.name']);
  });

  it('snapshot, then insert/update/delete; one event field by field; Avro names', async () => {
    await createConnector(env, NAME, config());
    await waitRunning(env, NAME);
    const snap = await readAll(env, [T_ITEMS, 'shop.public.plain'], 4, 60_000, [NAME]);
    assert.deepEqual(opsOf(snap).sort(), ['r', 'r', 'r', 'r']);
    const r1 = snap.find((r) => r.topic === T_ITEMS && r.key.id === 1)!;
    const a = r1.value.after;
    assert.equal(a.sku, 'A-1');
    assert.equal(a.ts, '2024-01-02T03:04:05.5Z');
    assert.equal(a.d, 19724);
    assert.equal(a.doc, '{"a": 1}');
    assert.equal(a.u, '6f1c7a1e-2b0c-4b9e-9d0e-1a2b3c4d5e6f');
    assert.deepEqual(a.tags, ['x', 'y']);
    assert.equal(a.m, 'ok');
    assert.deepEqual(Buffer.from(a.b), Buffer.from([1, 255]));
    assert.equal(a.f, 1.25);
    assert.equal(a.flag, true);
    assert.equal(BigInt(a.big), 9007199254740993n);
    assert.equal(r1.value.source.connector, 'postgresql');
    assert.equal(r1.value.source.snapshot, 'first');

    await q("INSERT INTO items (id, sku, qty, price) VALUES (3, 'C-3', 5, 9.99)");
    await q('UPDATE items SET qty = 7 WHERE id = 1');
    await q('DELETE FROM items WHERE id = 2');
    await q('DELETE FROM plain WHERE id = 1');
    await q('INSERT INTO other VALUES (1)'); // not captured
    const all = await readAll(env, [T_ITEMS, 'shop.public.plain'], 4 + 1 + 1 + 2 + 2, 60_000, [NAME]);
    const items = all.filter((r) => r.topic === T_ITEMS).sort((x, y) => x.offset - y.offset);
    assert.deepEqual(opsOf(items), ['r', 'r', 'c', 'u', 'd', 'tombstone']);
    const u = items[3]!;
    // the update, field by field (CDC.md §4.2–4.3, Postgres source block)
    assert.deepEqual({ ...u.key }, { id: 1 });
    assert.equal(u.value.op, 'u');
    assert.equal(u.value.before.qty, 3); // REPLICA IDENTITY FULL: the whole old row
    assert.equal(u.value.before.sku, 'A-1');
    assert.equal(u.value.after.qty, 7);
    const s = u.value.source;
    assert.equal(s.version, '3.2.0.Final');
    assert.equal(s.connector, 'postgresql');
    assert.equal(s.name, 'shop');
    assert.equal(s.snapshot, 'false');
    assert.equal(s.db, 'inv');
    assert.equal(s.schema, 'public');
    assert.equal(s.table, 'items');
    assert.equal(typeof Number(s.txId), 'number');
    assert.ok(Number(s.lsn) > 0);
    updateLsn = Number(s.lsn);
    const seq = JSON.parse(s.sequence);
    assert.equal(seq.length, 2);
    assert.equal(seq[1], String(s.lsn));
    assert.ok(Math.abs(Number(s.ts_ms) - Date.now()) < 60_000);
    assert.equal(typeof u.value.ts_ms, 'number');
    assert.equal(u.value.transaction, null);
    // key-only delete with REPLICA IDENTITY DEFAULT
    const plainDel = all.find((r) => r.topic === 'shop.public.plain' && r.value?.op === 'd')!;
    assert.deepEqual({ ...plainDel.value.before }, { id: 1, v: null });
    // Avro schema names as Debezium's
    const id = (bytes: Buffer) => bytes.readInt32BE(1);
    const envelope = await env.registry.getSchema(id(u.valueBytes!));
    const keySchema = await env.registry.getSchema(id(u.keyBytes!));
    assert.equal((envelope as any).name, 'shop.public.items.Envelope');
    assert.equal((keySchema as any).name, 'shop.public.items.Key');
  });

  it('acknowledges the LSN to the server after the records are committed; a restart loses and repeats nothing', async () => {
    // the update's transaction is committed in Kafka and stored: the server may now free its WAL
    const num = (l: string) => parseInt(l.split('/')[0]!, 16) * 2 ** 32 + parseInt(l.split('/')[1]!, 16);
    await waitFor(
      'slot confirmed_flush_lsn past the update',
      async () => (num((await slotLsn()) ?? '0/0') > updateLsn ? true : undefined),
      30_000,
    );
    await env.rt!.close();
    env.rt = null;
    await q("INSERT INTO items (id, sku) VALUES (4, 'D-4')");
    await q('UPDATE items SET qty = 8 WHERE id = 3');
    env.rt = await runtime(env, 'w-pgcdc-2');
    const all = await readAll(env, [T_ITEMS], 8, 60_000, [NAME]);
    await new Promise((r) => setTimeout(r, 1500));
    const again = await readAll(env, [T_ITEMS], 8, 60_000, [NAME]);
    const ops = opsOf(again.sort((x, y) => x.offset - y.offset));
    assert.deepEqual(ops, ['r', 'r', 'c', 'u', 'd', 'tombstone', 'c', 'u'], JSON.stringify(ops));
    assert.equal(all.length >= 8, true);
    const last = again[again.length - 1]!;
    assert.equal(last.value.after.qty, 8);
  });

  it('deleting the connector drops its replication slot (Connector.onDelete, once its task stopped)', async () => {
    assert.equal((await slotState('shop_slot'))?.active, true);
    const res = await req(env, 'DELETE', `/connectors/${NAME}`);
    assert.ok(res.status < 300, res.text);
    await waitFor('slot dropped', async () => ((await slotState('shop_slot')) ? undefined : true), 30_000);
    await waitFor('clean-up row gone', async () => ((await pendingDeletions()) === 0 ? true : undefined), 10_000);
  });

  it('a slot still held by a walsender is not dropped; the drop succeeds once it is free', async () => {
    await q("SELECT pg_create_logical_replication_slot('held_slot', 'pgoutput')");
    const holder = new Client({ connectionString: env.pg.url('inv'), replication: 'database' } as any);
    await holder.connect();
    // the walsender holds the slot while this command streams (it never returns by itself)
    holder
      .query("START_REPLICATION SLOT held_slot LOGICAL 0/0 (proto_version '1', publication_names 'shop_pub')")
      .catch(() => undefined);
    await waitFor('held_slot active', async () => ((await slotState('held_slot'))?.active ? true : undefined), 10_000);
    const held = { ...config(), 'slot.name': 'held_slot' };
    await assert.rejects(dropPostgresCdcSlot(held), /Replication slot 'held_slot' is still active/);
    await holder.end().catch(() => undefined);
    await waitFor(
      'held_slot released',
      async () => ((await slotState('held_slot'))?.active === false ? true : undefined),
      10_000,
    );
    assert.equal(await dropPostgresCdcSlot(held), true);
    assert.equal(await slotState('held_slot'), undefined);
    assert.equal(await dropPostgresCdcSlot(held), false); // idempotent: nothing left to drop
  });
});
