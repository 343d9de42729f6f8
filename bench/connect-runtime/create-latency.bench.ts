// (a) create → all tasks RUNNING latency over N connectors (default 100), with real worker
// processes on the real broker, Postgres (test database) and Redis.
//   node scripts/run.js bench/connect-runtime/create-latency.bench.ts [connectors=100] [workers=2] [notify=0|1]
// notify=1 also publishes `connectors:changed` after each insert (what an API can do to skip the
// reconciler's polling interval); notify=0 relies on the periodic pass (CONNECT_RECONCILE_INTERVAL_MS).
import { Redis } from 'ioredis';
import { CONNECTOR_CHANGED_CHANNEL } from '@libs/redis';
import { allTasksIn, createConnector, runtimeFixture, spawnWorker } from '../../test/runtime/support';
import { waitFor } from '../../test/support/wait-for';

const pct = (xs: number[], p: number) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100);
  const workerCount = Number(process.argv[3] ?? 2);
  const notify = process.argv[4] === '1';
  const f = await runtimeFixture();
  const workers = Array.from({ length: workerCount }, (_, i) =>
    spawnWorker(f, `bench-w${i}`, { WORKER_CAPACITY: '200', LOG_LEVEL: 'warn' }),
  );
  const redis = new Redis(f.config.REDIS_URL);
  try {
    await Promise.all(workers.map((w) => w.ready));
    const latencies: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const id = await createConnector(f, 'CounterSource', {
        topic: `lat-${i % 10}`,
        'poll.interval.ms': '1000',
        'batch.size': '1',
      });
      if (notify) await redis.publish(`${f.config.REDIS_PREFIX}${CONNECTOR_CHANGED_CHANNEL}`, id);
      await waitFor('RUNNING', () => allTasksIn(f, id, 'RUNNING', 1), 30_000, 5);
      latencies.push(performance.now() - t0);
    }
    const sum = latencies.reduce((a, b) => a + b, 0);
    console.log(
      JSON.stringify({
        connectors: n,
        workers: workerCount,
        notify,
        p50_ms: Math.round(pct(latencies, 50)),
        p90_ms: Math.round(pct(latencies, 90)),
        p99_ms: Math.round(pct(latencies, 99)),
        max_ms: Math.round(Math.max(...latencies)),
        mean_ms: Math.round(sum / n),
      }),
    );
  } finally {
    redis.disconnect();
    for (const w of workers) w.proc.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.proc.exitCode !== null ? r(null) : w.proc.once('exit', r)))),
    );
    await f.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
