// MySqlSink through the real runtime: a 6-partition topic on the embedded broker is pre-filled with
// ORDERS (AVRO, our Schema Registry) by a DatagenSource connector, then a MySqlSink connector
// (UPSERT, pk record_value orderid, auto.create, Flatten$Value for ORDERS' nested address) is run
// by a worker process with `tasks` tasks: consumer group, Avro converter, transform, multi-row
// upserts into MariaDB, offset commits. rows/s = rows upserted between the first row appearing and
// the last, read from the table.
//   npm run build && WORKER_FROM_DIST=1 node scripts/run.js bench/connectors/mysql-sink-worker.bench.ts [records=300000] [tasks=1]
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { createConnector, runtimeFixture, spawnWorker } from '../../test/runtime/support';
import { prefillWithDatagen, timeCount } from '../support/sink-bench';

const RECORDS = Number(process.argv[2] ?? 300_000);
const TASKS = Number(process.argv[3] ?? 1);
const TOPIC = 'orders';

async function main(): Promise<void> {
  const f = await runtimeFixture();
  const worker = spawnWorker(f, 'mysql-sink-bench', { LOG_LEVEL: 'warn' });
  const dbName = `cp_bench_${randomBytes(3).toString('hex')}`;
  const mysql = await createConnection({ host: '127.0.0.1', user: 'root', password: '' });
  await mysql.query(`CREATE DATABASE ${dbName}`);
  try {
    await worker.ready;
    await prefillWithDatagen(f, TOPIC, RECORDS);

    await createConnector(f, 'MySqlSink', {
      topics: TOPIC,
      'input.data.format': 'AVRO',
      'connection.host': '127.0.0.1',
      'connection.port': '3306',
      'connection.user': 'root',
      'connection.password': '',
      'db.name': dbName,
      'insert.mode': 'UPSERT',
      'pk.mode': 'record_value',
      'pk.fields': 'orderid',
      'auto.create': 'true',
      transforms: 'flatten',
      'transforms.flatten.type': 'org.apache.kafka.connect.transforms.Flatten$Value',
      'tasks.max': String(TASKS),
    });
    // ORDERS' orderid follows an iteration rule, so every record is its own row
    const rows = async (): Promise<number> => {
      try {
        const [r] = await mysql.query(`SELECT COUNT(*) AS n FROM \`${dbName}\`.\`${TOPIC}\``);
        return Number((r as { n: number }[])[0].n);
      } catch {
        return 0; // table not created yet
      }
    };
    const { last, seconds, perSec } = await timeCount('rows', rows, RECORDS);
    console.log(JSON.stringify({ tasks: TASKS, rows: last, seconds: Number(seconds.toFixed(2)), rowsPerSec: perSec }));
  } finally {
    worker.proc.kill('SIGKILL');
    await mysql.query(`DROP DATABASE IF EXISTS ${dbName}`).catch(() => undefined);
    await mysql.end();
    await f.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
