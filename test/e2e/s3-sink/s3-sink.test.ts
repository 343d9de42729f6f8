/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// S3_SINK end to end (issue 16 point 3, "Done when"): DatagenSource (AVRO through the in-process
// Schema Registry, or schemaless JSON) → the embedded broker → S3 sink tasks in a connector runtime
// → an S3-compatible server (@20minutes/s3rver, started here on a free port in a temp dir).
// Connectors go through the Connect v1 API (validation, the AWS keys encrypted at rest and masked
// on read). Each output format is read back as a consumer of the bucket would (JSON lines gzipped,
// Avro container files with avsc, Parquet with hyparquet, raw bytes gzipped), each partitioner
// names its folders as Confluent does, every record lands once, and a format that cannot take the
// records sends them to the DLQ (errors.tolerance=all).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '@libs/config';
import { PrismaService } from '@libs/db';
import { EgressPolicy, setEgressPolicy, startOffsetOf } from '@libs/connectors';
import type { ConnectRuntime } from '@libs/connect-runtime';
import { avroRecords, jsonLines, parquetRows } from '../../../libs/connectors/test/s3-files';
import { S3RVER_CREDENTIALS, startS3, type TestS3 } from '../../../libs/connectors/test/s3-server';
import {
  provisionCluster,
  startRuntime,
  startStack,
  type Stack,
  type ProvisionedCluster,
} from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { connectRequest, MASK } from '../connect-api/support';
import { dlqHeaders } from '../../support/dlq-headers';
import { waitFor } from '../../support/wait-for';

const BUCKET = 'e2e-bucket';
const USERS = 300;
const FLUSH = 50;

interface User {
  userid: string;
  regionid: string;
  gender: string;
  registertime: number | bigint;
}

