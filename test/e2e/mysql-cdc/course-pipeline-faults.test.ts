/* eslint-disable @typescript-eslint/no-explicit-any -- query rows are untyped */
// The course's pipeline under faults (issue 15 point 6): MariaDB → MySqlCdcSourceV2 (AVRO) →
// ExtractNewRecordState → MySqlSink (upsert, delete.enabled), in real worker processes, while a
// writer keeps inserting, updating and deleting rows one autocommit statement at a time. In the
// middle: SIGKILL the worker running the CDC task (a replacement starts), SIGKILL the worker
// running the sink task (another replacement), restart the broker. At the end the target table
// equals the source: at-least-once into Kafka (the CDC task resumes from its last committed binlog
// offset) and idempotent into the sink (upserts and deletes by key).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UNWRAP_UPSERT_INTO_ORDERS } from '../cdc/unwrap-sink-config';
import { startBinlogMariaDb, CDC_USER } from '../../../libs/connectors/test/mysql-cdc/cdc-harness';
import type { PrivateMariaDb } from '../../../libs/connectors/test/private-mariadb';
import {
  createConnector,
  platformKafka,
  runtimeFixture,
  spawnWorker,
  tasksOf,
  type RuntimeFixture,
  type SpawnedWorker,
} from '../../runtime/support';
import { waitFor } from '../../support/wait-for';

const SOURCE = 'fault_src';
const TARGET = 'fault_copy';
const TOPIC = `faultcourse.${SOURCE}.orders`;

