/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// Issue 20, "Done when" bullet 1: the image and the compose stack, as a user runs them. Builds
// deploy/Dockerfile unchanged (against the stand-in node:20-bookworm-slim of deploy/base-image where
// no registry is reachable) and the nginx proxy image, starts deploy/compose.yaml (+ compose.host.yaml
// on this machine: host network, the machine's Postgres/Redis/MariaDB) — the one-shot migration,
// the broker, 2 API replicas behind the proxy, 3 workers — and then, only through the proxy:
// - the Kafka Connect 101 walkthrough: environment, cluster, cluster API key, topic through Kafka
//   REST (the cluster's http_endpoint, the proxy), DatagenSource TRANSACTIONS/AVRO → MySqlSink;
// - a rolling restart of every API and worker container, one at a time (`docker compose stop`:
//   SIGTERM, drain, then `start`), under a steady request load (keep-alive, no retries by the
//   client) and the running pipeline: 0 failed requests, both connectors RUNNING on the remaining
//   workers within the failover target after each worker stops, and every record of the topic a row
//   in MariaDB at the end (Datagen's transaction_id, 1, 2, …, read from each Avro record).
// Takes minutes (image build when dependencies changed, 7 processes starting on 2 cores, 5 rolled
// one by one), longer than npm test's 180 s per file: it runs when CONNECTPLANE_CONTAINER_TESTS=1,
// in its own `npm test` call with a longer TEST_TIMEOUT_MS (.ci/run; docs/operations.md gives the
// command and its time). Then it is skipped, saying why, only where Docker is absent or its engine
// cannot start.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import mysql from 'mysql2/promise';
import { Client } from 'pg';
import { freePort } from '../support/free-port';
import { http, type Credentials } from '../support/http-client';
import { countRows, MYSQL } from '../support/mariadb';
import { waitFor } from '../support/wait-for';
import { buildImages, composeCommand, dockerUnavailable, secretsDir, sh } from './support/docker';

const FAILOVER_TARGET_MS = 10_000;
const APP_IMAGE = 'connectplane:local';
const PROXY_IMAGE = 'connectplane-proxy:local';
const APIS = ['api-1', 'api-2'] as const;
const WORKERS = ['worker-1', 'worker-2', 'worker-3'] as const;
const LOAD_LOOPS = 3;
const SOURCE = 'DatagenSourceConnector_0';
const SINK = 'MySqlSinkConnector_1';
const TOPIC = 'transactions';

const unavailable =
  process.env.CONNECTPLANE_CONTAINER_TESTS === '1'
    ? dockerUnavailable()
    : 'container test: set CONNECTPLANE_CONTAINER_TESTS=1 and TEST_TIMEOUT_MS=1800000 (builds the image, runs the compose stack)';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Datagen TRANSACTIONS' first field, transaction_id (an Avro long: zigzag varint), after the 5-byte Schema Registry header. */
function transactionId(value: Buffer): number {
  let n = 0;
  let shift = 0;
  let offset = 5;
  for (;;) {
    const b = value[offset++];
    n += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) break;
  }
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

