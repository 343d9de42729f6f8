/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Issue 12 "Done when": the whole platform under faults. Every process is real and started
// privately by this test (Postgres, Redis, broker, API, workers; MariaDB on 127.0.0.1:3306 is the
// sink's target). Through the public API only, as a user: environment, cluster, cluster key, a
// 4-partition topic, a Datagen source with a fixed `iterations` (one task: ids 0..N-1 from an
// `iteration` field) and a two-task MySqlSink upsert on `id`. Mid-stream, in sequence: SIGKILL a
// worker (and start a replacement), SIGKILL another (and a replacement), restart the broker,
// restart Redis, restart Postgres. Asserts: both connectors RUNNING (on live workers) within 15 s of
// each fault; during the Redis and Postgres outages the API answers 503 with Retry-After (or 2xx
// where a dependency is not needed), never 500, never slower than 2 s; exactly N rows with ids
// 0..N-1 at the end; no process exited that the test did not stop.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { basic, http, type Credentials } from '../support/http-client';
import { OPERATOR, startPlatform, type Platform } from './platform';
import type { WorkerProcess } from './service-process';
import { countRows, MYSQL } from '../support/mariadb';

/**
 * Records of the one Datagen task (max.interval 60 ms: ~33 records/s at most; well under that on a
 * busy 2-core machine), so that the stream spans the faults and the file fits npm test's 180 s.
 */
const N = 800;
const TOPIC = 'fault_rows';
const SOURCE = 'faults-datagen';
const SINK = 'faults-mysql-sink';
const RECOVERY_MS = 15_000;
const OUTAGE_MS = 5_000;
const MAX_OUTAGE_LATENCY_MS = 2_000;
/** npm test ends a file after 180 s (scripts/test.ts): report before that rather than be cut off. */
const FILE_BUDGET_MS = 170_000;

const SCHEMA = JSON.stringify({
  type: 'record',
  name: 'fault_row',
  namespace: 'connectplane.faults',
  fields: [
    { name: 'id', type: { type: 'long', 'arg.properties': { iteration: { start: 0 } } } },
    { name: 'note', type: { type: 'string', 'arg.properties': { regex: '[a-z]{12}' } } },
  ],
});