describe('MariaDB → MySqlCdcSourceV2 → MySqlSink under two worker SIGKILLs and a broker restart', () => {
  let f: RuntimeFixture;
  let db: PrivateMariaDb;
  const workers: SpawnedWorker[] = [];
  let seq = 0;
  const startWorker = async () => {
    const w = spawnWorker(f, `cdcf${++seq}`, { WORKER_CAPACITY: '4', CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' });
    workers.push(w);
    await w.ready;
    return w;
  };
  const alive = (w: SpawnedWorker) => w.proc.exitCode === null && w.proc.signalCode === null;

  before(async () => {
    f = await runtimeFixture();
    db = await startBinlogMariaDb(41);
    await db.query(`CREATE DATABASE ${SOURCE}`);
    await db.query(`CREATE DATABASE ${TARGET}`);
    await db.query(
      `CREATE TABLE ${SOURCE}.orders (id INT PRIMARY KEY, customer VARCHAR(40) NOT NULL, qty INT, amount DECIMAL(10,2))`,
    );
    const rows = Array.from(
      { length: 300 },
      (_, i) => `(${i + 1}, 'cust-${i % 13}', ${i % 9}, '${(i * 1.5).toFixed(2)}')`,
    );
    await db.query(`INSERT INTO ${SOURCE}.orders VALUES ${rows.join(',')}`);
    await Promise.all([startWorker(), startWorker()]);
  });

  after(async () => {
    for (const w of workers) if (alive(w)) w.proc.kill('SIGKILL');
    await db?.destroy();
    await f?.close();
  });

  const dump = (name: string) =>
    db.query<any[]>(`SELECT id, customer, qty, CAST(amount AS CHAR) amount FROM ${name}.orders ORDER BY id`);

  /** The task's worker once it RUNs on a live worker other than `not` (after a failover). */
  const runningOn = async (connectorId: string, not?: string) =>
    waitFor(
      `${connectorId} RUNNING${not ? ` elsewhere than ${not}` : ''}`,
      async () => {
        const [t] = await tasksOf(f, connectorId);
        if (t?.state === 'FAILED') throw new Error(`${connectorId} FAILED: ${t.trace}`);
        return t?.state === 'RUNNING' && t.workerId && t.workerId !== not ? t.workerId : undefined;
      },
      60_000,
      100,
    );

  const kill = async (connectorId: string) => {
    const holder = await runningOn(connectorId);
    const victim = workers.find((w) => w.id === holder)!;
    victim.proc.kill('SIGKILL');
    await new Promise((r) => victim.proc.once('exit', r));
    const replacement = startWorker();
    process.stdout.write(`# SIGKILL ${victim.id} (running ${connectorId})\n`);
    await runningOn(connectorId, victim.id);
    await replacement;
  };

  it('the target table equals the source at the end', { timeout: 400_000 }, async () => {
    const cdcId = await createConnector(f, 'MySqlCdcSourceV2', {
      'database.hostname': '127.0.0.1',
      'database.port': String(db.port),
      'database.user': CDC_USER.user,
      'database.password': CDC_USER.password,
      'database.ssl.mode': 'disabled',
      'topic.prefix': 'faultcourse',
      'database.include.list': SOURCE,
      'output.data.format': 'AVRO',
      'output.key.format': 'AVRO',
      'poll.interval.ms': '100',
      'tasks.max': '1',
    });
    await runningOn(cdcId);
    const admin = platformKafka(f, 'cdc-faults').admin();
    await admin.connect();
    await waitFor('source topic', async () => ((await admin.listTopics()).includes(TOPIC) ? true : undefined), 60_000);
    await admin.disconnect();
    const sinkId = await createConnector(f, 'MySqlSink', {
      topics: TOPIC,
      'input.data.format': 'AVRO',
      'input.key.format': 'AVRO',
      'connection.host': '127.0.0.1',
      'connection.port': String(db.port),
      'connection.user': 'root',
      'connection.password': '',
      'db.name': TARGET,
      ...UNWRAP_UPSERT_INTO_ORDERS,
      'tasks.max': '1',
    });
    await runningOn(sinkId);

    // the writer: one autocommit statement at a time, until told to stop
    let writing = true;
    let statements = 0;
    let nextId = 301;
    const writer = (async () => {
      while (writing) {
        const k = statements++ % 4;
        const id = 1 + Math.floor(Math.random() * (nextId - 1));
        if (k === 0 || k === 2)
          await db.query(`INSERT INTO ${SOURCE}.orders VALUES (${nextId++}, 'w-${statements}', 1, '2.50')`);
        else if (k === 1)
          await db.query(`UPDATE ${SOURCE}.orders SET qty = qty + 1, amount = amount + 1 WHERE id = ${id}`);
        else await db.query(`DELETE FROM ${SOURCE}.orders WHERE id = ${id}`);
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    const rowsIn = async (name: string) =>
      (await db.query<any[]>(`SELECT COUNT(*) n FROM ${name}.orders`).catch(() => [{ n: 0 }]))[0].n;
    await waitFor('target filling', async () => (Number(await rowsIn(TARGET)) > 0 ? true : undefined), 60_000, 200);

    await kill(cdcId);
    await kill(sinkId);
    process.stdout.write(`# broker restart after ${statements} statements\n`);
    await f.restartBroker();
    const after = statements;
    await waitFor('writes after the restart', async () => (statements > after + 200 ? true : undefined), 60_000, 100);
    writing = false;
    await writer;
    process.stdout.write(`# ${statements} statements written\n`);

    const source = await dump(SOURCE);
    await waitFor(
      'target equals source',
      async () => (JSON.stringify(await dump(TARGET).catch(() => [])) === JSON.stringify(source) ? true : undefined),
      120_000,
      500,
    ).catch(async (e: Error) => {
      const target = await dump(TARGET);
      const byId = new Map(target.map((r) => [r.id, r]));
      const missing = source.filter((r) => JSON.stringify(byId.get(r.id)) !== JSON.stringify(r));
      const ids = new Set(source.map((r) => r.id));
      const extra = target.filter((r) => !ids.has(r.id));
      const states = await Promise.all([cdcId, sinkId].map(async (id) => JSON.stringify(await tasksOf(f, id))));
      throw new Error(
        `${e.message}: source ${source.length}, target ${target.length}; differing ${missing.length} ` +
          `(first ${JSON.stringify(missing[0])} vs ${JSON.stringify(byId.get(missing[0]?.id))}), extra ${extra.length}; ${states.join(' ').slice(0, 3000)}`,
      );
    });
    assert.ok(source.length > 300);
  });
});
