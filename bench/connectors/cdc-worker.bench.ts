// The CDC sources through the real runtime (issue 15). A worker process runs MariaDbCdcSource on a
// PRIVATE MariaDB with the binlog on (ROW, FULL image), or PostgresCdcSourceV2 on a private
// PostgreSQL with wal_level=logical (the machine's servers run without either):
// 1. Snapshot: a `rows`-row table (id, item, qty, price DECIMAL(10,2), updated) read by the initial
//    snapshot into the embedded broker in AVRO (key and value); rows/s from the connector's
//    creation (its row written and announced on Redis, as the Connect API does) to the last record
//    readable (its topic's high watermark), and between the first and the last record.
// 2. Streaming: `burst` rows inserted by multi-row INSERTs of 1,000 rows, as fast as the client
//    can, into the same table once the snapshot is read; rows/s from the first INSERT to the last
//    change readable in the broker.
// 3. Latency: single-row autocommit INSERTs at a steady `rate`/s for 10 s into a second table
//    captured by a second connector (JSON_SR values), 32 client connections opened beforehand and
//    2 s of untimed INSERTs at the rate first (CDC_BENCH_WARM_UP_SECONDS): a pool that opens its
//    connections during the timed phase forks 32 server backends under load, and that start-up
//    stall, not the steady state, was the p99. A consumer notes when each change is readable:
//    p50 / p99 / max from the client's acknowledgement of its COMMIT, from just before its INSERT
//    (that one includes the INSERT queueing for a pool connection), and for PostgreSQL from the
//    server's own commit time (source.ts_ms). CDC_BENCH_DUMP=file writes each change's times.
// 4. Single-row streaming: the latency connector paused in place, `singles` one-row autocommit
//    INSERTs committed meanwhile (32 connections, as fast as the server commits), then resumed:
//    changes/s from the resume to the last change readable, and from the first to the last (the
//    worker applies a resume at its next task check, every 500 ms), i.e. how fast the connector
//    streams one-row transactions (BEGIN/row/COMMIT each) without being bound by the server's commit rate.
// The private MariaDB runs with innodb_flush_log_at_trx_commit=2 and sync_binlog=0 (a commit is not
// fsynced: a 2-core VM's disk otherwise commits ~600 one-row transactions/s, below the latency
// phase's rate); PostgreSQL with synchronous_commit=on (see postgres()), off for phase 4's fill.
// Needs TEST_DATABASE_URL (or DATABASE_URL) naming a migrated database (scripts/db-migrate.ts).
//   [npm run build && WORKER_FROM_DIST=1] flock /tmp/bench.lock node scripts/run.js \
//     bench/connectors/cdc-worker.bench.ts [mariadb|postgres] [rows=1000000] [burst=200000] [rate=1000] [max.batch.size=2048] [singles=100000]
// CDC_BENCH_ROWS overrides the table's row count when `rows` is not given.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { createPool, type Pool as MyPool } from 'mysql2/promise';
import { CDC_USER, startBinlogMariaDb } from '../../libs/connectors/test/mysql-cdc/cdc-harness';
import type { PrivateMariaDb } from '../../libs/connectors/test/private-mariadb';
import {
  announceConnectorChanged,
  createConnector,
  platformKafka,
  runtimeFixture,
  spawnWorker,
} from '../../test/runtime/support';
import { startPrivatePostgres, type PrivatePostgres } from '../../test/support/private-postgres';
import { waitFor } from '../../test/support/wait-for';
import { loadAverage, stopWorker, timeCount } from '../support/sink-bench';
import { percentile } from '../support/percentile';

const FLAVOR = (process.argv[2] ?? 'mariadb') as 'mariadb' | 'postgres';
const ROWS = Number(process.argv[3] ?? process.env.CDC_BENCH_ROWS ?? 1_000_000);
const BURST = Number(process.argv[4] ?? 200_000);
const RATE = Number(process.argv[5] ?? 1000);
const MAX_BATCH = Number(process.argv[6] ?? 2048);
const SINGLES = Number(process.argv[7] ?? 100_000);
const LATENCY_SECONDS = 10;
/** Untimed changes at `rate` before the timed ones: the steady state, not the clients' and JIT's start. */
const WARM_UP_SECONDS = Number(process.env.CDC_BENCH_WARM_UP_SECONDS ?? 2);
const INSERT_ROWS = 1000;