interface Sample {
  route: string;
  status: number;
  ms: number;
  retryAfter: string | null;
  body: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('platform under faults (worker kills, broker / Redis / Postgres restarts)', () => {
  let p: Platform;
  let db: mysql.Connection;
  const dbName = `cp_faults_${randomBytes(4).toString('hex')}`;
  let cloud: Credentials;
  let clusterKey: Credentials;
  let connectors = '';
  const killed = new Set<string>();
  const timeline: string[] = [];
  const t0 = Date.now();
  const note = (s: string) => {
    const line = `[+${((Date.now() - t0) / 1000).toFixed(1)}s] ${s}`;
    timeline.push(line);
    console.log(line);
  };

  const api = (method: string, path: string, auth: Credentials, body?: unknown) =>
    http(p.apiBase, method, path, { auth, body });
  const status = async (name: string) => {
    const r = await api('GET', `${connectors}/${name}/status`, cloud);
    return r.status === 200 ? r.body : { http: r.status, body: r.text.slice(0, 300) };
  };
  const rows = (): Promise<number> => countRows(db, dbName, TOPIC);

  /** Both connectors and all their tasks RUNNING, none on a worker the test killed. */
  const healthy = async (): Promise<boolean> => {
    for (const [name, tasks] of [
      [SOURCE, 1],
      [SINK, 2],
    ] as const) {
      const s: any = await status(name);
      if (s.connector?.state !== 'RUNNING' || s.tasks?.length !== tasks) return false;
      if (!s.tasks.every((t: any) => t.state === 'RUNNING' && !killed.has(t.worker_id))) return false;
    }
    return true;
  };

  const report = async (why: string): Promise<string> => {
    const statuses = await Promise.all(
      [SOURCE, SINK].map(async (n) => `${n}: ${JSON.stringify(await status(n).catch((e) => String(e)))}`),
    ).catch((e) => [String(e)]);
    return [
      why,
      `rows: ${await rows().catch((e) => String(e))} of ${N}`,
      ...statuses,
      'timeline:',
      ...timeline,
      p.diagnostics(),
    ].join('\n');
  };

  // A failed expectation is recorded and the run goes on, so one run shows every fault class that
  // misbehaves; the test fails at the end with all of them (and at once when going on is pointless).
  const problems: string[] = [];
  const problem = async (s: string) => {
    problems.push(s);
    note(`PROBLEM: ${s}`);
    problems.push(await report('state at that moment:'));
  };

  /**
   * Within RECOVERY_MS of `since`: both connectors RUNNING on live workers, and rows moving again
   * (a status left RUNNING by a dead task would pass the first check alone). Late recovery is a
   * problem; none within a minute ends the test.
   */
  const recovered = async (fault: string, since: number) => {
    const secs = () => ((Date.now() - since) / 1000).toFixed(1);
    let late = false;
    while (!(await healthy().catch(() => false))) {
      if (!late && Date.now() - since > RECOVERY_MS) {
        late = true;
        await problem(`connectors not RUNNING within ${RECOVERY_MS / 1000} s of: ${fault}`);
      }
      if (Date.now() - since > 60_000) assert.fail(await report(`connectors still not RUNNING 60 s after: ${fault}`));
      await sleep(250);
    }
    const running = secs();
    const before = await rows();
    while (!((await rows()) > before || before === N)) {
      if (Date.now() - since > RECOVERY_MS + 10_000) {
        await problem(`no new rows within ${secs()} s of: ${fault} (stuck at ${before})`);
        break;
      }
      await sleep(250);
    }
    note(`${fault}: connectors RUNNING after ${running} s, rows moving after ${secs()} s (${await rows()})`);
  };

  /** A request with a generous client timeout, so a hang shows up as a slow sample, not a stuck test. */
  const sample = async (route: string, path: string, auth: Credentials): Promise<Sample> => {
    const start = Date.now();
    try {
      const res = await fetch(`${p.apiBase}${path}`, {
        headers: { authorization: basic(auth) },
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.text()).slice(0, 200);
      return { route, status: res.status, ms: Date.now() - start, retryAfter: res.headers.get('retry-after'), body };
    } catch (e) {
      return { route, status: -1, ms: Date.now() - start, retryAfter: null, body: String(e) };
    }
  };

  /** Polls a few routes for OUTAGE_MS while a dependency is down. */
  const probeOutage = async (): Promise<Sample[]> => {
    const routes: [string, string][] = [
      ['GET /org/v2/environments', '/org/v2/environments'],
      ['GET connector status', `${connectors}/${SINK}/status`],
    ];
    const out: Sample[] = [];
    const end = Date.now() + OUTAGE_MS;
    await Promise.all(
      routes.map(async ([route, path]) => {
        while (Date.now() < end) {
          out.push(await sample(route, path, cloud));
          await sleep(100);
        }
      }),
    );
    return out;
  };

  const checkOutage = async (dependency: string, samples: Sample[], expect503: boolean) => {
    const fmt = (s: Sample) => `${s.route} → ${s.status} in ${s.ms} ms (retry-after ${s.retryAfter}) ${s.body}`;
    note(`${dependency} outage: ${samples.length} requests, statuses ${[...new Set(samples.map((s) => s.status))]}`);
    const slow = samples.filter((s) => s.ms > MAX_OUTAGE_LATENCY_MS);
    const wrong = samples.filter((s) => s.status !== 503 && !(s.status >= 200 && s.status < 300));
    const no503Header = samples.filter((s) => s.status === 503 && !s.retryAfter);
    const found = [
      ...slow.map((s) => `slower than ${MAX_OUTAGE_LATENCY_MS} ms: ${fmt(s)}`),
      ...wrong.map((s) => `not 503: ${fmt(s)}`),
      ...no503Header.map((s) => `503 without Retry-After: ${fmt(s)}`),
    ];
    if (expect503 && !samples.some((s) => s.status === 503))
      found.push(`no 503 at all while ${dependency} was down: ${samples.slice(0, 3).map(fmt).join('; ')}`);
    if (found.length > 0) await problem(`during the ${dependency} outage:\n  ${found.slice(0, 12).join('\n  ')}`);
  };

  /** The live worker holding the most tasks of our connectors. */
  const busiestWorker = async (): Promise<WorkerProcess> => {
    const counts = new Map<string, number>();
    for (const name of [SOURCE, SINK]) {
      const s: any = await status(name);
      for (const t of s.tasks ?? []) counts.set(t.worker_id, (counts.get(t.worker_id) ?? 0) + 1);
    }
    const live = p.workers.filter((w) => !w.exited);
    live.sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0));
    return live[0]!;
  };

  const killWorker = async (label: string) => {
    const victim = await busiestWorker();
    note(`${label}: SIGKILL ${victim.id} at rows ${await rows()}`);
    killed.add(victim.id);
    const since = Date.now();
    await victim.stop('SIGKILL');
    // the replacement starts while the tasks fail over; recovery is timed from the kill
    const replacement = p.addWorker();
    await recovered(`${label} (SIGKILL ${victim.id})`, since);
    await replacement;
  };

  before(
    async () => {
      db = await mysql.createConnection(MYSQL);
      await db.query(`CREATE DATABASE \`${dbName}\``);
      p = await startPlatform(2);
      note('platform up: Postgres, Redis, broker, API, workers w1 w2');
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await db?.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => undefined);
    await db?.end().catch(() => undefined);
    await p?.close();
  });

