/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Issue 20 point 3, "Done when" bullet 2: many instances, one truth, without containers. Two API
// processes (API_PROCESSES=2: Node's cluster module, one port, the primary handing connections
// round-robin to the processes listening) and three workers, started as `npm start` starts them
// (compiled entries, the same flags, configuration from the environment only; scale-out-stack.ts),
// on a fresh database, the shared Redis (private prefix) and the embedded broker process.
//
// - the default organization is bootstrapped once although both API processes start at once;
// - caches and limits hold across the API processes (which one served a request is read from its
//   request log line, by X-Request-Id): an environment renamed is seen renamed by both, a revoked
//   key is refused by the other process within 1 s, the rate limit counts one window for both,
//   a pause/resume sent to either reaches the worker holding the task;
// - under a steady load (4 loops of authenticated GETs: environments and connector status, the
//   client's keep-alive connections, no retries of any kind), the API processes and the workers are
//   restarted with SIGTERM, one process at a time in each tier (both tiers rolling at once, as two
//   deployments updated together), each API process with a request of ours in flight: 0 failed
//   requests (anything but 200, a reset or a refused connection fails), the held request answered,
//   no connection cut by the drain, the connectors RUNNING on the remaining workers within the 10 s
//   failover target after each worker's SIGTERM, and no record of the CounterSource → topic →
//   CollectSink pipeline lost (every value 0..n of each task in the topic and in the sink).
//
// Wall time on the shared 2-core machine: 36 s at a load average of 5, 96–106 s at 8–13 (npm test
// stops a file after 180 s); beside migrate-once.test.ts at load averages of 15–18 it reached the 180 s limit
// once (every check up to the last had passed). Most of it is process start-up, CPU-bound: an API
// process needs ~3 CPU-seconds to start, a worker ~2; the test starts 7 and then 5 replacements,
// and the two API replacements can only start one after the other.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { basic, http, type Credentials } from '../support/http-client';
import { waitFor } from '../support/wait-for';
import {
  apiPids,
  connectionsTo,
  OPERATOR,
  rssMb,
  socketOwners,
  startScaleOut,
  type Proc,
  type ScaleOutStack,
} from './scale-out-stack';

const API_PROCESSES = 2;
const WORKERS = 3;
const FAILOVER_TARGET_MS = 10_000;
const RATE_LIMIT = 100;
const RATE_WINDOW_S = 10;
/** Load loops (each its own key: ~8 requests/s, under the key's RATE_LIMIT per RATE_WINDOW_S). */
const LOAD_LOOPS = 4;
const LOAD_PAUSE_MS = 100;
const TOPIC = 'scale_counts';
const SOURCE = 'scale-counter';
const SINK = 'scale-collect';
const SOURCE_TASKS = 3;
const SINK_TASKS = 2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  id: string;
}

interface Sample {
  loop: number;
  path: string;
  id: string;
  status: number;
  ms: number;
  error?: string;
}

