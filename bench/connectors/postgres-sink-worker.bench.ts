// PostgresSink through the real runtime: a 6-partition topic on the embedded broker is pre-filled
// with ORDERS (AVRO, our Schema Registry) by a DatagenSource connector, then a PostgresSink
// connector (UPSERT, pk record_value orderid, auto.create, Flatten$Value for ORDERS' nested
// address) is run by a worker process with `tasks` tasks: consumer group, Avro converter, transform,
// multi-row upserts, offset commits. rows/s = rows upserted between the first row appearing and the
// last, read from the table. Then, in the same run, a plain Node script upserts the same rows
// (read back from the table, 500 per multi-row statement, unnamed and prepared) into the emptied
// table, for the ratio.
// The database is a private Postgres server (durable settings: fsync, synchronous_commit and
// full_page_writes on) on a free port: the machine's Postgres on 5432 is the platform's own, which
// the worker's egress policy refuses as a target.
//   npm run build && WORKER_FROM_DIST=1 node scripts/run.js bench/connectors/postgres-sink-worker.bench.ts [records=300000] [tasks=1]
//   (BATCH_SIZES=n sets the sink's batch.sizes; WORKER_NODE_ARGS adds node flags to the worker, e.g. a CPU profile)
import { Client } from 'pg';
import { createConnector, runtimeFixture, spawnWorker } from '../../test/runtime/support';
import { startPrivatePostgres } from '../../test/support/private-postgres';
import { loadAverage as load, prefillWithDatagen, stopWorker, timeCount } from '../support/sink-bench';

const RECORDS = Number(process.argv[2] ?? 300_000);
const TASKS = Number(process.argv[3] ?? 1);
const TOPIC = 'orders';
const BATCH = 500;

/** The plain script: the table's own rows upserted again into it, emptied first; rows/s. */
async function plainUpsert(url: string, prepared: boolean): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows, fields } = await c.query({ text: `SELECT * FROM ${TOPIC}`, rowMode: 'array' });
    const cols = fields.map((x) => `"${x.name}"`);
    const tail = ` ON CONFLICT ("orderid") DO UPDATE SET ${cols
      .filter((x) => x !== '"orderid"')
      .map((x) => `${x}=EXCLUDED.${x}`)
      .join(',')}`;
    await c.query(`TRUNCATE ${TOPIC}`);
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH) as unknown[][];
      let n = 0;
      const text = `INSERT INTO "${TOPIC}" (${cols.join(',')}) VALUES ${chunk.map((r) => `(${r.map(() => `$${++n}`).join(',')})`).join(',')}${tail}`;
      await c.query({ ...(prepared ? { name: `plain_${chunk.length}` } : {}), text, values: chunk.flat() });
    }
    return Math.round((rows.length / (performance.now() - t0)) * 1000);
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const pg = await startPrivatePostgres({
    settings: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' },
  });
  const admin = new Client({ connectionString: pg.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const f = await runtimeFixture();
  const worker = spawnWorker(f, 'postgres-sink-bench', { LOG_LEVEL: 'warn' });
  const db = new Client({ connectionString: pg.url('bench') });
  await db.connect();
  try {
    await worker.ready;
    await prefillWithDatagen(f, TOPIC, RECORDS);

    console.log(`load average before the sink: ${load()}`);
    await createConnector(f, 'PostgresSink', {
      topics: TOPIC,
      'input.data.format': 'AVRO',
      'connection.host': '127.0.0.1',
      'connection.port': String(pg.port),
      'connection.user': 'postgres',
      'connection.password': '',
      'db.name': 'bench',
      'insert.mode': 'UPSERT',
      'pk.mode': 'record_value',
      'pk.fields': 'orderid',
      'auto.create': 'true',
      transforms: 'flatten',
      'transforms.flatten.type': 'org.apache.kafka.connect.transforms.Flatten$Value',
      'tasks.max': String(TASKS),
      ...(process.env.BATCH_SIZES ? { 'batch.sizes': process.env.BATCH_SIZES } : {}),
    });
    // ORDERS' orderid follows an iteration rule, so every record is its own row
    const rows = async (): Promise<number> => {
      try {
        return Number((await db.query(`SELECT COUNT(*) AS n FROM ${TOPIC}`)).rows[0].n);
      } catch {
        return 0; // table not created yet
      }
    };
    const { last, seconds, perSec: sink } = await timeCount('rows', rows, RECORDS);
    console.log(JSON.stringify({ tasks: TASKS, rows: last, seconds: Number(seconds.toFixed(2)), rowsPerSec: sink }));
    console.log(`load average after the sink: ${load()}`);
    await stopWorker(worker.proc); // nothing else may write the table now
    const unnamed = await plainUpsert(pg.url('bench'), false);
    const prepared = await plainUpsert(pg.url('bench'), true);
    console.log(
      JSON.stringify({
        plainUnnamedRowsPerSec: unnamed,
        plainPreparedRowsPerSec: prepared,
        ratioToUnnamed: Number((sink / unnamed).toFixed(2)),
        ratioToPrepared: Number((sink / prepared).toFixed(2)),
      }),
    );
    console.log(`load average at the end: ${load()}`);
  } finally {
    worker.proc.kill('SIGKILL');
    await db.end().catch(() => undefined);
    await f.close();
    await pg.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
