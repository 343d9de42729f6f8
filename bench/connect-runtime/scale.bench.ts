// (c) C connectors × T tasks on W worker processes: time from inserting them all to every task
// RUNNING, the duration of a steady-state reconcile pass, and each worker's RSS.
//   node scripts/run.js bench/connect-runtime/scale.bench.ts [connectors=1000] [tasks=5] [workers=4]
import { readFileSync } from 'node:fs';
import { connectorPluginRegistry } from '@libs/connectors';
import { ConnectRuntime } from '@libs/connect-runtime';
import { runtimeFixture, spawnWorker } from '../../test/runtime/support';
import { waitFor } from '../../test/support/wait-for';

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : -1;
};

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1000);
  const tasks = Number(process.argv[3] ?? 5);
  const workerCount = Number(process.argv[4] ?? 4);
  const f = await runtimeFixture();
  const capacity = Math.ceil((n * tasks) / workerCount) + 50;
  const workers = Array.from({ length: workerCount }, (_, i) =>
    spawnWorker(f, `scale-w${i}`, {
      WORKER_CAPACITY: String(capacity),
      LOG_LEVEL: 'warn',
      CONNECT_OFFSET_FLUSH_INTERVAL_MS: '10000',
    }),
  );
  // an extra, non-working runtime in this process, only to time reconcile passes when it wins the lock
  const probe = new ConnectRuntime({
    db: f.db,
    registry: connectorPluginRegistry({ testPlugins: true }),
    redisUrl: f.config.REDIS_URL,
    redisPrefix: f.config.REDIS_PREFIX,
    secretsKeyring: f.config.secretsKeyring,
    pepper: f.config.apiKeyPepper,
    broker: { host: '127.0.0.1', port: f.broker.port },
    capacity: 1,
    organizationIds: [f.orgId],
    log: () => undefined,
  });
  try {
    await Promise.all(workers.map((w) => w.ready));
    const ids = Array.from(
      { length: n },
      (_, i) => `lcc-sc${i.toString(36).padStart(4, '0')}${Math.random().toString(36).slice(2, 6)}`,
    );
    const t0 = performance.now();
    await f.db.connector.createMany({
      data: ids.map((id, i) => ({
        id,
        organizationId: f.orgId,
        environmentId: f.envId,
        clusterId: f.clusterId,
        name: `scale-${i}`,
        pluginClass: 'CounterSource',
        type: 'SOURCE' as const,
        config: {
          'connector.class': 'CounterSource',
          topic: `scale-${i % 20}`,
          'tasks.max': String(tasks),
          'max.records': '1',
          'poll.interval.ms': '2000',
        },
      })),
    });
    let lastCount = 0;
    await waitFor(
      'all RUNNING',
      async () => {
        const c = await f.db.connectorTask.count({ where: { connectorId: { in: ids }, state: 'RUNNING' } });
        if (c !== lastCount) {
          lastCount = c;
          process.stdout.write(`  ${Math.round(performance.now() - t0)} ms: ${c} running\n`);
        }
        return c === n * tasks;
      },
      240_000,
      500,
    );
    const allRunningMs = Math.round(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 3000));
    const passes: number[] = [];
    for (let i = 0; i < 40 && passes.length < 5; i++) {
      const r = await probe.reconciler.pass();
      if (r.acted) passes.push(Math.round(r.ms));
      else await new Promise((res) => setTimeout(res, 100));
    }
    const rss = workers.map((w) => ({ worker: w.id, rss_mb: rssMb(w.proc.pid!) }));
    const perWorker = await f.db.connectorTask.groupBy({
      by: ['workerId'],
      where: { connectorId: { in: ids } },
      _count: true,
    });
    console.log(
      JSON.stringify({
        connectors: n,
        tasks: n * tasks,
        workers: workerCount,
        all_running_ms: allRunningMs,
        steady_pass_ms: passes,
        rss,
        per_worker: perWorker.map((p) => [p.workerId, p._count]),
      }),
    );
  } finally {
    await probe.reconciler.close().catch(() => undefined);
    for (const w of workers) w.proc.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.proc.exitCode !== null ? r(null) : w.proc.once('exit', r)))),
    );
    await f.db.connector.deleteMany({ where: { organizationId: f.orgId } });
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
