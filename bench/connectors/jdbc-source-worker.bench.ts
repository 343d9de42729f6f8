// The JDBC polling sources through the real runtime. A worker process runs one MySqlSource (the
// machine's MariaDB) or PostgresSource (a private Postgres: the machine's one is the platform's
// own, which the worker's egress policy refuses) task:
// 1. Throughput: a `rows`-row table (id, item, qty, price DECIMAL(10,2), updated) read in
//    incrementing mode into the embedded broker in AVRO; records/s between the first and the last
//    record the broker took in.
// 2. Latency: single-row autocommit INSERTs at a steady `rate`/s for 10 s into a second table read
//    in incrementing mode (JSON, poll.interval.ms = `poll`); each row carries the client's time
//    just before its INSERT, and a consumer notes when the record is readable: p50 / p99 / max.
//    The pool's 8 connections are opened and the connector created before 2 s of untimed rows at
//    the rate (JDBC_BENCH_WARM_UP_SECONDS): the steady state, not the start-up.
//   npm run build && WORKER_FROM_DIST=1 flock /tmp/bench.lock node scripts/run.js \
//     bench/connectors/jdbc-source-worker.bench.ts [mysql|postgres] [rows=1000000] [batch.max.rows=1000] [rate=1000] [poll=100]
import { randomBytes } from 'node:crypto';
import { createConnection, createPool } from 'mysql2/promise';
import { Client, Pool } from 'pg';
import { createConnector, platformKafka, runtimeFixture, spawnWorker } from '../../test/runtime/support';
import { startPrivatePostgres, type PrivatePostgres } from '../../test/support/private-postgres';
import { waitFor } from '../../test/support/wait-for';
import { loadAverage, recordsIn, stopWorker, timeCount } from '../support/sink-bench';
import { percentile } from '../support/percentile';

const FLAVOR = (process.argv[2] ?? 'mysql') as 'mysql' | 'postgres';
const ROWS = Number(process.argv[3] ?? 1_000_000);
const BATCH = Number(process.argv[4] ?? 1000);
const RATE = Number(process.argv[5] ?? 1000);
const POLL = Number(process.argv[6] ?? 100);
const LATENCY_SECONDS = 10;
/** Untimed rows at `rate` before the timed ones (the connector's start, the clients' connections). */
const WARM_UP_SECONDS = Number(process.env.JDBC_BENCH_WARM_UP_SECONDS ?? 2);

/** The database to read: SQL in its dialect, and the connector's connection properties. */
interface BenchDb {
  exec(sql: string): Promise<void>;
  /** Through a pool of 8 connections: the inserts of the latency phase overlap, as clients' would. */
  pooled(sql: string): Promise<void>;
  /** Opens every connection of the pool: clients at a steady rate are connected already. */
  connectAll(): Promise<void>;
  connection: Record<string, string>;
  close(): Promise<void>;
}

async function mariaDb(): Promise<BenchDb> {
  const name = `cp_bench_${randomBytes(3).toString('hex')}`;
  const c = await createConnection({ host: '127.0.0.1', user: 'root', password: '' });
  await c.query(`CREATE DATABASE ${name}`);
  await c.query(`USE ${name}`);
  await c.query(`CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(32) NOT NULL, qty INT NOT NULL,
    price DECIMAL(10,2) NOT NULL, updated DATETIME(3) NOT NULL)`);
  await c.query(`INSERT INTO orders (item, qty, price, updated) SELECT CONCAT('item-', seq), seq % 97, seq / 100,
    '2024-01-01' + INTERVAL seq SECOND FROM seq_1_to_${ROWS}`);
  await c.query('CREATE TABLE ticks (id INT AUTO_INCREMENT PRIMARY KEY, sent BIGINT NOT NULL)');
  const pool = createPool({ host: '127.0.0.1', user: 'root', password: '', database: name, connectionLimit: 8 });
  return {
    exec: async (sql) => void (await c.query(sql)),
    pooled: async (sql) => void (await pool.query(sql)),
    connectAll: async () => {
      for (const conn of await Promise.all(Array.from({ length: 8 }, () => pool.getConnection()))) conn.release();
    },
    connection: { 'connection.port': '3306', 'connection.user': 'root', 'db.name': name },
    close: async () => {
      await pool.end();
      await c.query(`DROP DATABASE ${name}`);
      await c.end();
    },
  };
}