describe(
  'compose stack: image, 2 APIs behind the proxy, 3 workers, KC101 walkthrough, rolling restarts',
  { skip: unavailable && `skipped: ${unavailable}` },
  () => {
    const run = randomBytes(3).toString('hex');
    const project = `cpdeploy${run}`;
    const pgDb = `connectplane_deploy_${run}`;
    const myDb = `cp_deploy_${run}`;
    const work = mkdtempSync(join(tmpdir(), 'cp-compose-'));
    const logFile = join(tmpdir(), `compose-stack-${project}.log`);
    const compose = composeCommand()!;
    const ports: Record<string, number> = {};
    let env: NodeJS.ProcessEnv;
    let base = '';
    let admin: Credentials;
    let clusterKey: Credentials;
    let connect = '';
    let db: mysql.Connection;
    let started = false;
    const t0 = Date.now();
    const timeline: string[] = [];
    const note = (line: string) => {
      const l = `[+${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`;
      timeline.push(l);
      console.log(l);
    };

    const dc = (...args: string[]) =>
      sh(
        compose[0],
        [...compose.slice(1), '-p', project, '-f', 'deploy/compose.yaml', '-f', 'deploy/compose.host.yaml', ...args],
        {
          env,
          timeoutMs: 5 * 60_000,
        },
      );
    const containerOf = (service: string) => dc('ps', '-q', service).trim();
    const logsOf = (service: string) => sh('docker', ['logs', containerOf(service)], { env }).toString();
    /** Worker ids a worker container has announced, oldest first (one per start). */
    const workerIds = (service: string) =>
      [
        ...sh('sh', ['-c', `docker logs ${containerOf(service)} 2>&1`]).matchAll(/connectplane worker ready: (\S+),/g),
      ].map((m) => m[1]);
    const api = (method: string, path: string, body?: unknown) => http(base, method, path, { auth: admin, body });
    const status = async (name: string) => (await api('GET', `${connect}/connectors/${name}/status`)).body;
    const fail = (why: string): never =>
      assert.fail(`${why}\ntimeline:\n${timeline.join('\n')}\ncompose logs: ${logFile}`);

    before(
      async () => {
        for (const p of ['proxy', 'api1', 'api2', 'broker', 'brokerMetrics', 'worker1', 'worker2', 'worker3'])
          ports[p] = await freePort();
        base = `http://127.0.0.1:${ports.proxy}`;
        const { appSeconds, appBytes } = buildImages(APP_IMAGE, PROXY_IMAGE);
        note(`image ${APP_IMAGE}: ${(appBytes / 1e6).toFixed(0)} MB, docker build ${appSeconds.toFixed(0)} s`);

        const secrets = secretsDir(join(work, 'secrets'));
        admin = {
          key: readFileSync(join(secrets, 'bootstrap_api_key'), 'utf8').trim(),
          secret: readFileSync(join(secrets, 'bootstrap_api_secret'), 'utf8').trim(),
        };
        env = {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          CONNECTPLANE_IMAGE: APP_IMAGE,
          CONNECTPLANE_PROXY_IMAGE: PROXY_IMAGE,
          CONNECTPLANE_SECRETS_DIR: secrets,
          CP_DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${pgDb}`,
          CP_REDIS_PREFIX: `cpdeploy:${run}:`,
          CP_PROXY_PORT: String(ports.proxy),
          CP_API1_PORT: String(ports.api1),
          CP_API2_PORT: String(ports.api2),
          CP_BROKER_PORT: String(ports.broker),
          CP_BROKER_METRICS_PORT: String(ports.brokerMetrics),
          CP_WORKER1_METRICS_PORT: String(ports.worker1),
          CP_WORKER2_METRICS_PORT: String(ports.worker2),
          CP_WORKER3_METRICS_PORT: String(ports.worker3),
        };
        db = await mysql.createConnection(MYSQL);
        await db.query(`CREATE DATABASE \`${myDb}\``);

        started = true;
        dc('up', '-d', '--no-build');
        note('compose up returned');
        await waitFor('the API through the proxy', async () => (await fetch(`${base}/readyz`)).ok, 180_000, 500);
        await waitFor('3 workers ready', () => WORKERS.every((w) => workerIds(w).length > 0), 120_000, 1000);
        note(`ready: workers ${WORKERS.map((w) => workerIds(w)[0]).join(', ')}`);
      },
      { timeout: 25 * 60_000 },
    );

    after(async () => {
      if (started) {
        try {
          writeFileSync(logFile, dc('logs', '--no-color', '--timestamps'));
        } catch (e) {
          writeFileSync(logFile, String(e));
        }
        try {
          dc('down', '-v', '-t', '30');
        } catch (e) {
          console.log(String(e));
        }
      }
      await db?.query(`DROP DATABASE IF EXISTS \`${myDb}\``).catch(() => undefined);
      await db?.end().catch(() => undefined);
      const pg = new Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
      await pg.connect().catch(() => undefined);
      await pg.query(`DROP DATABASE IF EXISTS "${pgDb}" WITH (FORCE)`).catch(() => undefined);
      await pg.end().catch(() => undefined);
      rmSync(work, { recursive: true, force: true });
    });

    it('the image runs as a non-root user, and each container reports healthy', { timeout: 300_000 }, async () => {
      assert.equal(sh('docker', ['run', '--rm', '--entrypoint', 'id', APP_IMAGE, '-u']).trim(), '1000');
      for (const service of ['broker-host', ...APIS, ...WORKERS])
        await waitFor(
          `${service} healthy`,
          () => sh('docker', ['inspect', '-f', '{{.State.Health.Status}}', containerOf(service)]).trim() === 'healthy',
          280_000,
          1000,
        );
      const migrate = sh('docker', ['inspect', '-f', '{{.State.ExitCode}}', containerOf('migrate')]).trim();
      assert.equal(migrate, '0', logsOf('migrate'));
    });

    it(
      'KC101 through the proxy: environment, cluster, key, topic, Datagen → MySqlSink with rows in MariaDB',
      { timeout: 180_000 },
      async () => {
        const env1 = await api('POST', '/org/v2/environments', { display_name: 'kc101' });
        assert.equal(env1.status, 201, env1.text);
        const envId = env1.body.id;
        const cl = await api('POST', '/cmk/v2/clusters', {
          spec: {
            display_name: 'kc101',
            availability: 'SINGLE_ZONE',
            cloud: 'GCP',
            region: 'us-west4',
            config: { kind: 'Basic' },
            environment: { id: envId },
          },
        });
        assert.equal(cl.status, 202, cl.text);
        const clusterId = cl.body.id;
        const restEndpoint: string = cl.body.spec.http_endpoint;
        assert.equal(restEndpoint.replace(/\/$/, ''), base, 'the cluster REST endpoint is the proxy');
        const owner = (await api('GET', `/iam/v2/api-keys/${admin.key}`)).body.spec.owner.id;
        const key = await api('POST', '/iam/v2/api-keys', {
          spec: { owner: { id: owner }, resource: { id: clusterId, environment: envId } },
        });
        assert.equal(key.status, 202, key.text);
        clusterKey = { key: key.body.id, secret: key.body.spec.secret };
        const topic = await http(restEndpoint, 'POST', `/kafka/v3/clusters/${clusterId}/topics`, {
          auth: clusterKey,
          body: { topic_name: TOPIC, partitions_count: 6, replication_factor: 3 },
        });
        assert.equal(topic.status, 201, topic.text);
        connect = `/connect/v1/environments/${envId}/clusters/${clusterId}`;

        const plugins = await api('GET', `${connect}/connector-plugins`);
        const classes = plugins.body.map((p: any) => p.class);
        for (const c of ['DatagenSource', 'MySqlSink']) assert.ok(classes.includes(c), `${c} in ${classes}`);

        const kafkaAuth = {
          'kafka.auth.mode': 'KAFKA_API_KEY',
          'kafka.api.key': clusterKey.key,
          'kafka.api.secret': clusterKey.secret,
        };
        const src = await api('POST', `${connect}/connectors`, {
          name: SOURCE,
          config: {
            'connector.class': 'DatagenSource',
            name: SOURCE,
            ...kafkaAuth,
            'kafka.topic': TOPIC,
            'output.data.format': 'AVRO',
            quickstart: 'TRANSACTIONS',
            'max.interval': '100',
            'tasks.max': '1',
          },
        });
        assert.equal(src.status, 201, src.text);
        const sink = await api('PUT', `${connect}/connectors/${SINK}/config`, {
          'connector.class': 'MySqlSink',
          name: SINK,
          topics: TOPIC,
          'input.data.format': 'AVRO',
          'input.key.format': 'STRING',
          ...kafkaAuth,
          'connection.host': MYSQL.host,
          'connection.port': String(MYSQL.port),
          'connection.user': MYSQL.user,
          'connection.password': MYSQL.password,
          'db.name': myDb,
          'ssl.mode': 'prefer',
          'pk.mode': 'none',
          'auto.create': 'true',
          'tasks.max': '2',
        });
        assert.ok(sink.status === 200 || sink.status === 201, `${sink.status} ${sink.text}`);
        await waitFor('pipeline RUNNING', () => pipelineRunning(new Set()), 60_000, 250);
        await waitFor('rows in MariaDB', async () => (await countRows(db, myDb, TOPIC)) >= 10, 60_000, 250);
        note(`walkthrough done: ${await countRows(db, myDb, TOPIC)} rows`);
      },
    );

    /** Both connectors and all their tasks RUNNING, none on a stopped worker; where the tasks run. */
    async function pipelineRunning(gone: Set<string>): Promise<string[] | false> {
      const placed: string[] = [];
      for (const [name, n] of [
        [SOURCE, 1],
        [SINK, 2],
      ] as const) {
        const st = await status(name);
        if (st?.connector?.state !== 'RUNNING' || st.tasks?.length !== n) return false;
        for (const t of st.tasks) {
          if (t.state !== 'RUNNING' || !t.worker_id || gone.has(t.worker_id)) return false;
          placed.push(`${name}/${t.id}@${t.worker_id}`);
        }
      }
      return placed;
    }

    it(
      'rolling restart of every API and worker container under load: 0 failed requests, connectors back within the target, every record a row',
      { timeout: 20 * 60_000 },
      async () => {
        assert.ok(connect, 'the walkthrough ran');
        // The load: keep-alive connections to the proxy, no retries; anything but 200 is a failure.
        let stop = false;
        let ok = 0;
        const failures: string[] = [];
        const slow: string[] = [];
        const paths = ['/org/v2/environments', `${connect}/connectors/${SOURCE}/status`, `${connect}/connectors`];
        const loops = Array.from({ length: LOAD_LOOPS }, async (_, i) => {
          for (let n = 0; !stop; n++) {
            const path = paths[(i + n) % paths.length];
            try {
              const res = await http(base, 'GET', path, { auth: admin });
              if (res.status === 200) ok++;
              else failures.push(`${new Date().toISOString()} ${path} → ${res.status} ${res.text.slice(0, 200)}`);
            } catch (e) {
              failures.push(
                `${new Date().toISOString()} ${path} → ${(e as Error).message} ${String((e as any).cause ?? '')}`,
              );
            }
            await sleep(50);
          }
        });

        try {
          for (const service of APIS) {
            const port = service === 'api-1' ? ports.api1 : ports.api2;
            // `docker stop` is what `docker compose stop` does for one container (SIGTERM, then
            // SIGKILL after -t), without compose's own start-up time in the measurement.
            const container = containerOf(service);
            const t = Date.now();
            sh('docker', ['stop', '-t', '30', container]);
            note(`${service} stopped (drained) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
            sh('docker', ['start', container]);
            await waitFor(
              `${service} ready`,
              async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
              180_000,
              250,
            );
            note(`${service} back (ready ${((Date.now() - t) / 1000).toFixed(1)} s after its stop began)`);
          }
          const gone = new Set<string>();
          let since = 0;
          const runningFor = async (without: Set<string>, ms: number) => {
            if (!(await pipelineRunning(without))) since = 0;
            else if (!since) since = Date.now();
            return since > 0 && Date.now() - since >= ms;
          };
          for (const service of WORKERS) {
            // One change at a time: the tasks placed and RUNNING for 5 s before the next stop (a
            // worker that just started may still be taking tasks over).
            since = 0;
            await waitFor('pipeline settled', () => runningFor(gone, 5000), 120_000, 250);
            const ids = workerIds(service);
            const id = ids[ids.length - 1];
            const container = containerOf(service);
            const t = Date.now();
            sh('docker', ['stop', '-t', '30', container]);
            gone.add(id);
            const placed = await waitFor(
              'pipeline RUNNING without the stopped worker',
              () => pipelineRunning(gone),
              120_000,
              100,
            );
            const failover = Date.now() - t;
            note(
              `${service} (${id}) stopped: pipeline RUNNING after ${(failover / 1000).toFixed(1)} s: ${placed.join(', ')}`,
            );
            if (failover > FAILOVER_TARGET_MS)
              slow.push(`${service}: connectors RUNNING again after ${failover} ms (target ${FAILOVER_TARGET_MS})`);
            sh('docker', ['start', container]);
            await waitFor(`${service} ready again`, () => workerIds(service).length > ids.length, 180_000, 1000);
            note(`${service} back as ${workerIds(service).at(-1)}`);
          }
        } finally {
          stop = true;
          await Promise.all(loops);
        }
        note(`load: ${ok} requests answered 200, ${failures.length} failed`);
        if (failures.length) fail(`${failures.length} failed requests:\n${failures.slice(0, 20).join('\n')}`);
        if (slow.length) fail(slow.join('\n'));
        assert.ok(ok > 100, `the load ran (${ok} requests)`);

        // Every record of the topic a row: stop the source, then compare transaction ids.
        const paused = await api('PUT', `${connect}/connectors/${SOURCE}/pause`);
        assert.equal(paused.status, 202, paused.text);
        await waitFor(
          'Datagen PAUSED',
          async () => (await status(SOURCE))?.tasks?.[0]?.state === 'PAUSED',
          30_000,
          200,
        );
        const inTopic = await topicTransactionIds();
        assert.ok(inTopic.size > 50, `records in the topic: ${inTopic.size}`);
        const missing = await waitFor(
          'every record in MariaDB',
          async () => {
            const [rows] = await db.query(`SELECT DISTINCT transaction_id AS id FROM \`${myDb}\`.\`${TOPIC}\``);
            const inDb = new Set((rows as { id: number | string }[]).map((r) => Number(r.id)));
            const left = [...inTopic].filter((id) => !inDb.has(id));
            return left.length === 0 ? [] : undefined;
          },
          60_000,
          500,
        ).catch((e: Error) => fail(e.message));
        assert.deepEqual(missing, []);
        note(
          `${inTopic.size} distinct records in the topic, all in MariaDB (${await countRows(db, myDb, TOPIC)} rows)`,
        );
        const sinkState = await status(SINK);
        assert.equal(sinkState.connector.state, 'RUNNING');
      },
    );

    /** Every transaction_id in the topic, read with the cluster key from the broker. */
    async function topicTransactionIds(): Promise<Set<number>> {
      const kafka = new Kafka({
        clientId: 'compose-stack-test',
        brokers: [`127.0.0.1:${ports.broker}`],
        sasl: { mechanism: 'plain', username: clusterKey.key, password: clusterKey.secret },
        logLevel: logLevel.NOTHING,
      });
      const adminClient = kafka.admin();
      await adminClient.connect();
      const offsets = await adminClient.fetchTopicOffsets(TOPIC);
      await adminClient.disconnect();
      const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
      const ids = new Set<number>();
      let seen = 0;
      const consumer = kafka.consumer({ groupId: `compose-stack-${run}` });
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen++;
          if (message.value) ids.add(transactionId(message.value));
        },
      });
      await waitFor(`${total} records read`, () => seen >= total, 60_000, 100);
      await consumer.disconnect();
      return ids;
    }
  },
);