describe('S3 sink end to end (Datagen → Kafka → S3)', () => {
  let s3: TestS3;
  let stack: Stack;
  let rt: ConnectRuntime | undefined;
  let t: Tenant;
  let c: ProvisionedCluster;
  let connect = '';
  const created: string[] = [];

  const req = (method: string, path: string, body?: unknown) =>
    connectRequest(stack.api, method, `${connect}${path}`, { auth: t.admin, body });

  async function create(name: string, config: Record<string, string>): Promise<void> {
    const res = await req('PUT', `/connectors/${name}/config`, {
      name,
      'kafka.auth.mode': 'KAFKA_API_KEY',
      'kafka.api.key': c.key.key,
      'kafka.api.secret': c.key.secret,
      'tasks.max': '1',
      ...config,
    });
    assert.ok(res.status === 200 || res.status === 201, `${name}: ${res.status} ${res.text}`);
    created.push(name);
  }

  const sink = (name: string, topic: string, extra: Record<string, string>) =>
    create(name, {
      'connector.class': 'S3_SINK',
      topics: topic,
      'input.data.format': 'AVRO',
      's3.bucket.name': BUCKET,
      'store.url': s3.url,
      'aws.access.key.id': S3RVER_CREDENTIALS.accessKeyId,
      'aws.secret.access.key': S3RVER_CREDENTIALS.secretAccessKey,
      'time.interval': 'HOURLY',
      'flush.size': String(FLUSH),
      'topics.dir': name,
      ...extra,
    });

  const kafka = () =>
    new Kafka({
      clientId: 's3sink-e2e',
      brokers: [stack.brokerAddress],
      sasl: { mechanism: 'plain', username: c.key.key, password: c.key.secret },
      logLevel: logLevel.NOTHING,
    });

  /** Every object under <dir>/<topic>/ once `n` records are there (read with `read`), with its records. */
  async function filesOf<T>(dir: string, topic: string, n: number, read: (body: Buffer, key: string) => Promise<T[]>) {
    return waitFor(
      `${n} records under ${dir}/${topic}/`,
      async () => {
        const files: { key: string; records: T[] }[] = [];
        for (const key of await s3.keys(BUCKET, `${dir}/${topic}/`))
          files.push({ key, records: await read(await s3.get(BUCKET, key), key) });
        return files.reduce((a, f) => a + f.records.length, 0) === n ? files : undefined;
      },
      90_000,
      300,
    );
  }

  /** Files of one topic-partition: start offsets follow each other (every record once, in order). */
  function assertContiguous(files: { key: string; records: unknown[] }[], n: number): void {
    const sorted = [...files].sort((a, b) => startOffsetOf(a.key)! - startOffsetOf(b.key)!);
    let next = 0;
    for (const f of sorted) {
      assert.equal(startOffsetOf(f.key), next, `${f.key} starts where the previous file ended`);
      next += f.records.length;
    }
    assert.equal(next, n);
  }

  before(async () => {
    s3 = await startS3([BUCKET]);
    stack = await startStack({ CONNECT_TEST_PLUGINS: 'false' });
    t = await stack.api.newTenant('s3sink');
    c = await provisionCluster(stack.api, t, 's3sink');
    connect = `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}`;
    setEgressPolicy(EgressPolicy.fromConfig(loadConfig()));
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({
      topics: ['users', 'users_json'].map((topic) => ({ topic, numPartitions: 1 })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    rt = await startRuntime(stack, t.organizationId, {
      capacity: 20,
      workerId: 'w-s3sink',
      offsetFlushIntervalMs: 300,
      schemaRegistry: true,
      testPlugins: false,
    });
    const datagen = (name: string, topic: string, format: string) =>
      create(name, {
        'connector.class': 'DatagenSource',
        'kafka.topic': topic,
        'output.data.format': format,
        quickstart: 'USERS',
        'max.interval': '0',
        iterations: String(USERS),
        'random.seed': '16',
      });
    await datagen('users-avro', 'users', 'AVRO');
    await datagen('users-json', 'users_json', 'JSON');
  });

  after(async () => {
    for (const name of created.reverse()) await req('DELETE', `/connectors/${name}`).catch(() => undefined);
    await rt?.close().catch(() => undefined);
    await stack?.close();
    await s3?.close();
  });

  it('JSON gzip, TimeBasedPartitioner (record time, HOURLY): Confluent’s keys, every record once', async () => {
    await sink('s3-json', 'users', { 'output.data.format': 'JSON', 'compression.codec': 'JSON - gzip' });
    const files = await filesOf('s3-json', 'users', USERS, async (b, k) => jsonLines(b, k) as User[]);
    for (const f of files)
      assert.match(f.key, /^s3-json\/users\/year=\d{4}\/month=\d\d\/day=\d\d\/hour=\d\d\/users\+0\+\d{10}\.json\.gz$/);
    assertContiguous(files, USERS);
    const first = files.find((f) => startOffsetOf(f.key) === 0)!.records[0];
    assert.deepEqual(Object.keys(first).sort(), ['gender', 'regionid', 'registertime', 'userid']);
  });

  it('AVRO snappy, FieldPartitioner (regionid): container files with the value schema', async () => {
    await sink('s3-avro', 'users', {
      'output.data.format': 'AVRO',
      'compression.codec': 'AVRO - snappy',
      'partitioner.class': 'FieldPartitioner',
      'partition.field.name': 'regionid',
    });
    const schemas = new Set<string>();
    const files = await filesOf('s3-avro', 'users', USERS, async (b) => {
      const f = await avroRecords(b);
      schemas.add(JSON.stringify(f.schema));
      return f.records as User[];
    });
    for (const f of files) {
      const region = /^s3-avro\/users\/regionid=(Region_\d+)\/users\+0\+\d{10}\.avro$/.exec(f.key)?.[1];
      assert.ok(region, f.key);
      assert.ok(
        f.records.every((r) => r.regionid === region),
        `${f.key} holds ${region} only`,
      );
    }
    assert.equal(schemas.size, 1);
    assert.match([...schemas][0], /"userid"/);
    // each offset once: a file per region per rotation, flush.size records per rotation
    assert.equal(new Set(files.map((f) => f.key)).size, files.length);
  });

  it('PARQUET (snappy), DefaultPartitioner: columns read back with hyparquet', async () => {
    await sink('s3-parquet', 'users', { 'output.data.format': 'PARQUET', 'partitioner.class': 'DefaultPartitioner' });
    const files = await filesOf('s3-parquet', 'users', USERS, async (b) => (await parquetRows(b)) as unknown as User[]);
    assert.deepEqual(
      files.map((f) => f.key),
      Array.from(
        { length: USERS / FLUSH },
        (_, i) => `s3-parquet/users/partition=0/users+0+${String(i * FLUSH).padStart(10, '0')}.snappy.parquet`,
      ),
    );
    assert.equal(typeof files[0].records[0].registertime, 'bigint');
    assert.match(files[0].records[0].userid, /^User_\d$/);
  });

  it('BYTES gzip from schemaless JSON: the raw values line by line', async () => {
    await sink('s3-bytes', 'users_json', {
      'input.data.format': 'BYTES',
      'output.data.format': 'BYTES',
      'compression.codec': 'BYTES - gzip',
      'partitioner.class': 'DefaultPartitioner',
    });
    const files = await filesOf('s3-bytes', 'users_json', USERS, async (b, k) => {
      assert.match(k, /\.bin\.gz$/);
      return gunzipSync(b).toString().split('\n').filter(Boolean);
    });
    assertContiguous(files, USERS);
    assert.match(
      files[0].records[0],
      /^\{"registertime":\d+,"userid":"User_\d","regionid":"Region_\d","gender":"\w+"\}$/,
    );
  });

  it('AVRO output of schemaless records: each record to the DLQ (errors.tolerance=all), none in the bucket', async () => {
    await sink('s3-dlq', 'users_json', {
      'input.data.format': 'JSON',
      'output.data.format': 'AVRO',
      'partitioner.class': 'DefaultPartitioner',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'dlq-s3-e2e',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    const seen = await dlqHeaders(kafka(), 'dlq-s3-e2e', USERS);
    assert.equal(seen.length, USERS);
    assert.equal(seen[0]['__connect.errors.topic'], 'users_json');
    assert.match(seen[0]['__connect.errors.exception.message'], /AVRO output needs records with a value schema/);
    assert.deepEqual(await s3.keys(BUCKET, 's3-dlq/'), []);
  });

  it('the AWS keys are encrypted at rest and masked on read; validate names a bad property', async () => {
    const res = await req('GET', '/connectors/s3-json/config');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body['aws.secret.access.key'], MASK);
    assert.equal(res.body['aws.access.key.id'], MASK);
    const prisma = stack.api.app.get(PrismaService, { strict: false });
    const row = await prisma.connector.findFirst({ where: { name: 's3-json', organizationId: t.organizationId } });
    const stored = (row?.config ?? {}) as Record<string, string>;
    assert.notEqual(stored['aws.secret.access.key'], S3RVER_CREDENTIALS.secretAccessKey);
    const v = await req('PUT', '/connector-plugins/S3_SINK/config/validate', {
      'connector.class': 'S3_SINK',
      name: 'bad',
      topics: 'users',
      's3.bucket.name': BUCKET,
      'time.interval': 'WEEKLY',
    });
    assert.equal(v.status, 200, v.text);
    const bad = (v.body.configs as any[]).filter((x) => x.value.errors.length > 0).map((x) => x.value.name);
    assert.ok(bad.includes('time.interval'), JSON.stringify(bad));
  });
});
