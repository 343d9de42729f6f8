// MySqlSink across a MariaDB restart mid-stream. The shared MariaDB on 3306 must not be disturbed,
// so this test initialises and runs a PRIVATE server (own datadir, socket and port under a tmpdir),
// SIGKILLs / SIGTERMs it while put() is inside its transaction and starts it again on the same
// datadir and port: put() must retry until the server is back, every record's row must be present
// exactly once, and preCommit must never return an offset past the rows that are committed.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createConnection } from 'mysql2/promise';
import { SchemaBuilder, SinkRecord, Struct, type OffsetMap } from '@libs/connect-api';
import { EgressPolicy, MySqlSinkTask } from '../src';

const DB = 'cp_restart';
const TOPIC = 'restart';
let dir = '';
let port = 0;
let server: ChildProcess | null = null;
let task: MySqlSinkTask | null = null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function errLog(): string {
  try {
    return readFileSync(join(dir, 'err.log'), 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no err.log)';
  }
}

/** Starts mariadbd on the private datadir/port and waits until it accepts connections. */
async function startServer(): Promise<void> {
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${join(dir, 'data')}`,
      `--port=${port}`,
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--log-error=${join(dir, 'err.log')}`,
      '--bind-address=127.0.0.1',
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=16M',
    ],
    { stdio: 'ignore' },
  );
  server = child;
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`mariadbd exited during startup:\n${errLog()}`);
    try {
      const c = await createConnection({ host: '127.0.0.1', port, user: 'root', password: '', connectTimeout: 1000 });
      await c.end();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`mariadbd not ready after 30 s:\n${errLog()}`, { cause: e });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Signals the private server and waits until the process is gone. */
async function stopServer(signal: NodeJS.Signals): Promise<void> {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

async function query<T>(sql: string): Promise<T> {
  const c = await createConnection({ host: '127.0.0.1', port, user: 'root', password: '', database: DB });
  try {
    const [rows] = await c.query(sql);
    return rows as T;
  } finally {
    await c.end();
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-mariadb-restart-'));
  const install = spawnSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${join(dir, 'data')}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(install.status, 0, `mariadb-install-db failed:\n${install.stdout}\n${install.stderr}`);
  port = await freePort();
  await startServer();
  const c = await createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
  await c.query(`CREATE DATABASE ${DB}`);
  await c.end();
});

after(async () => {
  await task?.stop().catch(() => undefined);
  await stopServer('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const orderSchema = SchemaBuilder.struct()
  .name('ksql.orders')
  .field('orderid', SchemaBuilder.int32().build())
  .field('itemid', SchemaBuilder.string().build())
  .field('orderunits', SchemaBuilder.float64().build())
  .build();

test('MariaDB restart mid-stream (SIGKILL and SIGTERM inside a put): retried, no row lost or duplicated, preCommit never ahead', async () => {
  const t = new MySqlSinkTask();
  task = t;
  t.hooks.policy = new EgressPolicy({ devMode: true });
  let retries = 0;
  t.hooks.onRetry = () => retries++;
  await t.start({
    name: 'mysql-sink-restart',
    'connector.class': 'MySqlSink',
    'connection.host': '127.0.0.1',
    'connection.port': String(port),
    'connection.user': 'root',
    'connection.password': '',
    'db.name': DB,
    'input.data.format': 'AVRO',
    topics: TOPIC,
    'tasks.max': '1',
    'auto.create': 'true',
    'insert.mode': 'UPSERT',
    'pk.mode': 'record_value',
    'pk.fields': 'orderid',
    'batch.sizes': '50',
    'max.retries': '200',
    'retry.backoff.ms': '100',
  });

  let next = 0; // kafka offset == orderid
  const batch = (n: number) =>
    Array.from({ length: n }, () => {
      const id = next++;
      const v = new Struct(orderSchema)
        .put('orderid', id)
        .put('itemid', `Item_${id}`)
        .put('orderunits', id / 2);
      return new SinkRecord(TOPIC, 0, null, null, orderSchema, v, id);
    });
  const current = (): OffsetMap =>
    new Map([[`${TOPIC}-0`, { topicPartition: { topic: TOPIC, partition: 0 }, offset: next }]]);
  const committedOffset = async (): Promise<number> => (await t.preCommit(current())).get(`${TOPIC}-0`)?.offset ?? 0;

  // Offsets preCommit returned while a put was stuck (server down), with the last put that completed.
  const duringOutage: { returned: number; completed: number }[] = [];
  let completed = 0;
  let restarts = 0;
  let restarting: Promise<void> | null = null;
  let armed: NodeJS.Signals | null = null;
  t.hooks.afterStatement = async (n) => {
    if (!armed || n % 3 !== 0) return; // a few statements into the transaction
    const signal = armed;
    armed = null;
    await stopServer(signal);
    restarts++;
    duringOutage.push({ returned: await committedOffset(), completed });
    // Bring it back a little later on the same datadir/port; the writer retries meanwhile.
    restarting = new Promise((r) => setTimeout(r, 500)).then(startServer);
  };

  const puts: [string, NodeJS.Signals | null][] = [
    ['warm-up', null],
    ['SIGKILL inside the transaction', 'SIGKILL'],
    ['after the crash restart', null],
    ['SIGTERM inside the transaction', 'SIGTERM'],
    ['after the clean restart', null],
  ];
  for (const [label, signal] of puts) {
    armed = signal;
    retries = 0;
    await t.put(batch(400));
    if (signal) {
      assert.equal(armed, null, `${label}: the server was not stopped`);
      assert.ok(retries >= 1, `${label}: put() was not retried (${retries})`);
    }
    await restarting;
    restarting = null;
    completed = next;
    const offset = await committedOffset();
    assert.equal(offset, next, `${label}: preCommit after a successful put`);
    const [row] = await query<{ n: number }[]>(`SELECT COUNT(*) n FROM \`${TOPIC}\` WHERE orderid < ${offset}`);
    assert.equal(row.n, offset, `${label}: preCommit returned ${offset} but only ${row.n} rows are committed`);
  }

  assert.equal(restarts, 2);
  assert.equal(duringOutage.length, 2);
  for (const o of duringOutage)
    assert.ok(o.returned <= o.completed, `preCommit returned ${o.returned} while only ${o.completed} were committed`);

  const [stats] = await query<{ n: number; d: number; lo: number; hi: number; bad: number }[]>(
    `SELECT COUNT(*) n, COUNT(DISTINCT orderid) d, MIN(orderid) lo, MAX(orderid) hi,
       SUM(itemid <> CONCAT('Item_', orderid) OR orderunits <> orderid / 2) bad FROM \`${TOPIC}\``,
  );
  assert.deepEqual(
    { n: stats.n, d: stats.d, lo: stats.lo, hi: stats.hi, bad: Number(stats.bad) },
    { n: next, d: next, lo: 0, hi: next - 1, bad: 0 },
  );
  await t.stop();
  task = null;
});
