// (b) failover time after SIGKILL: R rounds; each kills the worker running the most tasks of C
// running connectors and measures until every one of its tasks is RUNNING on another worker.
//   node scripts/run.js bench/connect-runtime/failover.bench.ts [rounds=3] [connectors=10]
import { createConnector, runtimeFixture, spawnWorker, type SpawnedWorker } from '../../test/runtime/support';
import { waitFor } from '../../test/support/wait-for';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const n = Number(process.argv[3] ?? 10);
  const f = await runtimeFixture();
  const workers: SpawnedWorker[] = [];
  let next = 0;
  const spawn = () => {
    const w = spawnWorker(f, `fo-w${next++}`, { WORKER_CAPACITY: '100', LOG_LEVEL: 'warn' });
    workers.push(w);
    return w;
  };
  try {
    await Promise.all([spawn(), spawn()].map((w) => w.ready));
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        await createConnector(f, 'CounterSource', { topic: `fo-${i}`, 'poll.interval.ms': '50', 'batch.size': '5' }),
      );
    const tasks = () => f.db.connectorTask.findMany({ where: { connectorId: { in: ids } } });
    await waitFor('all RUNNING', async () => (await tasks()).filter((t) => t.state === 'RUNNING').length === n, 60_000);
    const results: { killed: string; tasks: number; ms: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      const alive = workers.filter((w) => w.proc.exitCode === null && w.proc.signalCode === null);
      const ts = await tasks();
      const victim = alive.sort(
        (a, b) => ts.filter((t) => t.workerId === b.id).length - ts.filter((t) => t.workerId === a.id).length,
      )[0];
      const moved = ts.filter((t) => t.workerId === victim.id).map((t) => t.connectorId + ':' + t.taskId);
      victim.proc.kill('SIGKILL');
      const t0 = performance.now();
      await waitFor(
        'moved',
        async () => {
          const now = await tasks();
          return now
            .filter((t) => moved.includes(t.connectorId + ':' + t.taskId))
            .every((t) => t.state === 'RUNNING' && t.workerId !== victim.id);
        },
        30_000,
        20,
      );
      results.push({ killed: victim.id, tasks: moved.length, ms: Math.round(performance.now() - t0) });
      console.log(JSON.stringify(results[results.length - 1]));
      await spawn().ready; // back to two workers for the next round
      await new Promise((res) => setTimeout(res, 4000)); // let the fair share settle
    }
    const ms = results.map((x) => x.ms).sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        rounds,
        connectors: n,
        min_ms: ms[0],
        median_ms: ms[Math.floor(ms.length / 2)],
        max_ms: ms[ms.length - 1],
      }),
    );
  } finally {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGTERM');
    await Promise.all(
      workers.map(
        (w) =>
          new Promise((r) =>
            w.proc.exitCode !== null || w.proc.signalCode !== null ? r(null) : w.proc.once('exit', r),
          ),
      ),
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