/** The database captured: SQL in its dialect, and the connectors' properties. */
interface BenchDb {
  exec(sql: string): Promise<void>;
  /**
   * A one-row autocommit INSERT into ticks through a pool of 32 connections (the inserts of the
   * latency phase overlap, as clients' would); resolves with the row's id once it has committed.
   */
  tick(sent: number): Promise<number>;
  /** Opens every connection of tick()'s pool: clients at a steady rate are connected already. */
  connectAll(): Promise<void>;
  /** The same INSERT without waiting for durability (phase 4's fill). */
  quickTick(sent: number): Promise<void>;
  plugin: string;
  /** Connection properties, and per connector (`n`) what must differ (slot, publication). */
  props(n: number, table: string): Record<string, string>;
  /** The topic of `table` under topic.prefix `prefix`. */
  topic(prefix: string, table: string): string;
  /** An INSERT of rows `from`..`to` (inclusive) into orders. */
  insertOrders(from: number, to: number): string;
  close(): Promise<void>;
}

async function mariaDb(): Promise<BenchDb> {
  const db: PrivateMariaDb = await startBinlogMariaDb(31);
  const pool: MyPool = createPool({
    host: '127.0.0.1',
    port: db.port,
    user: 'root',
    password: '',
    connectionLimit: 32,
  });
  const exec = async (sql: string) => void (await pool.query(sql));
  await exec('SET GLOBAL innodb_flush_log_at_trx_commit = 2');
  await exec('SET GLOBAL sync_binlog = 0');
  await exec('CREATE DATABASE bench');
  await exec(`CREATE TABLE bench.orders (id INT PRIMARY KEY, item VARCHAR(32) NOT NULL, qty INT NOT NULL,
    price DECIMAL(10,2) NOT NULL, updated DATETIME(3) NOT NULL)`);
  await exec('CREATE TABLE bench.ticks (id INT AUTO_INCREMENT PRIMARY KEY, sent BIGINT NOT NULL)');
  const insertOrders = (from: number, to: number) =>
    `INSERT INTO bench.orders SELECT seq, CONCAT('item-', seq), seq % 97, seq / 100,
      '2024-01-01' + INTERVAL seq SECOND FROM bench.seq_${from}_to_${to}`;
  // the fill in 100k-row statements: one huge transaction would be one huge binlog event group
  try {
    for (let i = 1; i <= ROWS; i += 100_000) await exec(insertOrders(i, Math.min(ROWS, i + 99_999)));
  } catch (e) {
    await pool.end();
    await db.destroy();
    throw e;
  }
  return {
    exec,
    tick: async (sent) => {
      const [r] = await pool.query(`INSERT INTO bench.ticks (sent) VALUES (${sent})`);
      return (r as { insertId: number }).insertId;
    },
    connectAll: async () => {
      const conns = await Promise.all(Array.from({ length: 32 }, () => pool.getConnection()));
      for (const c of conns) c.release();
    },
    quickTick: async (sent) => void (await pool.query(`INSERT INTO bench.ticks (sent) VALUES (${sent})`)),
    plugin: 'MariaDbCdcSource',
    props: () => ({
      'database.hostname': '127.0.0.1',
      'database.port': String(db.port),
      'database.user': CDC_USER.user,
      'database.password': CDC_USER.password,
    }),
    topic: (prefix, table) => `${prefix}.bench.${table}`,
    insertOrders,
    close: async () => {
      await pool.end();
      await db.destroy();
    },
  };
}