describe('scale-out: 2 API processes and 3 workers as npm start runs them, rolling restarts under load', () => {
  let s: ScaleOutStack;
  /** pid → whether its rate limiter last said it is on its own windows (Redis too slow). */
  const limiterOnOwnWindows = new Map<number, boolean>();
  /** X-Request-Id → pid of the API process that logged it. */
  const servedBy = new Map<string, number>();
  const t0 = Date.now();
  const timeline: string[] = [];
  const note = (line: string) => {
    const l = `[+${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`;
    timeline.push(l);
    console.log(l);
  };

  let cloud: Credentials;
  let saId: string;
  let envId: string;
  let clusterId: string;
  let clusterKey: Credentials;
  let connectors: string;
  let sinkFile: string;
  const loadKeys: Credentials[] = [];
  /** worker id → process, for the ones running */
  const workers = new Map<string, Proc>();

  before(
    async () => {
      s = await startScaleOut({
        apiProcesses: API_PROCESSES,
        workers: WORKERS,
        env: { RATE_LIMIT_REQUESTS: String(RATE_LIMIT), RATE_LIMIT_WINDOW_SECONDS: String(RATE_WINDOW_S) },
      });
      const collect = (line: string) => {
        if (!line.includes('"req":{')) return;
        try {
          const l = JSON.parse(line) as { pid?: number; req?: { id?: string } };
          if (l.pid && l.req?.id) servedBy.set(l.req.id, l.pid);
        } catch {
          // not a log line
        }
      };
      for (const l of s.api.lines) collect(l);
      s.api.onLine(collect);
      s.api.onLine((line) => {
        const m = line.match(/"pid":(\d+),.*rate limiter (on per-process windows|back on Redis)/);
        if (m) limiterOnOwnWindows.set(Number(m[1]), m[2] !== 'back on Redis');
      });
      for (const w of s.workers) {
        const m = w.lines.map((l) => l.match(/^connectplane worker ready: (\S+),/)).find(Boolean);
        workers.set(m![1], w);
      }
      sinkFile = join(s.dataDir, 'sink.jsonl');
      note(
        `started: broker, API primary ${s.api.pid} with processes ${apiPids(s).join(', ')}, workers ${[...workers.keys()].join(', ')}`,
      );
    },
    { timeout: 150_000 },
  );

  after(async () => {
    await s?.close();
  });

  const fail = (why: string): never => assert.fail(`${why}\ntimeline:\n${timeline.join('\n')}\n${s.diagnostics()}`);

  /** One request on a connection of its own (so the cluster primary picks a process for it). */
  let seq = 0;
  const fresh = (method: string, path: string, auth: Credentials, body?: unknown): Promise<Reply> => {
    const id = `t-${++seq}-${randomBytes(3).toString('hex')}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        `${s.apiBase}${path}`,
        {
          method,
          agent: false,
          headers: {
            authorization: basic(auth),
            'x-request-id': id,
            ...(payload !== undefined && { 'content-type': 'application/json' }),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => {
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode!, headers: res.headers, body: parsed, id });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
  /** The pid of the API process that served request `id` (its log line may trail the response). */
  const pidOf = (id: string) => waitFor(`log line of request ${id}`, () => servedBy.get(id), 5000, 10);

  const api = (method: string, path: string, body?: unknown, auth: Credentials = cloud) =>
    http(s.apiBase, method, path, { auth, body });
  const status = async (name: string): Promise<any> => (await api('GET', `${connectors}/${name}/status`)).body;

  /** Worker ids stopped by the test. */
  const gone = new Set<string>();
  /** Both connectors and all their tasks RUNNING, none on a worker the test stopped. */
  const pipelineRunning = async () => {
    for (const [name, n] of [
      [SOURCE, SOURCE_TASKS],
      [SINK, SINK_TASKS],
    ] as const) {
      const st = await status(name);
      if (st?.connector?.state !== 'RUNNING' || st.tasks?.length !== n) return false;
      if (!st.tasks.every((t: any) => t.state === 'RUNNING' && t.worker_id && !gone.has(t.worker_id))) return false;
    }
    return true;
  };

  const sizing = (when: string) => {
    const pg = connectionsTo(Number(new URL(s.databaseUrl).port || 5432));
    const redis = connectionsTo(6379);
    const row = (name: string, pid: number) =>
      `${name} pid ${pid}: RSS ${rssMb(pid)} MB, Postgres ${pg.get(pid) ?? 0}, Redis ${redis.get(pid) ?? 0}`;
    note(
      `sizing (${when}): ${[
        row('broker', s.broker.pid),
        row('api primary', s.api.pid),
        ...apiPids(s).map((p) => row('api', p)),
        ...[...workers].map(([id, w]) => row(`worker ${id}`, w.pid)),
      ].join('; ')}`,
    );
  };

  it('starts 2 API processes on one port and 3 workers; the default organization is created once', async () => {
    assert.equal(apiPids(s).length, API_PROCESSES);
    assert.equal(workers.size, WORKERS);
    const created = s.api.lines.filter((l) => l.startsWith('Created the default organization'));
    assert.equal(created.length, 1, s.api.tail(40).join('\n'));
    const db = new Client({ connectionString: s.databaseUrl });
    await db.connect();
    try {
      const orgs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "Organization"');
      assert.equal(orgs.rows[0].n, 1, 'one default organization');
    } finally {
      await db.end();
    }
    sizing('idle, no tasks');
  });

  it('provisions a tenant and a CounterSource → topic → CollectSink pipeline through the API', async () => {
    const tenant = await http(s.apiBase, 'POST', '/operator/v1/organizations', {
      auth: OPERATOR,
      body: { display_name: 'scale' },
    });
    assert.equal(tenant.status, 201, tenant.text);
    cloud = { key: tenant.body.admin.api_key.id, secret: tenant.body.admin.api_key.secret };
    saId = tenant.body.admin.service_account.id;
    const env = await api('POST', '/org/v2/environments', { display_name: 'scale' });
    assert.equal(env.status, 201, env.text);
    envId = env.body.id;
    const cluster = await api('POST', '/cmk/v2/clusters', {
      spec: {
        display_name: 'scale',
        availability: 'SINGLE_ZONE',
        cloud: 'GCP',
        region: 'us-west4',
        config: { kind: 'Basic' },
        environment: { id: envId },
      },
    });
    assert.equal(cluster.status, 202, cluster.text);
    clusterId = cluster.body.id;
    const key = await api('POST', '/iam/v2/api-keys', {
      spec: { owner: { id: saId }, resource: { id: clusterId, environment: envId } },
    });
    assert.equal(key.status, 202, key.text);
    clusterKey = { key: key.body.id, secret: key.body.spec.secret };
    for (let i = 0; i < LOAD_LOOPS; i++) loadKeys.push(await cloudKey());
    const topic = await http(cluster.body.spec.http_endpoint, 'POST', `/kafka/v3/clusters/${clusterId}/topics`, {
      auth: clusterKey,
      body: { topic_name: TOPIC, partitions_count: SINK_TASKS },
    });
    assert.equal(topic.status, 201, topic.text);
    connectors = `/connect/v1/environments/${envId}/clusters/${clusterId}/connectors`;
    const kafkaAuth = { 'kafka.api.key': clusterKey.key, 'kafka.api.secret': clusterKey.secret };
    const sink = await api('POST', connectors, {
      name: SINK,
      config: {
        'connector.class': 'CollectSink',
        name: SINK,
        topics: TOPIC,
        file: sinkFile,
        'tasks.max': String(SINK_TASKS),
        ...kafkaAuth,
      },
    });
    assert.equal(sink.status, 201, sink.text);
    const source = await api('POST', connectors, {
      name: SOURCE,
      config: {
        'connector.class': 'CounterSource',
        name: SOURCE,
        topic: TOPIC,
        'tasks.max': String(SOURCE_TASKS),
        'batch.size': '2',
        'poll.interval.ms': '100',
        ...kafkaAuth,
      },
    });
    assert.equal(source.status, 201, source.text);
    await waitFor('pipeline RUNNING', () => pipelineRunning(), 60_000, 200).catch((e) => fail((e as Error).message));
    await waitFor('records in the sink', () => readSink().size > 20, 30_000, 200);
    note('pipeline RUNNING, records flowing');
  });

  const cloudKey = async (): Promise<Credentials> => {
    const k = await api('POST', '/iam/v2/api-keys', { spec: { owner: { id: saId } } });
    assert.equal(k.status, 202, k.text);
    return { key: k.body.id, secret: k.body.spec.secret };
  };

  /** Fresh-connection requests until both API processes have served one; returns their replies. */
  const onBothProcesses = async (method: string, path: string, auth: Credentials, body?: unknown) => {
    const byPid = new Map<number, Reply>();
    for (let i = 0; i < 20 && byPid.size < API_PROCESSES; i++) {
      const r = await fresh(method, path, auth, body);
      byPid.set(await pidOf(r.id), r);
    }
    assert.equal(byPid.size, API_PROCESSES, 'requests reached both API processes');
    return byPid;
  };

  it('one truth across the API processes: environment cache, key revocation, rate limit, connector signals', async () => {
    // environment cache (10 s per process): both processes hold the old name, a rename through one
    // is seen by both (eviction over Redis)
    for (const r of (await onBothProcesses('GET', `/org/v2/environments/${envId}`, cloud)).values())
      assert.equal(r.body.display_name, 'scale');
    const renamed = await fresh('PATCH', `/org/v2/environments/${envId}`, cloud, { display_name: 'scale-renamed' });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    for (const [pid, r] of await onBothProcesses('GET', `/org/v2/environments/${envId}`, cloud))
      assert.equal(r.body.display_name, 'scale-renamed', `process ${pid} sees the new name`);

    // key revocation: both processes have verified (cached, 60 s) the key; deleted through one,
    // it is refused by every process within a second
    const doomed = await cloudKey();
    for (const r of (await onBothProcesses('GET', '/org/v2/environments', doomed)).values())
      assert.equal(r.status, 200);
    const del = await fresh('DELETE', `/iam/v2/api-keys/${doomed.key}`, cloud);
    assert.equal(del.status, 204, JSON.stringify(del.body));
    const deletedAt = Date.now();
    const deletedBy = await pidOf(del.id);
    const refusedBy = new Map<number, number>();
    while (refusedBy.size < API_PROCESSES && Date.now() - deletedAt < 1000) {
      const r = await fresh('GET', '/org/v2/environments', doomed);
      const pid = await pidOf(r.id);
      assert.equal(
        r.status,
        401,
        `revoked key refused (process ${pid}, ${Date.now() - deletedAt} ms after the delete)`,
      );
      if (!refusedBy.has(pid)) refusedBy.set(pid, Date.now() - deletedAt);
    }
    note(
      `key deleted through process ${deletedBy}; refused by ${[...refusedBy].map(([p, ms]) => `${p} after ${ms} ms`).join(', ')}`,
    );
    assert.equal(refusedBy.size, API_PROCESSES, 'both processes refused the revoked key within 1 s');

    // rate limit: one window per key in Redis, counted by whichever process serves the request
    // (4 streams of fresh connections, so the burst stays well inside the window on a busy machine).
    // A Redis call slower than 200 ms sends a process to its own windows for a second, by design
    // (docs/operations.md, "Dependency outages"); on this shared machine that happens under heavy
    // load, and such a burst proves nothing about the shared window: it is noted and run again.
    const burst = async () => {
      const limited = await cloudKey();
      const allowed: { remaining: number; pid: number }[] = [];
      const refused: Reply[] = [];
      // a process already on its own windows logs nothing new: its last limiter line says so
      let degraded = [...limiterOnOwnWindows.values()].filter(Boolean).length;
      const off = s.api.onLine((l) => l.includes('rate limiter on per-process windows') && degraded++);
      const burstStart = Date.now();
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (allowed.length + refused.length < RATE_LIMIT + 8) {
            const r = await fresh('GET', '/org/v2/environments', limited);
            if (r.status === 429) refused.push(r);
            else {
              assert.equal(r.status, 200);
              allowed.push({ remaining: Number(r.headers['x-ratelimit-remaining']), pid: await pidOf(r.id) });
            }
          }
        }),
      );
      off();
      return { allowed, refused, degraded, burstStart };
    };
    let attempt = await burst();
    for (let i = 0; i < 2 && attempt.degraded > 0; i++) {
      note(`rate limit: Redis too slow during the burst (${attempt.degraded} process(es) on own windows); again`);
      attempt = await burst();
    }
    const { allowed, refused, burstStart } = attempt;
    const burstMs = Date.now() - burstStart;
    assert.ok(burstMs < RATE_WINDOW_S * 1000, `the burst fits in one window (${burstMs} ms)`);
    assert.equal(allowed.length, RATE_LIMIT, 'exactly the limit allowed, over both processes together');
    assert.ok(refused.length > 0, `429 after ${RATE_LIMIT} requests`);
    assert.deepEqual(
      allowed.map((a) => a.remaining).sort((a, b) => a - b),
      Array.from({ length: RATE_LIMIT }, (_, i) => i),
      'X-RateLimit-Remaining took every value once: one counter, whichever process served the request',
    );
    const perPid = new Map<number, number>();
    for (const a of allowed) perPid.set(a.pid, (perPid.get(a.pid) ?? 0) + 1);
    assert.equal(perPid.size, API_PROCESSES, 'both processes counted requests of the limited key');
    assert.ok(refused[0].headers['retry-after'], 'the 429 says when to retry');
    note(
      `rate limit: ${RATE_LIMIT} allowed in ${burstMs} ms (${[...perPid].map(([p, n]) => `${n} by ${p}`).join(', ')}), ${refused.length} refused (429)`,
    );

    // connector signals: a pause and a resume through the API reach the worker running the tasks
    for (const [verb, state] of [
      ['pause', 'PAUSED'],
      ['resume', 'RUNNING'],
    ] as const) {
      const r = await fresh('PUT', `${connectors}/${SOURCE}/${verb}`, cloud);
      assert.equal(r.status, 202);
      const sent = Date.now();
      await waitFor(
        `${SOURCE} ${state}`,
        async () => {
          const st = await status(SOURCE);
          return st.connector.state === state && st.tasks.every((t: any) => t.state === state);
        },
        5000,
        20,
      );
      note(`${verb} through process ${await pidOf(r.id)}: ${state} after ${Date.now() - sent} ms`);
    }
  });

  it('rolling restart under load, each API process then each worker (SIGTERM): 0 failed requests, RUNNING within 10 s, no record lost', async () => {
    const samples: Sample[] = [];
    let loading = true;
    const loop = async (i: number) => {
      const auth = basic(loadKeys[i]);
      const paths = ['/org/v2/environments', `${connectors}/${i % 2 ? SOURCE : SINK}/status`];
      for (let n = 0; loading; n++) {
        const path = paths[n % paths.length];
        const id = `load-${i}-${n}`;
        const start = Date.now();
        try {
          const res = await fetch(`${s.apiBase}${path}`, {
            headers: { authorization: auth, 'x-request-id': id },
            signal: AbortSignal.timeout(15_000),
          });
          const text = await res.text();
          samples.push({
            loop: i,
            path,
            id,
            status: res.status,
            ms: Date.now() - start,
            ...(res.status !== 200 && { error: text.slice(0, 200) }),
          });
        } catch (e) {
          const err = e as Error & { cause?: { code?: string; message?: string } };
          samples.push({
            loop: i,
            path,
            id,
            status: -1,
            ms: Date.now() - start,
            error: `${err.message}: ${err.cause?.code ?? ''} ${err.cause?.message ?? ''}`,
          });
        }
        await sleep(LOAD_PAUSE_MS);
      }
    };
    const loops = Array.from({ length: LOAD_LOOPS }, (_, i) => loop(i));
    await sleep(1000);
    sizing('under load, 5 tasks');

    // Both tiers roll at once, as two deployments updated together; within each, one process at a
    // time, the next once the replacement is up.
    // API processes: SIGTERM, it drains and exits 0, the primary forks its replacement. Each is
    // stopped with a request of ours in flight on it (headers read, body not complete yet),
    // besides the load's keep-alive connections.
    const rollApis = async () => {
      for (const pid of apiPids(s)) {
        const inFlight = await slowRequestOn(pid);
        const draining = s.api.nextLine(new RegExp(`"pid":${pid},.*"msg":"draining"`), 30_000, `${pid} draining`);
        const stopped = s.api.nextLine(new RegExp(`"pid":${pid},.*"msg":"stopped"`), 30_000, `${pid} stopped`);
        const replaced = s.api.nextLine(/^api process (\d+) listening$/, 90_000, 'a replacement listening');
        const sentAt = Date.now();
        process.kill(pid, 'SIGTERM');
        const began = JSON.parse((await draining).input!) as { in_flight: number; connections: number };
        const answer = await inFlight.finish();
        const line = JSON.parse((await stopped).input!) as { drain_ms: number; forced: number };
        const stoppedMs = Date.now() - sentAt;
        const [, next] = await replaced;
        note(
          `API process ${pid}: SIGTERM with ${began.in_flight} request(s) in flight on ${began.connections} connection(s); ` +
            `the held request answered ${answer.status} (Connection: ${answer.connection}); drained in ${line.drain_ms} ms ` +
            `(${line.forced} connections cut), exited after ${stoppedMs} ms; replacement ${next} listening after ${Date.now() - sentAt} ms`,
        );
        assert.ok(began.in_flight >= 1, 'our request was in flight when the drain began');
        assert.equal(answer.status, 200, 'the request in flight is answered, not cut off');
        assert.equal(answer.connection, 'close', 'and its connection closed after the answer');
        assert.equal(line.forced, 0, 'no connection cut off');
      }
    };
    // Workers: SIGTERM hands the tasks over (no lease expiry) to the other two; then the replacement
    // starts (not during the handover: on a busy 2-core machine its start-up would slow the handover).
    const rollWorkers = async () => {
      for (const [id, proc] of [...workers]) {
        const held = (await Promise.all([SOURCE, SINK].map(status))).flatMap((st, i) =>
          st.tasks.filter((t: any) => t.worker_id === id).map((t: any) => `${i ? 'sink' : 'source'} ${t.id}`),
        );
        const sentAt = Date.now();
        const exited = proc.stop('SIGTERM');
        gone.add(id);
        await waitFor(`tasks of ${id} RUNNING elsewhere`, pipelineRunning, 30_000, 50).catch((e) =>
          fail((e as Error).message),
        );
        const ms = Date.now() - sentAt;
        const exit = await exited;
        workers.delete(id);
        note(
          `worker ${id} (${held.join(', ') || 'no task'}): tasks RUNNING elsewhere ${ms} ms after SIGTERM; exit ${exit.signal ?? exit.code}`,
        );
        assert.ok(ms <= FAILOVER_TARGET_MS, `handover took ${ms} ms`);
        assert.equal(exit.code, 0);
        const next = await s.startWorker();
        workers.set(next.id, next.proc);
      }
    };
    await Promise.all([rollApis(), rollWorkers()]);
    sizing('under load, after the restarts');
    loading = false;
    await Promise.all(loops);

    const crashed = [s.broker, s.api, ...s.workers].flatMap((p) => p.unexpectedExit ?? []);
    assert.deepEqual(crashed, [], 'no process exited that the test did not stop');
    const failed = samples.filter((x) => x.status !== 200);
    const served = new Map<number, number>();
    for (const x of samples) {
      const pid = servedBy.get(x.id);
      if (pid) served.set(pid, (served.get(pid) ?? 0) + 1);
    }
    note(
      `load: ${samples.length} requests, ${failed.length} failed; by API process ${[...served].map(([p, n]) => `${p}: ${n}`).join(', ')}; slowest ${Math.max(...samples.map((x) => x.ms))} ms`,
    );
    if (failed.length > 0)
      fail(
        `${failed.length} failed requests:\n${failed
          .slice(0, 20)
          .map((x) => JSON.stringify(x))
          .join('\n')}`,
      );
    // keep-alive connections stay with the process they reached: a late replacement may get few
    assert.ok(served.size > API_PROCESSES, 'the load went on through the replacements');

    // no record lost: stop the source, then every task's values 0..last are in the topic and in the sink
    assert.equal((await api('PUT', `${connectors}/${SOURCE}/pause`)).status, 202);
    await waitFor(
      'source PAUSED',
      async () => (await status(SOURCE)).tasks.every((t: any) => t.state === 'PAUSED'),
      10_000,
    );
    const topic = await readTopic();
    const last = new Map<number, number>();
    const inTopic = new Set<string>();
    for (const r of topic) {
      inTopic.add(`${r.task}:${r.n}`);
      last.set(r.task, Math.max(last.get(r.task) ?? -1, r.n));
    }
    const db = new Client({ connectionString: s.databaseUrl });
    await db.connect();
    const committed = await db
      .query<{ partition: string; offset: { n: number } }>('SELECT "partition", "offset" FROM "SourceOffset"')
      .finally(() => db.end());
    assert.equal(last.size, SOURCE_TASKS);
    for (const o of committed.rows) {
      const task = (JSON.parse(o.partition) as { task: number }).task;
      assert.ok(
        (last.get(task) ?? -1) >= o.offset.n,
        `task ${task}: the topic holds its committed offset ${o.offset.n}`,
      );
    }
    for (const [task, max] of last)
      for (let n = 0; n <= max; n++)
        if (!inTopic.has(`${task}:${n}`)) fail(`task ${task}: ${n} missing from the topic (0..${max})`);
    await waitFor(
      'the sink has every record of the topic',
      () => {
        const got = readSink();
        return [...inTopic].every((k) => got.has(k));
      },
      30_000,
      250,
    ).catch(() => {
      const got = readSink();
      fail(
        `missing from the sink: ${[...inTopic]
          .filter((k) => !got.has(k))
          .slice(0, 20)
          .join(', ')}`,
      );
    });
    note(
      `records: ${inTopic.size} distinct in the topic (${topic.length - inTopic.size} duplicates), per task 0..${[...last.values()].join(', 0..')}, all in the sink`,
    );
  });

  /**
   * A PATCH on a connection held by API process `pid` (the socket's owner per `ss`), sent up to the
   * middle of its body: in flight at the server until finish() sends the rest and reads the answer.
   */
  const slowRequestOn = async (pid: number) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const socket = connect(s.apiPort, '127.0.0.1');
      await once(socket, 'connect');
      const owner = await waitFor(
        'the connection handed to an API process',
        () => {
          const pids = socketOwners(s.apiPort, socket.localPort!);
          return pids.length === 1 && pids[0] !== s.api.pid ? pids[0] : undefined;
        },
        5000,
        20,
      );
      if (owner !== pid) {
        socket.destroy();
        continue;
      }
      const body = JSON.stringify({ display_name: `drain-${pid}` });
      socket.write(
        [
          `PATCH /org/v2/environments/${envId} HTTP/1.1`,
          `Host: 127.0.0.1:${s.apiPort}`,
          `Authorization: ${basic(cloud)}`,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          '',
          body.slice(0, 10),
        ].join('\r\n'),
      );
      let raw = '';
      socket.on('data', (d: Buffer) => (raw += d.toString()));
      const closed = once(socket, 'close');
      socket.on('error', () => undefined);
      // nothing to wait on for "headers parsed" from outside; the drain's in_flight count checks it
      await sleep(300);
      return {
        async finish() {
          await sleep(300);
          socket.write(body.slice(10));
          await closed;
          const [head] = raw.split('\r\n\r\n');
          return {
            status: Number(head.split(' ')[1]),
            connection: head.match(/^connection: (.*)$/im)?.[1],
          };
        },
      };
    }
    return fail(`no connection reached API process ${pid}`);
  };

  const readSink = (): Set<string> => {
    const got = new Set<string>();
    if (!existsSync(sinkFile)) return got;
    for (const line of readFileSync(sinkFile, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as { value: unknown };
        const v = (typeof r.value === 'string' ? JSON.parse(r.value) : r.value) as { task: number; n: number };
        got.add(`${v.task}:${v.n}`);
      } catch {
        // a line being appended
      }
    }
    return got;
  };

  /** Every record of the topic up to its current end offsets, read with the cluster's key. */
  const readTopic = async (): Promise<{ task: number; n: number }[]> => {
    const kafka = new Kafka({
      clientId: 'scale-out-reader',
      brokers: [`127.0.0.1:${s.brokerPort}`],
      sasl: { mechanism: 'plain', username: clusterKey.key, password: clusterKey.secret },
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(TOPIC);
    await admin.disconnect();
    const want = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    const out: { task: number; n: number }[] = [];
    const consumer = kafka.consumer({
      groupId: `scale-reader-${randomBytes(3).toString('hex')}`,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        out.push(JSON.parse(message.value!.toString()) as { task: number; n: number });
      },
    });
    await waitFor(`${want} records read`, () => out.length >= want, 30_000, 100);
    await consumer.disconnect();
    return out;
  };
});