  it(
    'ends with exactly the expected rows; RUNNING within 15 s of each fault; 503s, not 500s or hangs',
    { timeout: 420_000 },
    async () => {
      const tenant = await http(p.apiBase, 'POST', '/operator/v1/organizations', {
        auth: OPERATOR,
        body: { display_name: 'faults' },
      });
      assert.equal(tenant.status, 201, tenant.text);

      cloud = { key: tenant.body.admin.api_key.id, secret: tenant.body.admin.api_key.secret };
      const saId = tenant.body.admin.service_account.id;

      const env = await api('POST', '/org/v2/environments', cloud, { display_name: 'faults' });
      assert.equal(env.status, 201, env.text);
      const cluster = await api('POST', '/cmk/v2/clusters', cloud, {
        spec: {
          display_name: 'faults',
          availability: 'SINGLE_ZONE',
          cloud: 'GCP',
          region: 'us-west4',
          config: { kind: 'Basic' },
          environment: { id: env.body.id },
        },
      });
      assert.equal(cluster.status, 202, cluster.text);
      const clusterId = cluster.body.id as string;
      const key = await api('POST', '/iam/v2/api-keys', cloud, {
        spec: { owner: { id: saId }, resource: { id: clusterId, environment: env.body.id } },
      });
      assert.equal(key.status, 202, key.text);
      clusterKey = { key: key.body.id, secret: key.body.spec.secret };
      const topic = await http(cluster.body.spec.http_endpoint, 'POST', `/kafka/v3/clusters/${clusterId}/topics`, {
        auth: clusterKey,
        body: { topic_name: TOPIC, partitions_count: 4 },
      });
      assert.equal(topic.status, 201, topic.text);
      connectors = `/connect/v1/environments/${env.body.id}/clusters/${clusterId}/connectors`;

      const kafkaAuth = { 'kafka.api.key': clusterKey.key, 'kafka.api.secret': clusterKey.secret };
      const sink = await api('POST', connectors, cloud, {
        name: SINK,
        config: {
          'connector.class': 'MySqlSink',
          name: SINK,
          topics: TOPIC,
          'input.data.format': 'AVRO',
          ...kafkaAuth,
          'connection.host': MYSQL.host,
          'connection.port': String(MYSQL.port),
          'connection.user': MYSQL.user,
          'connection.password': MYSQL.password,
          'db.name': dbName,
          'insert.mode': 'UPSERT',
          'pk.mode': 'record_value',
          'pk.fields': 'id',
          'auto.create': 'true',
          'tasks.max': '2',
        },
      });
      assert.equal(sink.status, 201, sink.text);
      const source = await api('POST', connectors, cloud, {
        name: SOURCE,
        config: {
          'connector.class': 'DatagenSource',
          name: SOURCE,
          'kafka.topic': TOPIC,
          ...kafkaAuth,
          'output.data.format': 'AVRO',
          'schema.string': SCHEMA,
          'schema.keyfield': 'id',
          'max.interval': '60',
          iterations: String(N),
          'tasks.max': '1',
        },
      });
      assert.equal(source.status, 201, source.text);

      // start-up (process warm-up on a shared machine) is not a fault: a generous bound
      const started = Date.now();
      while (!((await healthy().catch(() => false)) && (await rows()) > 0)) {
        if (Date.now() - started > 90_000) assert.fail(await report('connectors never RUNNING with rows flowing'));
        await sleep(250);
      }
      note(`stream flowing: rows ${await rows()}`);

      await killWorker('fault 1');
      await killWorker('fault 2');

      note(`fault 3: broker restart at rows ${await rows()}`);
      await p.broker.stop('SIGTERM');
      await p.broker.start();
      await recovered('fault 3 (broker restart)', Date.now());

      note(`fault 4: Redis restart at rows ${await rows()}`);
      await p.redis.stop('term');
      const redisSamples = await probeOutage();
      await p.redis.start();
      const redisBack = Date.now();
      await recovered('fault 4 (Redis restart)', redisBack);
      await checkOutage('Redis', redisSamples, false);

      note(`fault 5: Postgres restart at rows ${await rows()}`);
      await p.pg.stop('fast');
      const pgSamples = await probeOutage();
      await p.pg.start();
      const pgBack = Date.now();
      await recovered('fault 5 (Postgres restart)', pgBack);
      await checkOutage('Postgres', pgSamples, true);

      // every record arrives exactly once as a row (upsert on id): N rows, ids 0..N-1
      while ((await rows()) < N) {
        if (Date.now() - t0 > FILE_BUDGET_MS)
          assert.fail(await report(`rows never reached ${N}\n${problems.join('\n')}`));
        await sleep(500);
      }
      const [r] = await db.query(
        `SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d, MIN(id) AS lo, MAX(id) AS hi FROM \`${dbName}\`.\`${TOPIC}\``,
      );
      const { n, d, lo, hi } = (r as any[])[0];
      note(`final: ${n} rows, ${d} distinct ids, ${lo}..${hi}`);
      const got = { n: Number(n), d: Number(d), lo: Number(lo), hi: Number(hi) };
      const want = { n: N, d: N, lo: 0, hi: N - 1 };
      if (JSON.stringify(got) !== JSON.stringify(want))
        await problem(`final rows ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      if (!(await healthy())) await problem('connectors not RUNNING at the end');
      const exits = p.unexpectedExits();
      if (exits.length > 0) await problem(`processes exited that the test did not stop: ${exits.join(', ')}`);
      assert.deepEqual(problems, [], problems.join('\n'));
    },
  );
});