async function postgres(): Promise<BenchDb> {
  const pg: PrivatePostgres = await startPrivatePostgres({
    // synchronous_commit on, Postgres's default: with the test helper's `off` the walsender only sees a
    // commit once the WAL writer flushes it (wal_writer_delay, 200 ms), a latency floor that is not ours
    settings: { wal_level: 'logical', max_replication_slots: '4', max_wal_senders: '4', synchronous_commit: 'on' },
  });
  const admin = new Client({ connectionString: pg.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const c = new Client({ connectionString: pg.url('bench') });
  await c.connect();
  await c.query(`CREATE TABLE orders (id int PRIMARY KEY, item varchar(32) NOT NULL, qty int NOT NULL,
    price numeric(10,2) NOT NULL, updated timestamp(3) NOT NULL)`);
  await c.query('CREATE TABLE ticks (id serial PRIMARY KEY, sent bigint NOT NULL)');
  const insertOrders = (from: number, to: number) =>
    `INSERT INTO orders SELECT g, 'item-' || g, g % 97, g / 100.0,
      timestamp '2024-01-01' + g * interval '1 second' FROM generate_series(${from}, ${to}) g`;
  await c.query(insertOrders(1, ROWS));
  const pool = new Pool({ connectionString: pg.url('bench'), max: 32 });
  const quick = new Pool({ connectionString: pg.url('bench'), max: 32, options: '-c synchronous_commit=off' });
  return {
    exec: async (sql) => void (await c.query(sql)),
    tick: async (sent) =>
      (await pool.query<{ id: number }>(`INSERT INTO ticks (sent) VALUES (${sent}) RETURNING id`)).rows[0]!.id,
    connectAll: async () => {
      const conns = await Promise.all(Array.from({ length: 32 }, () => pool.connect()));
      for (const c of conns) c.release();
    },
    quickTick: async (sent) => void (await quick.query(`INSERT INTO ticks (sent) VALUES (${sent})`)),
    plugin: 'PostgresCdcSourceV2',
    props: (n, table) => ({
      'database.hostname': '127.0.0.1',
      'database.port': String(pg.port),
      'database.user': 'postgres',
      'database.password': '',
      'database.dbname': 'bench',
      'slot.name': `bench_slot_${n}`,
      'publication.name': `bench_pub_${n}`,
      'publication.autocreate.mode': 'filtered',
      'table.include.list': `public\\.${table}`,
    }),
    topic: (prefix, table) => `${prefix}.public.${table}`,
    insertOrders,
    close: async () => {
      await pool.end();
      await quick.end();
      await c.end();
      await pg.close();
    },
  };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const db = FLAVOR === 'mariadb' ? await mariaDb() : await postgres();
  console.log(JSON.stringify({ flavor: FLAVOR, tableRows: ROWS, fillSeconds: (Date.now() - t0) / 1000 }));
  const f = await runtimeFixture();
  const worker = spawnWorker(f, 'cdc-source-bench', { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' });
  const kafka = platformKafka(f, 'cdc-bench');
  const admin = kafka.admin();
  /** Records readable in `topic`: the sum of its partitions' high watermarks (0 before it exists). */
  const readable = async (topic: string): Promise<number> => {
    try {
      const offs = await admin.fetchTopicOffsets(topic);
      return offs.reduce((n, o) => n + Number(o.high), 0);
    } catch {
      return 0;
    }
  };
  try {
    await worker.ready;
    await admin.connect();
    console.log(`load average before: ${loadAverage()}`);

    // 1. snapshot
    const ordersTopic = db.topic('cdc', 'orders');
    const created = performance.now();
    const ordersConnector = await createConnector(f, db.plugin, {
      ...db.props(1, 'orders'),
      'topic.prefix': 'cdc',
      ...(FLAVOR === 'mariadb' ? { 'table.include.list': 'bench\\.orders' } : {}),
      'snapshot.mode': 'initial',
      'output.data.format': 'AVRO',
      'output.key.format': 'AVRO',
      'max.batch.size': String(MAX_BATCH),
      'poll.interval.ms': '100',
      'tasks.max': '1',
    });
    await announceConnectorChanged(f, ordersConnector); // as the Connect API does after a create
    const snap = await timeCount('snapshot records', () => readable(ordersTopic), ROWS, 250);
    const fromStart = (performance.now() - created) / 1000;
    console.log(
      JSON.stringify({
        phase: 'snapshot',
        plugin: db.plugin,
        maxBatchSize: MAX_BATCH,
        records: snap.last,
        secondsFromCreate: Number(fromStart.toFixed(2)),
        rowsPerSecFromCreate: Math.round(ROWS / fromStart),
        secondsFirstToLast: Number(snap.seconds.toFixed(2)),
        rowsPerSecFirstToLast: snap.perSec,
      }),
    );
    console.log(`load average after the snapshot: ${loadAverage()}`);

    // 2. streaming burst into the same table
    const base = await readable(ordersTopic);
    const burstStart = performance.now();
    const inserting = (async () => {
      for (let i = ROWS + 1; i <= ROWS + BURST; i += INSERT_ROWS)
        await db.exec(db.insertOrders(i, Math.min(ROWS + BURST, i + INSERT_ROWS - 1)));
      return (performance.now() - burstStart) / 1000;
    })();
    await waitFor('burst readable', async () => (await readable(ordersTopic)) >= base + BURST, 600_000, 100);
    const burstSeconds = (performance.now() - burstStart) / 1000;
    const insertSeconds = await inserting;
    console.log(
      JSON.stringify({
        phase: 'streaming',
        plugin: db.plugin,
        rows: BURST,
        rowsPerInsert: INSERT_ROWS,
        insertSeconds: Number(insertSeconds.toFixed(2)),
        secondsToReadable: Number(burstSeconds.toFixed(2)),
        rowsPerSec: Math.round(BURST / burstSeconds),
        lagAfterLastCommitMs: Math.round((burstSeconds - insertSeconds) * 1000),
      }),
    );
    console.log(`load average after the burst: ${loadAverage()}`);

    // 3. latency: COMMIT (client side, before the autocommit INSERT) → change readable in Kafka
    const ticksTopic = db.topic('lat', 'ticks');
    const arrived = new Map<number, number>();
    /** id → the server's commit time (source.ts_ms): PostgreSQL's is the commit's own clock, in ms */
    const committedAt = new Map<number, number>();
    const consumer = kafka.consumer({ groupId: `lat-${randomBytes(3).toString('hex')}`, maxWaitTimeInMs: 20 });
    const ticksConnector = await createConnector(f, db.plugin, {
      ...db.props(2, 'ticks'),
      'topic.prefix': 'lat',
      ...(FLAVOR === 'mariadb' ? { 'table.include.list': 'bench\\.ticks' } : {}),
      'snapshot.mode': 'initial',
      // JSON_SR: plain JSON after the 5-byte Schema Registry header (the MariaDB source has no schemaless JSON)
      'output.data.format': 'JSON_SR',
      'output.key.format': 'JSON_SR',
      'max.batch.size': String(MAX_BATCH),
      'poll.interval.ms': '100',
      'tasks.max': '1',
    });
    // the topic exists once the connector streams: a first row, not timed
    await db.tick(0);
    await waitFor('ticks topic', async () => (await readable(ticksTopic)) >= 1, 30_000, 100);
    await consumer.connect();
    await consumer.subscribe({ topic: ticksTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        const now = Date.now();
        type Body = { after?: { id: number; sent: number }; source?: { ts_ms: number } };
        const v = JSON.parse(message.value.subarray(5).toString()) as Body & { payload?: Body };
        const after = v.after ?? v.payload?.after;
        if (!after || Number(after.sent) <= 0) return;
        arrived.set(after.id, now);
        const ts = v.source?.ts_ms ?? v.payload?.source?.ts_ms;
        if (ts !== undefined) committedAt.set(after.id, Number(ts));
      },
    });
    const total = RATE * LATENCY_SECONDS;
    const warmUp = RATE * WARM_UP_SECONDS;
    const inserts: Promise<unknown>[] = [];
    /** id → [time just before the INSERT, time its COMMIT was acknowledged] */
    const sentAt = new Map<number, [number, number]>();
    await db.connectAll();
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    const warmStart = Date.now();
    let start = warmStart;
    for (let i = 0; i < warmUp + total; i++) {
      const due = warmStart + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (i < warmUp) {
        inserts.push(db.tick(0)); // sent=0: not measured (the consumer skips it)
        continue;
      }
      if (i === warmUp) {
        start = Date.now();
        loopDelay.enable();
      }
      // the time just before the autocommit INSERT: the latency includes the INSERT itself
      const sent = Date.now();
      inserts.push(db.tick(sent).then((id) => void sentAt.set(id, [sent, Date.now()])));
    }
    await Promise.all(inserts);
    const achieved = total / ((Date.now() - start) / 1000);
    await waitFor('ticks read', () => arrived.size >= total, 300_000, 100);
    loopDelay.disable();
    await consumer.disconnect();
    // COMMIT → readable: from the client's acknowledgement of the COMMIT (a change can be read just
    // before the acknowledgement arrives: 0); INSERT → readable also counts the INSERT's queueing
    // in the pool and its commit (fsync of redo log and binlog/WAL)
    if (process.env.CDC_BENCH_DUMP)
      writeFileSync(
        process.env.CDC_BENCH_DUMP,
        [...arrived].map(([id, at]) => [id, ...sentAt.get(id)!, committedAt.get(id) ?? '', at].join(',')).join('\n'),
      );
    const lat = [...arrived].map(([id, at]) => Math.max(0, at - sentAt.get(id)![1])).sort((a, b) => a - b);
    const fromInsert = [...arrived].map(([id, at]) => at - sentAt.get(id)![0]).sort((a, b) => a - b);
    const commit = [...sentAt.values()].map(([a, b]) => b - a).sort((a, b) => a - b);
    // the server's COMMIT → readable (PostgreSQL only: MariaDB's binlog timestamps are whole seconds)
    const fromServerCommit =
      FLAVOR === 'postgres' ? [...arrived].map(([id, at]) => at - committedAt.get(id)!).sort((a, b) => a - b) : [];
    console.log(
      JSON.stringify({
        phase: 'latency',
        plugin: db.plugin,
        changes: total,
        ratePerSec: Math.round(achieved),
        p50Ms: percentile(lat, 50),
        p99Ms: percentile(lat, 99),
        maxMs: lat.at(-1),
        insertToReadableP50Ms: percentile(fromInsert, 50),
        insertToReadableP99Ms: percentile(fromInsert, 99),
        insertRoundTripP50Ms: percentile(commit, 50),
        insertRoundTripP99Ms: percentile(commit, 99),
        // this process (load generator, embedded broker, consumer): a stall here delays what it reads
        benchEventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
        benchEventLoopDelayMaxMs: Math.round(loopDelay.max / 1e6),
        ...(fromServerCommit.length > 0
          ? {
              serverCommitToReadableP50Ms: percentile(fromServerCommit, 50),
              serverCommitToReadableP99Ms: percentile(fromServerCommit, 99),
              serverCommitToReadableMaxMs: fromServerCommit.at(-1),
            }
          : {}),
      }),
    );
    console.log(`load average after the latency phase: ${loadAverage()}`);

    // 4. single-row changes streamed from a backlog: paused in place, filled, resumed
    const setTarget = (targetState: 'PAUSED' | 'RUNNING') =>
      f.db.connector.update({ where: { id: ticksConnector }, data: { targetState } });
    const taskState = async () =>
      (await f.db.connectorTask.findFirst({ where: { connectorId: ticksConnector } }))?.state;
    await setTarget('PAUSED');
    await waitFor('ticks connector paused', async () => (await taskState()) === 'PAUSED', 60_000, 100);
    const before = await readable(ticksTopic);
    const fillStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < SINGLES) {
          next++;
          await db.quickTick(-1);
        }
      }),
    );
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const pausedGrowth = (await readable(ticksTopic)) - before;
    const resumed = performance.now();
    await setTarget('RUNNING');
    // the worker sees the resume at its next task check (every 500 ms): also timed from the first change readable
    let firstAt: number | null = null;
    let firstCount = pausedGrowth;
    await waitFor(
      'backlog readable',
      async () => {
        const n = (await readable(ticksTopic)) - before;
        if (n > pausedGrowth && firstAt === null) {
          firstAt = performance.now();
          firstCount = n;
        }
        return n >= SINGLES;
      },
      600_000,
      20,
    );
    const firstToLastSeconds = (performance.now() - (firstAt ?? resumed)) / 1000;
    const drainSeconds = (performance.now() - resumed) / 1000;
    console.log(
      JSON.stringify({
        phase: 'single-row streaming',
        plugin: db.plugin,
        changes: SINGLES,
        fillSeconds: Number(fillSeconds.toFixed(2)),
        serverCommitsPerSec: Math.round(SINGLES / fillSeconds),
        readableWhilePaused: pausedGrowth,
        secondsFromResume: Number(drainSeconds.toFixed(2)),
        changesPerSec: Math.round((SINGLES - pausedGrowth) / drainSeconds),
        secondsFirstToLast: Number(firstToLastSeconds.toFixed(2)),
        changesPerSecFirstToLast: Math.round((SINGLES - firstCount) / firstToLastSeconds),
      }),
    );
    console.log(`load average at the end: ${loadAverage()}`);
  } catch (e) {
    console.error(worker.output.slice(-30).join('\n'));
    for (const t of await f.db.connectorTask.findMany({ where: { organizationId: f.orgId } }))
      console.error(JSON.stringify(t));
    throw e;
  } finally {
    await admin.disconnect().catch(() => undefined);
    await stopWorker(worker.proc);
    await f.close();
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
