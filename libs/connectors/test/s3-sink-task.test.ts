// S3SinkTask against a real S3-compatible server (@20minutes/s3rver, started here on a free port in
// a temp dir): each output format read back as a consumer would (JSON lines gzipped, Avro container
// files with snappy/deflate through avsc, Parquet through hyparquet, raw bytes), a file larger than
// s3.part.size uploaded in parts, an object already there left as it is (HEAD before PUT), preCommit
// never past the uploaded files, bad records to the errant-record reporter, and the egress policy on
// store.url (validate) and on every connection (task).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  SchemaBuilder,
  SinkRecord,
  Struct,
  Timestamp,
  type ErrantRecordReporter,
  type OffsetMap,
  type SinkTaskContext,
} from '@libs/connect-spi';
import { EgressPolicy, parseS3SinkConfig, S3SinkConnector, s3SinkHooks, S3SinkTask } from '@libs/connectors';
import { S3Store } from '../src/s3-sink/s3-store';
import { avroRecords, jsonLines, parquetRows } from './s3-files';
import { S3RVER_CREDENTIALS, startS3, type TestS3 } from './s3-server';
import { sinkTaskContext } from './sink-task-context';

const BUCKET = 'task-bucket';
const T0 = Date.UTC(2024, 4, 29, 13, 15, 0);

const schema = SchemaBuilder.struct()
  .name('orders')
  .field('id', SchemaBuilder.int64().build())
  .field('item', SchemaBuilder.string().build())
  .field('units', SchemaBuilder.float64().build())
  .field('note', SchemaBuilder.string().optional().build())
  .field('at', Timestamp.builder().build())
  .build();
const order = (i: number) =>
  new Struct(schema)
    .put('id', i)
    .put('item', `Item_${i}`)
    .put('units', i + 0.5)
    .put('note', i % 2 ? null : `n${i}`)
    .put('at', new Date(T0 + i));

function rec(topic: string, offset: number, value: unknown, withSchema = true, partition = 0): SinkRecord {
  return new SinkRecord(topic, partition, null, null, withSchema ? schema : null, value, offset, T0, 'CreateTime');
}

function context(reported: SinkRecord[] = []): SinkTaskContext {
  const errant: ErrantRecordReporter = { report: async (r) => void reported.push(r) };
  return sinkTaskContext({}, async () => undefined, { errant });
}

const offsets = (topic: string, next: number): OffsetMap =>
  new Map([[`${topic}-0`, { topicPartition: { topic, partition: 0 }, offset: next }]]);

