// Datagen through the real runtime: one DatagenSource task (max.interval=0, ORDERS) run by a worker
// process against the embedded broker, for each output format; records/s = the broker's appended
// records for the cluster over a fixed window after the task is RUNNING.
//   npm run build && WORKER_FROM_DIST=1 node scripts/run.js bench/connectors/datagen-worker.bench.ts [seconds=20] [formats=JSON,AVRO]
import { createConnector, runtimeFixture, spawnWorker } from '../../test/runtime/support';
import { waitFor } from '../../test/support/wait-for';

function recordsIn(metrics: string, clusterId: string): number {
  const m = new RegExp(`^broker_records_in_total\\{cluster="${clusterId}"\\} (\\d+)`, 'm').exec(metrics);
  return m ? Number(m[1]) : 0;
}

async function measure(format: string, seconds: number): Promise<{ records: number; recordsPerSec: number }> {
  // A fixture (cluster, broker, worker) per format, so the broker's per-cluster counter sees one task.
  const f = await runtimeFixture();
  const worker = spawnWorker(f, `datagen-bench-${format.toLowerCase()}`, { LOG_LEVEL: 'warn' });
  try {
    await worker.ready;
    const id = await createConnector(
      f,
      'DatagenSource',
      {
        'kafka.topic': `orders-${format.toLowerCase()}`,
        quickstart: 'ORDERS',
        'output.data.format': format,
        'max.interval': '0',
        'tasks.max': '1',
      },
      { name: `datagen-${format}` },
    );
    await waitFor(
      'task RUNNING',
      async () => (await f.db.connectorTask.count({ where: { connectorId: id, state: 'RUNNING' } })) === 1,
      60_000,
      200,
    );
    await new Promise((r) => setTimeout(r, 3000)); // warm-up: schema registration, JIT
    const before = recordsIn(await f.broker.metricsText(), f.clusterId);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const records = recordsIn(await f.broker.metricsText(), f.clusterId) - before;
    return { records, recordsPerSec: Math.round(records / ((performance.now() - t0) / 1000)) };
  } finally {
    worker.proc.kill('SIGKILL');
    await f.close();
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 20);
  for (const format of (process.argv[3] ?? 'JSON,AVRO').split(',')) {
    console.log(JSON.stringify({ format, seconds, ...(await measure(format, seconds)) }));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
