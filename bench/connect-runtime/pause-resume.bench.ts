// Pause → PAUSED and resume → RUNNING latency as a client sees it through the public Connect v1
// API: the whole platform as processes (private Postgres and Redis, broker, API, workers; see
// test/faults/platform.ts), N DatagenSource connectors (default 100, one task each, a record a
// second) spread over the workers. Each connector in turn is paused, then resumed, while the
// others run; the time from sending the PUT until GET …/status shows the connector and its task
// PAUSED (then RUNNING) is recorded. Status is polled every 5 ms.
//   flock /tmp/bench.lock node scripts/run.js bench/connect-runtime/pause-resume.bench.ts [connectors=100] [workers=2]
import { http, type Credentials } from '../../test/support/http-client';
import { waitFor } from '../../test/support/wait-for';
import { OPERATOR, startPlatform } from '../../test/faults/platform';

const pct = (xs: number[], p: number) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

const summary = (xs: number[]) => ({
  p50_ms: Math.round(pct(xs, 50)),
  p99_ms: Math.round(pct(xs, 99)),
  max_ms: Math.round(Math.max(...xs)),
});

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100);
  const workerCount = Number(process.argv[3] ?? 2);
  // every worker may take all the tasks; the fair share spreads them
  process.env.WORKER_CAPACITY = String(Math.max(n, 1));
  process.env.LOG_LEVEL = 'warn';
  process.env.RATE_LIMIT_REQUESTS = '100000000'; // the status polling is not what is measured
  const load0 = (await import('node:os')).loadavg()[0];
  const p = await startPlatform(workerCount);
  try {
    const tenant = await http(p.apiBase, 'POST', '/operator/v1/organizations', {
      auth: OPERATOR,
      body: { display_name: 'pause-resume bench' },
    });
    if (tenant.status !== 201) throw new Error(`onboarding: ${tenant.status} ${tenant.text}`);
    const cloud: Credentials = { key: tenant.body.admin.api_key.id, secret: tenant.body.admin.api_key.secret };
    const api = (method: string, path: string, body?: unknown) => http(p.apiBase, method, path, { auth: cloud, body });
    const env = await api('POST', '/org/v2/environments', { display_name: 'bench' });
    const cluster = await api('POST', '/cmk/v2/clusters', {
      spec: {
        display_name: 'bench',
        availability: 'SINGLE_ZONE',
        cloud: 'GCP',
        region: 'us-west4',
        config: { kind: 'Basic' },
        environment: { id: env.body.id },
      },
    });
    if (cluster.status !== 202) throw new Error(`cluster: ${cluster.status} ${cluster.text}`);
    const key = await api('POST', '/iam/v2/api-keys', {
      spec: {
        owner: { id: tenant.body.admin.service_account.id },
        resource: { id: cluster.body.id, environment: env.body.id },
      },
    });
    if (key.status !== 202) throw new Error(`api key: ${key.status} ${key.text}`);
    const connectors = `/connect/v1/environments/${env.body.id}/clusters/${cluster.body.id}/connectors`;
    const names = Array.from({ length: n }, (_, i) => `datagen-${i}`);
    for (const name of names) {
      const created = await api('POST', connectors, {
        name,
        config: {
          'connector.class': 'DatagenSource',
          name,
          'kafka.topic': `bench-${Number(name.split('-')[1]) % 10}`,
          'kafka.api.key': key.body.id,
          'kafka.api.secret': key.body.spec.secret,
          'output.data.format': 'JSON',
          quickstart: 'ORDERS',
          'max.interval': '1000',
          'tasks.max': '1',
        },
      });
      if (created.status !== 201) throw new Error(`create ${name}: ${created.status} ${created.text}`);
    }
    const stateOf = async (name: string): Promise<string> => {
      const s = await api('GET', `${connectors}/${name}/status`);
      const tasks = (s.body?.tasks ?? []) as { state: string }[];
      const c = s.body?.connector?.state as string | undefined;
      return tasks.length === 1 && tasks[0].state === c ? (c ?? '') : `${c}/${tasks.map((t) => t.state).join(',')}`;
    };
    await waitFor(
      `${n} connectors RUNNING`,
      async () => (await Promise.all(names.map(stateOf))).every((s) => s === 'RUNNING'),
      300_000,
      1000,
    );
    const timeTo = async (name: string, verb: 'pause' | 'resume', state: string): Promise<number> => {
      const t0 = performance.now();
      const put = await api('PUT', `${connectors}/${name}/${verb}`);
      if (put.status !== 202) throw new Error(`${verb} ${name}: ${put.status} ${put.text}`);
      await waitFor(`${name} ${state}`, async () => (await stateOf(name)) === state, 30_000, 5);
      return performance.now() - t0;
    };
    const pause: number[] = [];
    const resume: number[] = [];
    for (const name of names) {
      pause.push(await timeTo(name, 'pause', 'PAUSED'));
      resume.push(await timeTo(name, 'resume', 'RUNNING'));
    }
    console.log(
      JSON.stringify({
        connectors: n,
        workers: workerCount,
        pause_to_paused: summary(pause),
        resume_to_running: summary(resume),
        load_average: { start: load0.toFixed(1), end: (await import('node:os')).loadavg()[0].toFixed(1) },
      }),
    );
  } finally {
    await p.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