describe('S3SinkTask against s3rver', () => {
  let s3: TestS3;
  const tasks: S3SinkTask[] = [];
  const props = (topic: string, extra: Record<string, string>) => ({
    'connector.class': 'S3_SINK',
    topics: topic,
    's3.bucket.name': BUCKET,
    'store.url': s3.url,
    'aws.access.key.id': S3RVER_CREDENTIALS.accessKeyId,
    'aws.secret.access.key': S3RVER_CREDENTIALS.secretAccessKey,
    'time.interval': 'HOURLY',
    'input.data.format': 'AVRO',
    ...extra,
  });
  const startTask = async (topic: string, extra: Record<string, string>, reported: SinkRecord[] = []) => {
    const t = new S3SinkTask();
    t.initialize(context(reported));
    t.start(props(topic, extra));
    tasks.push(t);
    return t;
  };

  before(async () => {
    s3 = await startS3([BUCKET]);
    s3SinkHooks.policy = new EgressPolicy({ devMode: true });
  });
  after(async () => {
    for (const t of tasks) await t.stop();
    s3SinkHooks.policy = null;
    await s3?.close();
  });

  it('JSON gzip: files of flush.size lines under time-based folders; preCommit only past uploaded files', async () => {
    const t = await startTask('j', {
      'output.data.format': 'JSON',
      'compression.codec': 'JSON - gzip',
      'flush.size': '4',
    });
    await t.put(Array.from({ length: 10 }, (_, i) => rec('j', i, order(i))));
    const keys = await s3.keys(BUCKET, 'topics/j/');
    assert.deepEqual(keys, [
      'topics/j/year=2024/month=05/day=29/hour=13/j+0+0000000000.json.gz',
      'topics/j/year=2024/month=05/day=29/hour=13/j+0+0000000004.json.gz',
    ]);
    const second = jsonLines(await s3.get(BUCKET, keys[1]), keys[1]);
    assert.deepEqual(second[0], { id: 4, item: 'Item_4', units: 4.5, note: 'n4', at: T0 + 4 });
    assert.equal(second.length, 4);
    assert.equal((await t.preCommit(offsets('j', 10))).get('j-0')?.offset, 8);
  });

  it('AVRO snappy and deflate: container files with the value schema, read back with avsc', async () => {
    for (const codec of ['snappy', 'deflate']) {
      const topic = `a${codec}`;
      const t = await startTask(topic, {
        'output.data.format': 'AVRO',
        'compression.codec': `AVRO - ${codec}`,
        'flush.size': '3',
        'partitioner.class': 'DefaultPartitioner',
      });
      await t.put(Array.from({ length: 3 }, (_, i) => rec(topic, i, order(i))));
      const [key] = await s3.keys(BUCKET, `topics/${topic}/`);
      assert.equal(key, `topics/${topic}/partition=0/${topic}+0+0000000000.avro`);
      const file = await avroRecords(await s3.get(BUCKET, key));
      assert.equal(file.codec, codec);
      assert.equal((file.schema as { name: string }).name, 'orders');
      assert.deepEqual(
        file.records.map((r) => (r as { item: string }).item),
        ['Item_0', 'Item_1', 'Item_2'],
      );
    }
  });

  it('PARQUET: one column per field, read back with hyparquet', async () => {
    const t = await startTask('p', {
      'output.data.format': 'PARQUET',
      'flush.size': '5',
      'partitioner.class': 'FieldPartitioner',
      'partition.field.name': 'item',
    });
    await t.put(Array.from({ length: 5 }, (_, i) => rec('p', i, order(i % 2))));
    const keys = await s3.keys(BUCKET, 'topics/p/');
    assert.deepEqual(keys, [
      'topics/p/item=Item_0/p+0+0000000000.snappy.parquet',
      'topics/p/item=Item_1/p+0+0000000001.snappy.parquet',
    ]);
    const rows = await parquetRows(await s3.get(BUCKET, keys[0]));
    assert.equal(rows.length, 3);
    assert.deepEqual(
      { ...rows[0], at: (rows[0].at as Date).getTime() },
      { id: 0n, item: 'Item_0', units: 0.5, note: 'n0', at: T0 },
    );
  });

  it('BYTES: raw values line by line; a file above s3.part.size goes up in parts', async () => {
    const t = await startTask('b', {
      'input.data.format': 'BYTES',
      'output.data.format': 'BYTES',
      'flush.size': '12',
      'partitioner.class': 'DefaultPartitioner',
      's3.part.size': String(5 * 1024 * 1024),
    });
    const big = (i: number) => Buffer.alloc(1024 * 1024, 65 + i); // 12 × 1 MiB: three parts
    await t.put(Array.from({ length: 12 }, (_, i) => rec('b', i, big(i), false)));
    const [key] = await s3.keys(BUCKET, 'topics/b/');
    assert.equal(key, 'topics/b/partition=0/b+0+0000000000.bin');
    const body = await s3.get(BUCKET, key);
    assert.equal(body.length, 12 * (1024 * 1024 + 1));
    assert.ok(body.equals(Buffer.concat(Array.from({ length: 12 }, (_, i) => [big(i), Buffer.from('\n')]).flat())));
  });

  it('an object already at the key is left as it is (the HEAD before the PUT)', async () => {
    const key = 'topics/x/partition=0/x+0+0000000000.json';
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'already there\n' }));
    const t = await startTask('x', {
      'output.data.format': 'JSON',
      'flush.size': '2',
      'partitioner.class': 'DefaultPartitioner',
    });
    await t.put([rec('x', 0, order(0)), rec('x', 1, order(1))]);
    assert.equal((await s3.get(BUCKET, key)).toString(), 'already there\n');
    assert.equal((await t.preCommit(offsets('x', 2))).get('x-0')?.offset, 2);
  });

  it('a store that honours If-None-Match: * answers 412 to a PUT over an object (HEAD raced), counted as already there', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.headers['if-none-match'] ?? ''}`);
      req.resume();
      req.on('end', () => {
        if (req.method === 'HEAD') res.writeHead(404).end();
        else
          res
            .writeHead(412, { 'content-type': 'application/xml' })
            .end(
              '<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
            );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const store = new S3Store(parseS3SinkConfig(props('c', { 'store.url': url })), new EgressPolicy({ devMode: true }));
    try {
      assert.equal(await store.putIfAbsent('topics/c/partition=0/c+0+0000000000.json', Buffer.from('{}\n')), 'exists');
      assert.deepEqual(seen, ['HEAD ', 'PUT *']);
    } finally {
      store.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('records a format cannot take go to the errant-record reporter; the file goes on without them', async () => {
    const reported: SinkRecord[] = [];
    const t = await startTask(
      'd',
      { 'output.data.format': 'AVRO', 'flush.size': '2', 'partitioner.class': 'DefaultPartitioner' },
      reported,
    );
    await t.put([rec('d', 0, order(0)), rec('d', 1, { schemaless: true }, false), rec('d', 2, order(2))]);
    assert.deepEqual(
      reported.map((r) => r.kafkaOffset),
      [1],
    );
    const [key] = await s3.keys(BUCKET, 'topics/d/');
    assert.deepEqual(
      (await avroRecords(await s3.get(BUCKET, key))).records.map((r) => (r as { item: string }).item),
      ['Item_0', 'Item_2'],
    );
  });

  it('the egress policy: validate names store.url, and the task cannot connect where it is denied', async () => {
    s3SinkHooks.policy = new EgressPolicy({ devMode: true, deny: ['127.0.0.1'] });
    try {
      const res = await new S3SinkConnector().validate(props('e', { 'output.data.format': 'JSON' }));
      const v = res.configValues.find((c) => c.name === 'store.url')!;
      assert.match(
        v.errorMessages.join(),
        /Invalid value http:\/\/127\.0\.0\.1:\d+ for configuration store.url: .*denied by the egress policy/,
      );
      const t = await startTask('e', {
        'output.data.format': 'JSON',
        'flush.size': '1',
        'partitioner.class': 'DefaultPartitioner',
      });
      await assert.rejects(t.put([rec('e', 0, order(0))]), /egress to 127\.0\.0\.1:\d+ refused/);
    } finally {
      s3SinkHooks.policy = new EgressPolicy({ devMode: true });
    }
  });
});