async function postgres(): Promise<BenchDb> {
  const pg: PrivatePostgres = await startPrivatePostgres();
  const admin = new Client({ connectionString: pg.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const c = new Client({ connectionString: pg.url('bench') });
  await c.connect();
  await c.query(`CREATE TABLE orders (id serial PRIMARY KEY, item varchar(32) NOT NULL, qty int NOT NULL,
    price numeric(10,2) NOT NULL, updated timestamp(3) NOT NULL)`);
  await c.query(`INSERT INTO orders (item, qty, price, updated) SELECT 'item-' || g, g % 97, g / 100.0,
    timestamp '2024-01-01' + g * interval '1 second' FROM generate_series(1, ${ROWS}) g`);
  await c.query('CREATE TABLE ticks (id serial PRIMARY KEY, sent bigint NOT NULL)');
  const pool = new Pool({ connectionString: pg.url('bench'), max: 8 });
  return {
    exec: async (sql) => void (await c.query(sql)),
    pooled: async (sql) => void (await pool.query(sql)),
    connectAll: async () => {
      for (const conn of await Promise.all(Array.from({ length: 8 }, () => pool.connect()))) conn.release();
    },
    connection: { 'connection.port': String(pg.port), 'connection.user': 'postgres', 'db.name': 'bench' },
    close: async () => {
      await pool.end();
      await c.end();
      await pg.close();
    },
  };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const db = FLAVOR === 'mysql' ? await mariaDb() : await postgres();
  console.log(JSON.stringify({ flavor: FLAVOR, tableRows: ROWS, fillSeconds: (Date.now() - t0) / 1000 }));
  const f = await runtimeFixture();
  const worker = spawnWorker(f, 'jdbc-source-bench', { LOG_LEVEL: 'warn' });
  const plugin = FLAVOR === 'mysql' ? 'MySqlSource' : 'PostgresSource';
  const base = {
    'connection.host': '127.0.0.1',
    'connection.password': '',
    ...db.connection,
    mode: 'incrementing',
    'incrementing.column.name': 'id',
    'tasks.max': '1',
  };
  try {
    await worker.ready;
    console.log(`load average before: ${loadAverage()}`);
    await createConnector(f, plugin, {
      ...base,
      'table.whitelist': 'orders',
      'topic.prefix': 'bench-',
      'output.data.format': 'AVRO',
      'batch.max.rows': String(BATCH),
      'poll.interval.ms': '5000',
    });
    const read = await timeCount('records', () => recordsIn(f), ROWS);
    console.log(
      JSON.stringify({
        plugin,
        batchMaxRows: BATCH,
        records: read.last,
        seconds: Number(read.seconds.toFixed(2)),
        recordsPerSec: read.perSec,
      }),
    );
    console.log(`load average after the table: ${loadAverage()}`);

    // latency: COMMIT (client side, after the INSERT returned) → record readable in Kafka
    const arrived = new Map<number, number>();
    const consumer = platformKafka(f, 'jdbc-latency').consumer({ groupId: `lat-${randomBytes(3).toString('hex')}` });
    await consumer.connect();
    await consumer.subscribe({ topic: 'ticks-ticks', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const v = JSON.parse(message.value!.toString()) as { id: number; sent: number };
        if (v.sent > 0) arrived.set(v.id, Date.now() - v.sent);
      },
    });
    await createConnector(f, plugin, {
      ...base,
      'table.whitelist': 'ticks',
      'topic.prefix': 'ticks-',
      'output.data.format': 'JSON',
      'batch.max.rows': String(BATCH),
      'poll.interval.ms': String(POLL),
    });
    const total = RATE * LATENCY_SECONDS;
    const warmUp = RATE * WARM_UP_SECONDS;
    const inserts: Promise<void>[] = [];
    await db.connectAll();
    const warmStart = Date.now();
    let start = warmStart;
    for (let i = 0; i < warmUp + total; i++) {
      const due = warmStart + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (i === warmUp) start = Date.now();
      // the time just before the autocommit INSERT: the latency includes the INSERT itself (sent=0:
      // a warm-up row, not measured)
      inserts.push(db.pooled(`INSERT INTO ticks (sent) VALUES (${i < warmUp ? 0 : Date.now()})`));
    }
    await Promise.all(inserts);
    const achieved = total / ((Date.now() - start) / 1000);
    // concurrent inserts commit out of id order now and then: incrementing mode skips such a row
    // (JDBC-SOURCE.md §6), so the wait ends once nothing more arrives for 10 s
    let seen = { n: -1, at: Date.now() };
    await waitFor(
      'ticks read',
      () => {
        if (arrived.size !== seen.n) seen = { n: arrived.size, at: Date.now() };
        return arrived.size >= total || Date.now() - seen.at > 10_000;
      },
      300_000,
      100,
    );
    await consumer.disconnect();
    const lat = [...arrived.values()].sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        plugin,
        pollIntervalMs: POLL,
        changes: total,
        skipped: total - arrived.size,
        ratePerSec: Math.round(achieved),
        p50Ms: percentile(lat, 50),
        p99Ms: percentile(lat, 99),
        maxMs: lat.at(-1),
      }),
    );
    console.log(`load average at the end: ${loadAverage()}`);
  } finally {
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
