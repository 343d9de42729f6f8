// MySqlSource and PostgresSource tasks against the machine's MariaDB and PostgreSQL: every mode
// (bulk, incrementing, timestamp, timestamp+incrementing) and query mode, with Confluent's source
// partitions and offsets, the deferred offset of timestamp mode over equal timestamps, and restarts
// in the middle of a run that resume from the committed offset with no row lost or repeated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SourceRecord, SourceTask, Struct } from '@libs/connect-spi';
import {
  MemoryOffsets,
  mariaDb,
  pollBatch,
  pollUntil,
  postgres,
  startSource,
  tablesProp,
  type TestDb,
  useDevEgress,
} from './jdbc-source-harness';

useDevEgress();

const ids = (rs: SourceRecord[]) => rs.map((r) => Number((r.value as Struct).get('id')));

for (const open of [mariaDb, postgres]) {
  describe(`${open === mariaDb ? 'MySqlSource (MariaDB)' : 'PostgresSource'} modes`, () => {
    let db: TestDb;
    const tasks: SourceTask[] = [];
    const serial = () => (db.flavor === 'mysql' ? 'INT AUTO_INCREMENT PRIMARY KEY' : 'SERIAL PRIMARY KEY');
    const ts6 = () => (db.flavor === 'mysql' ? 'DATETIME(6)' : 'TIMESTAMP(6)');
    const start = async (props: Record<string, string>, offsets: MemoryOffsets) => {
      const t = await startSource(db, db.props(props), offsets);
      tasks.push(t);
      return t;
    };

    before(async () => {
      db = await open();
      await db.exec(`CREATE TABLE items (id ${serial()}, name VARCHAR(20) NOT NULL, updated ${ts6()} NOT NULL)`);
      await db.exec(
        `INSERT INTO items (name, updated) VALUES ('a','2024-01-01 00:00:01'),('b','2024-01-01 00:00:02'),('c','2024-01-01 00:00:02'),('d','2024-01-01 00:00:03')`,
      );
    });
    after(async () => {
      for (const t of tasks) await t.stop();
      await db?.drop();
    });

    it('bulk: the whole table every poll.interval.ms, no offsets, topic prefix + table', async () => {
      const offsets = new MemoryOffsets();
      const task = await start({ mode: 'bulk', ...tablesProp(db, 'items') }, offsets);
      const first = await pollUntil(task, offsets, (all) => all.length >= 4);
      assert.deepEqual(ids(first), [1, 2, 3, 4]);
      assert.equal(first[0]!.topic, 'src-items');
      assert.equal(first[0]!.valueSchema!.name, 'items');
      assert.equal(first[0]!.key, null);
      const schema = db.flavor === 'mysql' ? db.name : 'public';
      assert.deepEqual(first[0]!.sourcePartition, { protocol: '1', table: `${schema}.items` });
      assert.equal(first[0]!.sourceOffset, null);
      const again = await pollUntil(task, offsets, (all) => all.length >= 4);
      assert.deepEqual(ids(again), [1, 2, 3, 4]);
      await task.stop();
    });

    it('incrementing: new rows only, offset {incrementing}, resumes after a restart in the middle of a run', async () => {
      const offsets = new MemoryOffsets();
      const props = { mode: 'incrementing', 'batch.max.rows': '2', ...tablesProp(db, 'items') };
      let task = await start(props, offsets); // incrementing.column.name empty: the auto-increment column
      const first = await pollBatch(task, offsets);
      assert.deepEqual(ids(first), [1, 2]);
      assert.deepEqual(first[1]!.sourceOffset, { incrementing: 2 });
      await task.stop(); // stopped with rows 3 and 4 of the run unread
      await db.exec(`INSERT INTO items (name, updated) VALUES ('e','2024-01-01 00:00:04')`);
      task = await start(props, offsets);
      const rest = await pollUntil(task, offsets, (all) => all.length >= 3);
      assert.deepEqual(ids(rest), [3, 4, 5]);
      assert.deepEqual(rest[2]!.sourceOffset, { incrementing: 5 });
      const none = await pollUntil(task, offsets, () => false, 800).catch((e: Error) => e);
      assert.match(String(none), /after 0 records/, 'nothing repeated');
      await task.stop();
    });

    it('timestamp: rows with equal timestamps carry the deferred offset; a restart mid-group re-reads the group only', async () => {
      const offsets = new MemoryOffsets();
      const props = {
        mode: 'timestamp',
        'timestamp.column.name': 'updated',
        'batch.max.rows': '2',
        ...tablesProp(db, 'items'),
      };
      let task = await start(props, offsets);
      const first = await pollBatch(task, offsets);
      assert.deepEqual(ids(first), [1, 2]);
      const sec = (n: number) => Date.UTC(2024, 0, 1, 0, 0, n);
      // row 1 (T1) is complete (row 2 has T2); row 2 shares T2 with row 3: still T1
      assert.deepEqual(first[0]!.sourceOffset, { timestamp: sec(1), timestamp_nanos: 0 });
      assert.deepEqual(first[1]!.sourceOffset, { timestamp: sec(1), timestamp_nanos: 0 });
      await task.stop();
      task = await start(props, offsets);
      const rest = await pollUntil(task, offsets, (all) => all.length >= 4);
      assert.deepEqual(ids(rest), [2, 3, 4, 5], 'the T2 group again, nothing of T1');
      assert.deepEqual(rest[1]!.sourceOffset, { timestamp: sec(2), timestamp_nanos: 0 });
      assert.deepEqual(rest[3]!.sourceOffset, { timestamp: sec(4), timestamp_nanos: 0 });
      await db.exec(`UPDATE items SET updated = '2024-01-01 00:00:05.123456' WHERE id = 1`);
      const upd = await pollUntil(task, offsets, (all) => all.length >= 1);
      assert.deepEqual(ids(upd), [1]);
      assert.deepEqual(upd[0]!.sourceOffset, { timestamp: sec(5) + 123, timestamp_nanos: 123_456_000 });
      assert.equal(((upd[0]!.value as Struct).get('updated') as Date).getTime(), sec(5) + 123);
      await task.stop();
    });

    it('timestamp+incrementing: restart resumes exactly after the last committed (ts, id)', async () => {
      await db.exec(`CREATE TABLE events (id ${serial()}, note VARCHAR(10), changed ${ts6()} NOT NULL)`);
      const values = Array.from({ length: 7 }, (_, i) => `('n${i + 1}','2024-02-01 00:00:0${i < 4 ? 1 : 2}')`);
      await db.exec(`INSERT INTO events (note, changed) VALUES ${values.join(',')}`);
      const offsets = new MemoryOffsets();
      const props = {
        mode: 'timestamp+incrementing',
        'timestamp.column.name': 'changed',
        'incrementing.column.name': 'id',
        'batch.max.rows': '3',
        ...tablesProp(db, 'events'),
      };
      let task = await start(props, offsets);
      const first = await pollBatch(task, offsets);
      assert.deepEqual(ids(first), [1, 2, 3]);
      assert.deepEqual(first[2]!.sourceOffset, {
        incrementing: 3,
        timestamp: Date.UTC(2024, 1, 1, 0, 0, 1),
        timestamp_nanos: 0,
      });
      await task.stop();
      await db.exec(`UPDATE events SET changed = '2024-02-01 00:00:03', note = 'upd' WHERE id = 2`);
      task = await start(props, offsets);
      const rest = await pollUntil(task, offsets, (all) => all.length >= 5);
      assert.deepEqual(ids(rest), [4, 5, 6, 7, 2], 'each row once, the updated one again at its new time');
      assert.equal((rest[4]!.value as Struct).get('note'), 'upd');
      const none = await pollUntil(task, offsets, () => false, 800).catch((e: Error) => e);
      assert.match(String(none), /after 0 records/);
      await task.stop();
    });

    it('timestamp.delay.interval.ms: rows newer than now − delay wait; timestamp.initial skips older rows', async () => {
      await db.exec(`CREATE TABLE recent (id ${serial()}, at ${ts6()} NOT NULL)`);
      const nowText = db.flavor === 'mysql' ? 'UTC_TIMESTAMP(6)' : "(now() AT TIME ZONE 'UTC')";
      await db.exec(`INSERT INTO recent (at) VALUES ('2020-01-01 00:00:00'), (${nowText})`);
      const offsets = new MemoryOffsets();
      const task = await start(
        {
          mode: 'timestamp',
          'timestamp.column.name': 'at',
          'timestamp.delay.interval.ms': '3000',
          'timestamp.initial': String(Date.UTC(2021, 0, 1)),
          ...tablesProp(db, 'recent'),
        },
        offsets,
      );
      const t0 = Date.now();
      const rs = await pollUntil(task, offsets, (all) => all.length >= 1);
      assert.deepEqual(ids(rs), [2], 'the 2020 row is before timestamp.initial');
      assert.ok(Date.now() - t0 >= 1500, 'the new row waited for the delay');
      await task.stop();
    });

    it('query mode: topic = topic.prefix, partition {query}, the incremental clause appended', async () => {
      const offsets = new MemoryOffsets();
      const task = await start(
        {
          query: 'SELECT * FROM (SELECT id, UPPER(name) AS big FROM items) q',
          mode: 'incrementing',
          'incrementing.column.name': 'id',
          'topic.prefix': 'items-upper',
        },
        offsets,
      );
      const rs = await pollUntil(task, offsets, (all) => all.length >= 5);
      assert.deepEqual(ids(rs), [1, 2, 3, 4, 5]);
      assert.equal(rs[0]!.topic, 'items-upper');
      assert.deepEqual(rs[0]!.sourcePartition, { query: 'query' });
      assert.deepEqual(rs[4]!.sourceOffset, { incrementing: 5 });
      assert.equal(rs[0]!.valueSchema!.name, null);
      assert.equal((rs[0]!.value as Struct).get('big'), 'A');
      await task.stop();
    });
  });
}
