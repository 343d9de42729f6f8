/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// The Metrics API end to end (issue 17, "Done when"): a DatagenSource and a MySqlSink run for a
// minute through the real runtime; the per-minute sent/received records the API returns add up to
// the records in the topic and the rows in MariaDB, a poison record shows in
// dead_letter_queue_records, a forced task failure gives a TaskFailed event and an ERROR log line
// with its trace, and another tenant sees none of it. Plus descriptors, export and bad requests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { ConnectRuntime } from '@libs/connect-runtime';
import { PlatformRepository, PrismaService } from '@libs/db';
import {
  provisionCluster,
  clusterKafka,
  startRuntime,
  startStack,
  type ProvisionedCluster,
  type Stack,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import type { Credentials } from '../../support/http-client';
import { waitFor } from '../../support/wait-for';
import { countRows, MYSQL } from '../../support/mariadb';

const CONNECT = 'io.confluent.kafka.connect';
const TOPIC = 'metrics-transactions';
/** The least time Datagen runs before its records span two minutes; waits allow more. */
const RUN_MS = 62_000;
/** Enough records that the per-minute sums are a real check (Datagen writes ~20/s here). */
const MIN_RECORDS = 100;

describe('Metrics API (/v2/metrics/cloud)', () => {
  let stack: Stack;
  let rt: ConnectRuntime;
  let t: Tenant;
  let c: ProvisionedCluster;
  let db: mysql.Connection;
  const dbName = `cp_metrics_${randomBytes(4).toString('hex')}`;
  let base: string;
  const ids: Record<string, string> = {};
  const startedAt = Date.now();

  const connect = (method: string, path: string, body?: unknown) =>
    stack.api.request(method, `${base}${path}`, { auth: t.admin, body });
  const query = (body: unknown, auth: Credentials = t.admin) =>
    stack.api.request('POST', '/v2/metrics/cloud/query', { auth, body });
  /** The window of the whole test, minute-aligned so PT1M buckets are whole minutes. */
  const window = () => {
    const from = new Date(startedAt - (startedAt % 60_000) - 60_000).toISOString();
    const to = new Date(Date.now() - (Date.now() % 60_000) + 120_000).toISOString();
    return [`${from}/${to}`];
  };
  const perMinute = async (metric: string, connectorId: string) => {
    const res = await query({
      aggregations: [{ metric: `${CONNECT}/${metric}` }],
      filter: { field: 'resource.connector.id', op: 'EQ', value: connectorId },
      granularity: 'PT1M',
      intervals: window(),
    });
    assert.equal(res.status, 200, res.text);
    return res.body.data as { timestamp: string; value: number }[];
  };
  const total = (points: { value: number }[]) => points.reduce((s, p) => s + p.value, 0);
  const waitRunning = (name: string) =>
    waitFor(
      `${name} RUNNING`,
      async () => {
        const s = (await connect('GET', `/connectors/${name}/status`)).body;
        return s.connector?.state === 'RUNNING' &&
          s.tasks?.length > 0 &&
          s.tasks.every((x: any) => x.state === 'RUNNING')
          ? s
          : undefined;
      },
      30_000,
    );
  const rows = (): Promise<number> => countRows(db, dbName, TOPIC);
  const kafka = () => clusterKafka(stack, c, 'metrics-test');

  before(async () => {
    db = await mysql.createConnection(MYSQL);
    await db.query(`CREATE DATABASE \`${dbName}\``);
    stack = await startStack();
    t = await stack.api.newTenant('metrics');
    c = await provisionCluster(stack.api, t, 'metrics');
    rt = await startRuntime(stack, t.organizationId, {
      capacity: 10,
      workerId: 'w-metrics',
      metricsFlushMs: 500,
      schemaRegistry: true,
    });
    base = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
    const kafkaKey = { 'kafka.api.key': c.key.key, 'kafka.api.secret': c.key.secret };
    const created = async (name: string, config: Record<string, string>) => {
      const res = await connect('POST', '/connectors', { name, config: { name, ...kafkaKey, ...config } });
      assert.equal(res.status, 201, res.text);
      ids[name] = (await connect('GET', `/connectors/${name}/status?expand=id`)).body.id.id;
    };
    await created('orders', {
      'connector.class': 'DatagenSource',
      'kafka.topic': TOPIC,
      'output.data.format': 'AVRO',
      quickstart: 'TRANSACTIONS',
      'max.interval': '100',
      'tasks.max': '1',
    });
    await created('orders-to-mysql', {
      'connector.class': 'MySqlSink',
      topics: TOPIC,
      'input.data.format': 'AVRO',
      'input.key.format': 'STRING',
      'connection.host': MYSQL.host,
      'connection.port': String(MYSQL.port),
      'connection.user': MYSQL.user,
      'connection.password': MYSQL.password,
      'db.name': dbName,
      'ssl.mode': 'prefer',
      'pk.mode': 'none',
      'auto.create': 'true',
      'tasks.max': '1',
    });
    // poll() throws at n = 3 on every run: FAILED, restarted with backoff, FAILED again
    await created('failing', {
      'connector.class': 'CounterSource',
      topic: 'metrics-counts',
      'batch.size': '1',
      'poll.interval.ms': '20',
      'fail.at': '3',
    });
  });

  after(async () => {
    await rt?.close();
    await stack?.close();
    await db?.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => undefined);
    await db?.end().catch(() => undefined);
  });

  it('connector ids are lcc- ids', () => {
    for (const name of ['orders', 'orders-to-mysql', 'failing']) assert.match(ids[name] ?? '', /^lcc-/, name);
  });

  it('after a minute, sent and received records per minute add up to the topic and the table', async () => {
    await waitRunning('orders');
    await waitRunning('orders-to-mysql');
    // one record the sink cannot deserialize (not Avro): the sink's DLQ takes it
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: [{ key: 'poison', value: 'not avro' }] });
    await producer.disconnect();
    // run until Datagen's records fall in two minutes and number more than MIN_RECORDS (a fixed
    // sleep from module load did not under load: set-up took most of it and every record landed
    // in one minute; two minutes alone did not when the run began just before a minute's end)
    await waitFor(
      `Datagen records in two minutes, more than ${MIN_RECORDS}`,
      async () => {
        const pts = await perMinute('sent_records', ids.orders as string);
        return pts.filter((p) => p.value > 0).length >= 2 && total(pts) > MIN_RECORDS ? true : undefined;
      },
      RUN_MS + 60_000,
      1000,
    );

    assert.equal((await connect('PUT', '/connectors/orders/pause')).status, 202);
    await waitFor('orders PAUSED', async () =>
      (await connect('GET', '/connectors/orders/status')).body.connector?.state === 'PAUSED' ? true : undefined,
    );
    const admin = kafka().admin();
    await admin.connect();
    const inTopic = async () =>
      (await admin.fetchTopicOffsets(TOPIC)).reduce((s, p) => s + Number(p.high) - Number(p.low), 0);
    const records = await waitFor(
      'the topic to stop growing',
      async () => {
        const a = await inTopic();
        await new Promise((r) => setTimeout(r, 1000));
        return (await inTopic()) === a ? a : undefined;
      },
      20_000,
    );
    await admin.disconnect();
    const datagenRecords = records - 1;
    assert.ok(datagenRecords > MIN_RECORDS, `Datagen wrote ${datagenRecords} records`);
    let inTable = -1;
    await waitFor(
      'every record in MariaDB',
      async () => ((inTable = await rows()) === datagenRecords ? true : undefined),
      30_000,
    ).catch(async (e: Error) => {
      const st = (await connect('GET', '/connectors/orders-to-mysql/status')).body;
      const [tables] = await db.query(`SHOW TABLES FROM \`${dbName}\``);
      const got = total(await perMinute('received_records', ids['orders-to-mysql'] as string));
      const dlq = total(await perMinute('dead_letter_queue_records', ids['orders-to-mysql'] as string));
      throw new Error(
        `${e.message}: ${inTable} rows, ${datagenRecords} records, ${got} received, ${dlq} dead-lettered; tables ${JSON.stringify(tables)}; sink ${JSON.stringify(st)}`,
      );
    });

    const sent = await waitFor('sent_records to add up', async () => {
      const pts = await perMinute('sent_records', ids.orders as string);
      return total(pts) === datagenRecords ? pts : undefined;
    });
    assert.ok(sent.length >= 2, `the run spans minutes: ${JSON.stringify(sent)}`);
    for (const p of sent) {
      assert.equal(Date.parse(p.timestamp) % 60_000, 0, 'PT1M points are minute-aligned');
      assert.ok(Number.isInteger(p.value) && p.value >= 0);
    }
    assert.deepEqual(
      sent.map((p) => p.timestamp),
      [...sent.map((p) => p.timestamp)].sort(),
      'ascending time',
    );
    const received = await waitFor('received_records to add up', async () => {
      const pts = await perMinute('received_records', ids['orders-to-mysql'] as string);
      return total(pts) === records ? pts : undefined;
    });
    assert.ok(received.length >= 2);
    assert.equal(total(await perMinute('received_bytes', ids['orders-to-mysql'] as string)) > 0, true);
    assert.equal(total(await perMinute('sent_bytes', ids.orders as string)) > 0, true);
    const dlq = await waitFor('the poison record in dead_letter_queue_records', async () => {
      const n = total(await perMinute('dead_letter_queue_records', ids['orders-to-mysql'] as string));
      return n === 1 ? n : undefined;
    });
    assert.equal(dlq, 1);
    assert.equal(total(await perMinute('dead_letter_queue_records', ids.orders as string)), 0);
  });

  it('ALL granularity, GROUPED format, and connector_status by status', async () => {
    const all = await query({
      aggregations: [{ metric: `${CONNECT}/sent_records` }],
      filter: { field: 'resource.connector.id', op: 'EQ', value: ids.orders },
      granularity: 'ALL',
      intervals: window(),
    });
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.data.length, 1);
    const sum = total(await perMinute('sent_records', ids.orders as string));
    assert.equal(all.body.data[0].value, sum);

    const grouped = await query({
      aggregations: [{ metric: `${CONNECT}/connector_status` }],
      filter: { field: 'resource.connector.id', op: 'EQ', value: ids.orders },
      group_by: ['metric.status'],
      granularity: 'PT1M',
      intervals: window(),
      format: 'GROUPED',
    });
    assert.equal(grouped.status, 200, grouped.text);
    const statuses = (grouped.body.data as any[]).map((g) => g['metric.status']);
    assert.ok(statuses.includes('RUNNING'), JSON.stringify(grouped.body));
    for (const g of grouped.body.data) assert.ok(Array.isArray(g.points) && g.points.length > 0);
  });

  it('a forced task failure: a TaskFailed event and an ERROR log line with the trace', async () => {
    const failed = await waitFor('TaskFailed', async () => {
      const res = await connect('GET', '/connectors/failing/events');
      assert.equal(res.status, 200, res.text);
      return (res.body.data as any[]).find((e) => e.type === 'io.confluent.logevents.connect.TaskFailed');
    });
    assert.equal(failed.data.level, 'ERROR');
    const crn = `crn://confluent.cloud/organization=${t.organizationId}/environment=${c.environmentId}/cloud-cluster=${c.clusterId}/connector=failing`;
    const line = await waitFor('an ERROR line', async () => {
      const res = await stack.api.request('POST', '/logs/v1/search', {
        auth: t.admin,
        body: { crn, sort: 'desc', search: { level: ['ERROR'] } },
      });
      assert.equal(res.status, 200, res.text);
      return res.body.data[0];
    });
    assert.ok(line.exception?.stacktrace?.length > 0, 'the trace is kept');
  });

  it('descriptors list the connector and Kafka metrics', async () => {
    const metrics = await stack.api.request('GET', '/v2/metrics/cloud/descriptors/metrics', { auth: t.admin });
    assert.equal(metrics.status, 200, metrics.text);
    const names = (metrics.body.data as any[]).map((m) => m.name);
    for (const m of [
      'sent_records',
      'received_records',
      'sent_bytes',
      'received_bytes',
      'dead_letter_queue_records',
      'connector_status',
      'records_lag_max',
    ])
      assert.ok(names.includes(`${CONNECT}/${m}`), m);
    for (const m of ['received_bytes', 'sent_bytes', 'received_records', 'consumer_lag_offsets'])
      assert.ok(names.includes(`io.confluent.kafka.server/${m}`), m);
    const connectorOnly = await stack.api.request(
      'GET',
      '/v2/metrics/cloud/descriptors/metrics?resource_type=connector',
      {
        auth: t.admin,
      },
    );
    assert.ok((connectorOnly.body.data as any[]).every((m) => m.resources.includes('connector')));
    const resources = await stack.api.request('GET', '/v2/metrics/cloud/descriptors/resources', { auth: t.admin });
    assert.deepEqual((resources.body.data as any[]).map((r) => r.type).sort(), ['connector', 'kafka']);
  });

  it('export gives the last complete minute in Prometheus text and OpenMetrics', async () => {
    // The export reads the minute two minutes back (every process's once-a-minute flush has landed
    // by then). Rather than wait minutes of wall time, write that minute through the platform's
    // writer, as a worker's flush does.
    const now = Date.now();
    const at = now - 120_000 - (now % 60_000);
    const platform = new PlatformRepository(stack.api.app.get(PrismaService, { strict: false }));
    await platform.metricSeries.add(new Date(at), 'sum', [
      {
        resourceType: 'connector',
        resourceId: ids['orders-to-mysql'] as string,
        metric: `${CONNECT}/sent_records`,
        labels: {},
        value: 42,
      },
      {
        resourceType: 'connector',
        resourceId: ids.failing as string,
        metric: `${CONNECT}/sent_bytes`,
        labels: {},
        value: 4096,
      },
    ]);
    const path = `/v2/metrics/cloud/export?resource.connector.id=${ids.failing}&resource.connector.id=${ids['orders-to-mysql']}`;
    const res = await stack.api.request('GET', path, { auth: t.admin });
    assert.equal(res.status, 200, res.text);
    assert.match(String(res.headers.get('content-type')), /^text\/plain;.*version=0\.0\.4/);
    if (Date.now() - (Date.now() % 60_000) === now - (now % 60_000)) {
      assert.match(res.text, /# TYPE confluent_kafka_connect_sent_records gauge\n/);
      assert.ok(
        res.text.includes(
          `confluent_kafka_connect_sent_records{connector_id="${ids['orders-to-mysql']}"} 42.0 ${at}\n`,
        ),
        res.text,
      );
    }
    const om = await stack.api.request('GET', path, {
      auth: t.admin,
      headers: { accept: 'application/openmetrics-text' },
    });
    assert.equal(om.status, 200, om.text);
    assert.match(String(om.headers.get('content-type')), /^application\/openmetrics-text/);
    assert.match(om.text, /# UNIT confluent_kafka_connect_sent_bytes bytes\n/);
    assert.match(om.text, /# EOF\n$/);
    const none = await stack.api.request('GET', '/v2/metrics/cloud/export', { auth: t.admin });
    assert.equal(none.status, 400, none.text);
  });

  it('another tenant sees none of it; bad requests are 400 in the API error format', async () => {
    const other = await stack.api.newTenant('metrics-other');
    const res = await query(
      {
        aggregations: [{ metric: `${CONNECT}/sent_records` }],
        filter: { field: 'resource.connector.id', op: 'EQ', value: ids.orders },
        granularity: 'PT1M',
        intervals: window(),
      },
      other.admin,
    );
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.data, []);
    const exported = await stack.api.request('GET', `/v2/metrics/cloud/export?resource.connector.id=${ids.orders}`, {
      auth: other.admin,
    });
    assert.equal(exported.status, 200);
    assert.doesNotMatch(exported.text, /connector_id=/);
    assert.equal((await stack.api.request('POST', '/v2/metrics/cloud/query', { body: {} })).status, 401, 'no key');

    const bad = async (body: unknown) => {
      const r = await query(body);
      assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
      assert.ok(Array.isArray(r.body.errors) && r.body.errors[0].detail, r.text);
      return r.body.errors[0];
    };
    const ok = {
      aggregations: [{ metric: `${CONNECT}/sent_records` }],
      filter: { field: 'resource.connector.id', op: 'EQ', value: ids.orders },
      granularity: 'PT1M',
      intervals: window(),
    };
    await bad({ ...ok, aggregations: [{ metric: 'io.confluent.kafka.connect/nope' }] });
    await bad({ ...ok, granularity: 'PT7M' });
    await bad({ ...ok, intervals: ['yesterday'] });
    await bad({ ...ok, filter: undefined });
    await bad({ ...ok, limit: 0 });
    await bad('not json object');
    assert.equal((await stack.api.request('POST', '/v2/metrics/other/query', { auth: t.admin, body: ok })).status, 404);
  });
});
