// The Kafka Connect 101 CLI exercise (CLI.md §11) with the real `connectplane` executable against
// the real stack: API, embedded broker, a connect worker with the Schema Registry, Postgres, Redis
// and MariaDB. Commands are the course's, verbatim but for the command name and the login; human
// and JSON outputs are checked at each step.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { loadConfig } from '@libs/config';
import { EgressPolicy, setEgressPolicy } from '@libs/connectors';
import type { ConnectRuntime } from '@libs/connect-runtime';
import { startRuntime, startStack, type Stack } from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { waitFor } from '../../support/wait-for';
import { ok, type Cli } from './cli-runner';
import { exited, spawnedCli, startCli } from './spawn-cli';

const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

describe('Kafka Connect 101 CLI exercise with connectplane', () => {
  let stack: Stack;
  let rt: ConnectRuntime | undefined;
  let t: Tenant;
  let db: mysql.Connection;
  let cli: Cli;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const dbName = `cp_cli_${randomBytes(4).toString('hex')}`;
  let envId = '';
  let lkc = '';
  let clusterKey = { api_key: '', api_secret: '' };
  let srKey = { api_key: '', api_secret: '' };
  let source = '';
  let sink = '';

  const json = async (args: string[]) => JSON.parse(ok(await cli([...args, '-o', 'json'])).stdout);
  const rows = async (): Promise<number> => {
    try {
      const [r] = await db.query(`SELECT COUNT(*) AS n FROM \`${dbName}\`.\`transactions\``);
      return Number((r as { n: number }[])[0]!.n);
    } catch {
      return 0;
    }
  };
  const connectorStatus = async (id: string) =>
    (await json(['connect', 'cluster', 'describe', id])) as {
      connector: { id: string; name: string; status: string; type: string };
      tasks: { task: number; state: string }[];
      configs: { config: string; value: string }[];
    };
  const waitConnector = (id: string, state: string) =>
    waitFor(
      `${id} ${state}`,
      async () => {
        const d = await connectorStatus(id);
        return d.connector.status === state && d.tasks.length > 0 && d.tasks.every((x) => x.state === state)
          ? d
          : undefined;
      },
      60_000,
      300,
    );

  before(async () => {
    db = await mysql.createConnection(MYSQL);
    await db.query(`CREATE DATABASE \`${dbName}\``);
    stack = await startStack({ CONNECT_TEST_PLUGINS: 'false' });
    t = await stack.api.newTenant('kc101-cli');
    ({ cli, env, configHome: dir } = spawnedCli());
  });

  after(async () => {
    await rt?.close().catch(() => undefined);
    await db?.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => undefined);
    await db?.end().catch(() => undefined);
    await stack?.close();
  });

  it('1–2: login, environment list → environment use', async () => {
    const login = ok(
      await cli(['login', '--url', stack.api.baseUrl], {
        env: { CONNECTPLANE_API_KEY: t.admin.key, CONNECTPLANE_API_SECRET: t.admin.secret },
      }),
    );
    assert.match(login.stdout, /^Logged in as "/);
    await json(['environment', 'create', 'kc-101']);
    const list = ok(await cli(['environment', 'list'])).stdout;
    envId = /(env-[a-z0-9]+) +\| kc-101/.exec(list)![1]!;
    assert.equal(ok(await cli(['environment', 'use', envId])).stdout, `Using environment "${envId}".\n`);
  });

  it('3–4: kafka cluster create kc-101 --cloud gcp --region us-west4 --type basic; list → use', async () => {
    const created = ok(
      await cli(['kafka', 'cluster', 'create', 'kc-101', '--cloud', 'gcp', '--region', 'us-west4', '--type', 'basic']),
    );
    assert.equal(created.stderr, 'It may take up to 5 minutes for the Kafka cluster to be ready.\n');
    assert.match(created.stdout, /^\+-+\+-+\+\n\| Current +\| false +\|\n\| ID +\| lkc-/);
    const list = ok(await cli(['kafka', 'cluster', 'list'])).stdout.split('\n');
    assert.match(
      list[0]!,
      /^ {2}Current \| +ID +\| +Name +\| +Type +\| Cloud \| +Region +\| Availability \| Network \| +Status +\| Deletion Protection \| +Endpoint +$/,
    );
    lkc = /(lkc-[a-z0-9]+)/.exec(list[2]!)![1]!;
    const use = ok(await cli(['kafka', 'cluster', 'use', lkc]));
    assert.equal(use.stderr, `Set Kafka cluster "${lkc}" as the active cluster for environment "${envId}".\n`);
  });

  it('5–6: api-key create --resource lkc → api-key use; Schema Registry key', async () => {
    const human = ok(await cli(['api-key', 'create', '--resource', lkc]));
    assert.equal(
      human.stderr,
      'It may take a couple of minutes for the API key to be ready.\nSave the API key and secret. The secret is not retrievable later.\n',
    );
    const m = /\| API Key +\| (\w+) +\|\n\| API Secret +\| (\w+) +\|/.exec(human.stdout)!;
    clusterKey = { api_key: m[1]!, api_secret: m[2]! };
    assert.equal(
      ok(await cli(['api-key', 'use', clusterKey.api_key, '--resource', lkc])).stdout,
      `Using API Key "${clusterKey.api_key}".\n`,
    );
    const sr = await json(['schema-registry', 'cluster', 'describe']);
    assert.match(sr.cluster, /^lsrc-/);
    srKey = await json(['api-key', 'create', '--resource', sr.cluster]);
    assert.deepEqual(Object.keys(srKey), ['api_key', 'api_secret']);

    // the worker, as apps/worker runs it, for this tenant
    const config = loadConfig();
    setEgressPolicy(EgressPolicy.fromConfig(config));
    rt = await startRuntime(stack, t.organizationId, {
      capacity: 10,
      workerId: 'w-kc101-cli',
      offsetFlushIntervalMs: 500,
      schemaRegistry: true,
      testPlugins: false,
    });
  });

  it('kafka topic create transactions; list; describe', async () => {
    assert.equal(ok(await cli(['kafka', 'topic', 'create', 'transactions'])).stdout, 'Created topic "transactions".\n');
    const list = ok(await cli(['kafka', 'topic', 'list'])).stdout;
    assert.match(list, /^ +Name +\| Internal \| Replication Factor \| Partition Count +\n-+\+/);
    // partitions and replication as the server defaults them (the course gives no --partitions)
    assert.match(list, /^ {2}transactions \| false +\| +\d+ \| +\d+ +$/m);
    const dup = await cli(['kafka', 'topic', 'create', 'transactions']);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, new RegExp(`^Error: topic "transactions" already exists for Kafka cluster "${lkc}"`));
    const described = await json(['kafka', 'topic', 'describe', 'transactions']);
    assert.deepEqual(Object.keys(described), ['name', 'is_internal', 'replication_factor', 'partition_count']);
    assert.equal(described.name, 'transactions');
    assert.ok(described.partition_count >= 1);
  });

  it('7: connect plugin list shows DatagenSource and MySqlSink', async () => {
    const human = ok(await cli(['connect', 'plugin', 'list'])).stdout.split('\n');
    assert.match(human[0]!, /^ +Plugin Name +\| +Type +$/);
    assert.match(human[1]!, /^-+\+-+$/);
    // column widths follow the longest plugin name, which grows as plugins are added
    assert.ok(
      human.some((l) => /^ {2}DatagenSource +\| source {2}$/.test(l)),
      human.join('\n'),
    );
    assert.ok(
      human.some((l) => /^ {2}MySqlSink +\| sink {4}$/.test(l)),
      human.join('\n'),
    );
    const plugins = await json(['connect', 'plugin', 'list']);
    assert.deepEqual(plugins[0], { plugin_name: 'DatagenSource', type: 'source' });
  });

  it('8–10: connect cluster create --config-file datagen-source-config.json; list until RUNNING', async () => {
    const file = join(dir, 'datagen-source-config.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'DatagenSourceConnector_0',
        config: {
          'connector.class': 'DatagenSource',
          name: 'DatagenSourceConnector_0',
          'kafka.auth.mode': 'KAFKA_API_KEY',
          'kafka.api.key': clusterKey.api_key,
          'kafka.api.secret': clusterKey.api_secret,
          'kafka.topic': 'transactions',
          'output.data.format': 'AVRO',
          quickstart: 'TRANSACTIONS',
          'tasks.max': '1',
        },
      }),
    );
    const created = ok(await cli(['connect', 'cluster', 'create', '--config-file', file]));
    const m = /^\+-+\+-+\+\n\| ID +\| (lcc-\w+) +\|\n\| Name +\| DatagenSourceConnector_0 \|\n\+/.exec(created.stdout);
    assert.ok(m, created.stdout);
    source = m[1]!;
    await waitFor(
      'Datagen RUNNING in connect cluster list',
      async () =>
        /RUNNING/.test(
          ok(await cli(['connect', 'cluster', 'list']))
            .stdout.split('\n')
            .find((l) => l.includes(source)) ?? '',
        ),
      60_000,
      300,
    );
    const list = await json(['connect', 'cluster', 'list']);
    assert.deepEqual(list, [{ id: source, name: 'DatagenSourceConnector_0', status: 'RUNNING', type: 'source' }]);
  });

  it('11: kafka topic consume transactions --from-beginning --value-format avro prints decoded records', async () => {
    const child = startCli(
      [
        'kafka',
        'topic',
        'consume',
        'transactions',
        '--from-beginning',
        '--value-format',
        'avro',
        '--schema-registry-api-key',
        srKey.api_key,
        '--schema-registry-api-secret',
        srKey.api_secret,
      ],
      env,
    );
    const done = exited(child);
    await waitFor(
      '3 records',
      () => child.out.stdout.split('\n').filter(Boolean).length >= 3 || undefined,
      60_000,
      100,
    );
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'Starting Kafka Consumer. Use Ctrl-C to exit.\n');
    const record = JSON.parse(r.stdout.split('\n')[0]!);
    for (const f of ['transaction_id', 'card_id', 'user_id', 'purchase_id', 'store_id']) assert.ok(f in record, f);
  });

  it('12–15: MySqlSink from a flat config file (ssl.mode prefer) RUNNING, rows in MariaDB', async () => {
    const file = join(dir, 'mysql-sink-config.json');
    writeFileSync(
      file,
      JSON.stringify({
        'connector.class': 'MySqlSink',
        name: 'MySqlSinkConnector_1',
        topics: 'transactions',
        'input.data.format': 'AVRO',
        'input.key.format': 'STRING',
        'kafka.auth.mode': 'KAFKA_API_KEY',
        'kafka.api.key': clusterKey.api_key,
        'kafka.api.secret': clusterKey.api_secret,
        'connection.host': MYSQL.host,
        'connection.port': String(MYSQL.port),
        'connection.user': MYSQL.user,
        'connection.password': MYSQL.password,
        'db.name': dbName,
        'ssl.mode': 'prefer',
        'pk.mode': 'none',
        'auto.create': 'true',
        'auto.evolve': 'true',
        'tasks.max': '1',
      }),
    );
    const created = await json(['connect', 'cluster', 'create', '--config-file', file]);
    assert.deepEqual(Object.keys(created), ['id', 'name']);
    sink = created.id;
    const d = await waitConnector(sink, 'RUNNING');
    assert.deepEqual(d.connector, { id: sink, name: 'MySqlSinkConnector_1', status: 'RUNNING', type: 'sink' });
    assert.equal(d.configs.find((c) => c.config === 'kafka.api.secret')?.value, '****************');
    assert.equal(d.configs.find((c) => c.config === 'ssl.mode')?.value, 'prefer');
    const human = ok(await cli(['connect', 'cluster', 'describe', sink])).stdout;
    assert.match(
      human,
      /^Connector Details\n\+-+\+-+\+\n\| ID +\| lcc-\w+ +\|\n\| Name +\| MySqlSinkConnector_1 \|\n\| Status +\| RUNNING +\|\n\| Type +\| sink +\|\n\+-+\+-+\+\n\n\nTask Level Details\n {2}Task \| +State +\n-+\+-+\n {5}0 \| RUNNING +\n\n\nConfiguration Details\n +Config +\| +Value +\n/,
    );
    await waitFor('rows in MariaDB', async () => ((await rows()) >= 3 ? true : undefined), 60_000, 300);
  });

  it('16–17: pause → PAUSED and no new rows; resume → RUNNING and rows arrive', async () => {
    assert.equal(ok(await cli(['connect', 'cluster', 'pause', sink])).stdout, `Paused connector "${sink}".\n`);
    await waitConnector(sink, 'PAUSED');
    const atPause = await rows();
    await new Promise((r) => setTimeout(r, 1500)); // the observation window: no row may arrive in it
    assert.equal(await rows(), atPause);
    assert.equal(ok(await cli(['connect', 'cluster', 'resume', sink])).stdout, `Resumed connector "${sink}".\n`);
    await waitConnector(sink, 'RUNNING');
    await waitFor('rows after resume', async () => ((await rows()) > atPause ? true : undefined), 60_000, 300);
  });

  it('18: connect cluster delete <sink> <source> --force; kafka topic delete transactions --force', async () => {
    const del = ok(await cli(['connect', 'cluster', 'delete', sink, source, '--force']));
    assert.equal(del.stdout, `Deleted connectors "${sink}" and "${source}".\n`);
    assert.equal(ok(await cli(['connect', 'cluster', 'list'])).stdout, 'None found.\n');
    assert.equal(
      ok(await cli(['kafka', 'topic', 'delete', 'transactions', '--force'])).stdout,
      'Deleted topic "transactions".\n',
    );
    const gone = await cli(['kafka', 'topic', 'describe', 'transactions']);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr, 'Error: unknown topic "transactions"\n');
  });
});
