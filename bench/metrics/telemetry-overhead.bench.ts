// The cost of the Metrics API series and the connector log capture on Datagen's throughput (issue 17,
// target ≤ 5 %): one DatagenSource task (max.interval=0, ORDERS) run by a worker process
// (telemetry-runtime.child.ts: the runtime as apps/worker builds it) against the embedded broker,
// with observability on (as shipped) and off (ConnectRuntimeOptions.observability = false: no
// ConnectorTelemetry and no log capture on the task path), alternating on/off, off/on, … in the same
// invocation. records/s = the broker's appended records for the cluster over a fixed window after
// the task is RUNNING and warmed up, with the worker process's CPU per record over the same window
// (steadier than the rate on a shared machine: other processes take cores, not the worker's work
// per record); a fresh fixture (cluster, broker, worker) per run. Each "on" run
// ends with a graceful stop and reads back what the telemetry wrote for the connector, to show it
// was working (METRICS_FLUSH_MS, default 60 s, as in production). Last, the task path's added work
// alone (bytes of a 1,000-record batch and the accumulator counts), timed in this process.
//   node scripts/run.js bench/metrics/telemetry-overhead.bench.ts [seconds=20] [rounds=3] [format=JSON]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ConnectorTelemetry, messageBytes } from '@libs/connect-runtime';
import { CONNECT_METRICS } from '@libs/telemetry';
import { createConnector, runtimeFixture } from '../../test/runtime/support';
import { waitFor } from '../../test/support/wait-for';

const SECONDS = Number(process.argv[2] ?? 20);
const ROUNDS = Number(process.argv[3] ?? 3);
const FORMAT = process.argv[4] ?? 'JSON';

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function recordsIn(metrics: string, clusterId: string): number {
  const m = new RegExp(`^broker_records_in_total\\{cluster="${clusterId}"\\} (\\d+)`, 'm').exec(metrics);
  return m ? Number(m[1]) : 0;
}

interface RunResult {
  observability: boolean;
  records: number;
  recordsPerSec: number;
  /** The worker process's CPU (user + system) per record over the window, and its cores used. */
  workerCpuUsPerRecord: number;
  workerCores: number;
  /** "on" runs: sent_records the telemetry wrote for the connector (whole run, warm-up included). */
  sentRecordsWritten?: number;
  load: string;
}

async function measure(observability: boolean): Promise<RunResult> {
  const f = await runtimeFixture();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'bench/metrics/telemetry-runtime.child.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      WORKER_ID: `telemetry-bench-${observability ? 'on' : 'off'}`,
      LOG_LEVEL: 'warn',
      CONNECT_SCOPE_ORGANIZATIONS: f.orgId,
      BROKER_PORT: String(f.broker.port),
      BROKER_HOST: '127.0.0.1',
      BENCH_OBSERVABILITY: observability ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('runtime ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`runtime exited (${code}) before ready`)));
    });
    const id = await createConnector(
      f,
      'DatagenSource',
      {
        'kafka.topic': 'orders',
        quickstart: 'ORDERS',
        'output.data.format': FORMAT,
        'max.interval': '0',
        'tasks.max': '1',
      },
      { name: `datagen-${observability ? 'on' : 'off'}` },
    );
    await waitFor(
      'task RUNNING',
      async () => (await f.db.connectorTask.count({ where: { connectorId: id, state: 'RUNNING' } })) === 1,
      60_000,
      200,
    );
    await new Promise((r) => setTimeout(r, 3000)); // warm-up: JIT, topic creation
    const startLoad = load();
    const before = recordsIn(await f.broker.metricsText(), f.clusterId);
    const cpu0 = cpuSeconds(child.pid!);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const records = recordsIn(await f.broker.metricsText(), f.clusterId) - before;
    const cpu = cpuSeconds(child.pid!) - cpu0;
    const wall = (performance.now() - t0) / 1000;
    const result: RunResult = {
      observability,
      records,
      recordsPerSec: Math.round(records / wall),
      workerCpuUsPerRecord: Number(((cpu / records) * 1e6).toFixed(2)),
      workerCores: Number((cpu / wall).toFixed(2)),
      load: `${startLoad} → ${load()}`,
    };
    // graceful stop: the accumulator writes what it holds on close
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (observability) {
      const rows = await f.db.$queryRaw<{ total: number | null }[]>`
        SELECT sum(v) AS total FROM "MetricSeriesHour", unnest(minutes) AS v
         WHERE "resourceId" = ${id} AND metric = ${CONNECT_METRICS.sentRecords}`;
      result.sentRecordsWritten = Number(rows[0]?.total ?? 0);
    }
    return result;
  } finally {
    child.kill('SIGKILL');
    await f.close();
  }
}

/**
 * What a source task adds per batch when observability is on, alone: the key and value bytes of a
 * 1,000-record batch (ORDERS-sized JSON values) and the two accumulator counts.
 */
function taskPathCost(): void {
  const telemetry = new ConnectorTelemetry({ add: async () => 0 }, () => undefined);
  const batch = Array.from({ length: 1000 }, (_, i) => ({
    msg: { key: Buffer.from(String(i)), value: Buffer.alloc(260, 'x') },
  }));
  const run = (n: number) => {
    for (let b = 0; b < n; b++) {
      let bytes = 0;
      for (const s of batch) bytes += messageBytes(s.msg.key, s.msg.value);
      telemetry.sent('lcc-bench', batch.length, bytes);
    }
  };
  run(10_000); // warm-up
  const t0 = performance.now();
  run(100_000);
  const us = ((performance.now() - t0) * 1000) / 100_000;
  console.log(`task path alone: ${us.toFixed(2)} µs per 1,000-record batch (${(us / 1000).toFixed(4)} µs per record)`);
}

async function main(): Promise<void> {
  console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const results: RunResult[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // on/off, then off/on, …: neither setting always runs first
    for (const observability of round % 2 === 0 ? [true, false] : [false, true]) {
      const r = await measure(observability);
      results.push(r);
      console.log(JSON.stringify({ round, format: FORMAT, seconds: SECONDS, ...r }));
    }
  }
  const mean = (on: boolean, pick: (r: RunResult) => number) => {
    const xs = results.filter((r) => r.observability === on).map(pick);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const on = mean(true, (r) => r.recordsPerSec);
  const off = mean(false, (r) => r.recordsPerSec);
  console.log(
    `observability on: ${Math.round(on)} rec/s, off: ${Math.round(off)} rec/s (means of ${ROUNDS} runs each); ` +
      `on/off ${(on / off).toFixed(3)}, overhead ${((1 - on / off) * 100).toFixed(1)} %`,
  );
  const cpuOn = mean(true, (r) => r.workerCpuUsPerRecord);
  const cpuOff = mean(false, (r) => r.workerCpuUsPerRecord);
  console.log(
    `worker CPU per record: on ${cpuOn.toFixed(2)} µs, off ${cpuOff.toFixed(2)} µs; ` +
      `on/off ${(cpuOn / cpuOff).toFixed(3)}, overhead ${((cpuOn / cpuOff - 1) * 100).toFixed(1)} %`,
  );
  taskPathCost();
  console.log(`load average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
