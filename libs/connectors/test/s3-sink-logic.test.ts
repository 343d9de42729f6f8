// S3_SINK's pure logic (issue 16 point 3): Confluent's object names and extensions, the three
// partitioners and path.format, the record time, the rotation rules of TopicPartitionWriter
// (flush.size, rotate.interval.ms on record time, partition and schema changes, the buffered-bytes
// bound, rotate.schedule.interval.ms on the wall clock), preCommit's offset never ahead of the
// uploaded files, the replay after a restart writing the same keys and bytes, and the config rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { converterConfig } from '@libs/connect-converters';
import { DataException, SchemaBuilder, SinkRecord, Struct, type Schema } from '@libs/connect-spi';
import {
  createPartitioner,
  fileExtension,
  objectKey,
  parseS3SinkConfig,
  recordTime,
  S3SinkConnector,
  TopicPartitionWriter,
  type FileSink,
} from '@libs/connectors';
import { jsonConverter } from '../src/s3-sink/formats';
import { parsePathFormat, formatPath, floorToPeriod } from '../src/s3-sink/path-format';
import type { WriterSettings } from '../src/s3-sink/topic-partition-writer';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 4, 29, 13, 15, 0); // 2024-05-29T13:15Z

const schemaA = SchemaBuilder.struct()
  .name('a')
  .field('id', SchemaBuilder.int32().build())
  .field('region', SchemaBuilder.string().optional().build())
  .build();
const schemaB = SchemaBuilder.struct().name('b').field('id', SchemaBuilder.int32().build()).build();

function rec(
  offset: number,
  value: unknown,
  opts: { schema?: Schema | null; ts?: number | null; partition?: number } = {},
) {
  return new SinkRecord(
    'orders',
    opts.partition ?? 0,
    null,
    null,
    opts.schema ?? null,
    value,
    offset,
    opts.ts === undefined ? T0 : opts.ts,
    'CreateTime',
  );
}
const structA = (id: number, region: string | null = 'r1') => new Struct(schemaA).put('id', id).put('region', region);

class MemorySink implements FileSink {
  readonly objects = new Map<string, Buffer>();
  puts = 0;
  async putIfAbsent(key: string, body: Buffer) {
    this.puts++;
    if (this.objects.has(key)) return 'exists' as const;
    this.objects.set(key, body);
    return 'uploaded' as const;
  }
}

function settings(extra: Partial<WriterSettings> = {}): WriterSettings {
  return {
    encoder: { format: 'JSON', codec: 'none', gzipLevel: -1, json: jsonConverter(false) },
    partitioner: createPartitioner({ kind: 'default' }),
    topicsDir: 'topics',
    extension: '.json',
    flushSize: 3,
    rotateIntervalMs: -1,
    rotateScheduleIntervalMs: -1,
    timestampField: null,
    failOnNull: false,
    ...extra,
  };
}

describe('S3 sink object names', () => {
  it('are <topics.dir>/<topic>/<partition path>/<topic>+<partition>+<offset padded to 10><ext>', () => {
    const f = {
      topic: 'orders',
      encodedPartition: 'year=2024/month=05/day=29/hour=13',
      kafkaPartition: 0,
      startOffset: 1000,
    };
    assert.equal(
      objectKey({ ...f, topicsDir: 'topics', extension: '.json.gz' }),
      'topics/orders/year=2024/month=05/day=29/hour=13/orders+0+0000001000.json.gz',
    );
    // a blank topics.dir omits the folder
    assert.equal(
      objectKey({ ...f, topicsDir: '', extension: '.avro' }),
      'orders/year=2024/month=05/day=29/hour=13/orders+0+0000001000.avro',
    );
  });

  it('take the format and codec extension', () => {
    assert.deepEqual(
      [
        fileExtension('JSON', 'none'),
        fileExtension('JSON', 'gzip'),
        fileExtension('BYTES', 'none'),
        fileExtension('BYTES', 'gzip'),
        fileExtension('AVRO', 'snappy'),
        fileExtension('PARQUET', 'snappy'),
        fileExtension('PARQUET', 'gzip'),
        fileExtension('PARQUET', 'none'),
      ],
      ['.json', '.json.gz', '.bin', '.bin.gz', '.avro', '.snappy.parquet', '.gz.parquet', '.parquet'],
    );
  });
});

describe('S3 sink partitioners', () => {
  it('DefaultPartitioner: partition=<kafka partition>', () => {
    assert.equal(createPartitioner({ kind: 'default' }).encode(rec(0, 'x', { partition: 7 }), T0), 'partition=7');
  });

  it('FieldPartitioner: f1=v1/f2=v2, null as null; a missing field or a non-struct value is a DataException', () => {
    const p = createPartitioner({ kind: 'field', fields: ['region', 'id'] });
    assert.equal(p.encode(rec(0, structA(5), { schema: schemaA }), T0), 'region=r1/id=5');
    assert.equal(p.encode(rec(0, structA(5, null), { schema: schemaA }), T0), 'region=null/id=5');
    assert.equal(p.encode(rec(0, { region: 'eu', id: 1 }), T0), 'region=eu/id=1'); // schemaless map
    assert.throws(
      () => createPartitioner({ kind: 'field', fields: ['nope'] }).encode(rec(0, structA(1), { schema: schemaA }), T0),
      DataException,
    );
    assert.throws(() => p.encode(rec(0, 'text'), T0), DataException);
  });

  it('TimeBasedPartitioner: path.format on the time floored to the period, in the time zone', () => {
    const hourly = createPartitioner({
      kind: 'time',
      durationMs: HOUR,
      pathFormat: "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
      zone: 'UTC',
    });
    assert.equal(hourly.encode(rec(0, 'x'), T0), 'year=2024/month=05/day=29/hour=13');
    const daily = createPartitioner({
      kind: 'time',
      durationMs: 24 * HOUR,
      pathFormat: "'dt'=YYYY-MM-dd",
      zone: 'UTC',
    });
    assert.equal(daily.encode(rec(0, 'x'), T0), 'dt=2024-05-29');
    // 23:30 UTC on the 29th is the 30th in Tokyo (UTC+9), and the day starts at 15:00 UTC
    const tokyo = createPartitioner({
      kind: 'time',
      durationMs: 24 * HOUR,
      pathFormat: "YYYY/MM/dd/HH''mm",
      zone: 'Asia/Tokyo',
    });
    assert.equal(tokyo.encode(rec(0, 'x'), Date.UTC(2024, 4, 29, 23, 30)), "2024/05/30/00'00");
    assert.equal(floorToPeriod(Date.UTC(2024, 4, 29, 23, 30), 24 * HOUR, 'Asia/Tokyo'), Date.UTC(2024, 4, 29, 15, 0));
    assert.throws(() => hourly.encode(rec(0, 'x', { ts: null }), null), DataException);
    assert.equal(formatPath(parsePathFormat("'h'=H"), T0, 'UTC'), 'h=13');
    assert.throws(() => parsePathFormat('YYYY/ww'), /letter w is not supported/);
  });

  it('record time: the Kafka timestamp or timestamp.field (Date, epoch ms, ISO string, nested)', () => {
    assert.equal(recordTime(rec(0, 'x', { ts: 42 }), null), 42);
    assert.equal(recordTime(rec(0, { at: 7 }), 'at'), 7);
    assert.equal(recordTime(rec(0, { at: '2024-05-29T13:15:00Z' }), 'at'), T0);
    assert.equal(recordTime(rec(0, { o: { at: new Date(T0) } }), 'o.at'), T0);
    assert.throws(() => recordTime(rec(0, { at: 'soon' }), 'at'), DataException);
  });
});

describe('S3 sink rotation (TopicPartitionWriter)', () => {
  const lines = (b: Buffer) => b.toString().trim().split('\n');

  it('flush.size: files of exactly flush.size records, preCommit never past an open file', async () => {
    const sink = new MemorySink();
    const w = new TopicPartitionWriter('orders', 0, settings(), sink);
    assert.equal(w.offsetToCommit(), null);
    for (let i = 0; i < 7; i++) await w.write(rec(i, { n: i }), T0);
    assert.deepEqual(
      [...sink.objects.keys()],
      ['topics/orders/partition=0/orders+0+0000000000.json', 'topics/orders/partition=0/orders+0+0000000003.json'],
    );
    assert.deepEqual(lines(sink.objects.get('topics/orders/partition=0/orders+0+0000000003.json')!), [
      '{"n":3}',
      '{"n":4}',
      '{"n":5}',
    ]);
    assert.equal(w.offsetToCommit(), 6); // record 6 is in an open file
  });

  it('a replay from the committed offset rewrites the same keys with the same bytes (exists → skipped)', async () => {
    const sink = new MemorySink();
    const s = settings({
      encoder: { format: 'AVRO', codec: 'deflate', gzipLevel: -1, json: jsonConverter(false) },
      extension: '.avro',
    });
    const first = new TopicPartitionWriter('orders', 0, s, sink);
    for (let i = 0; i < 6; i++) await first.write(rec(i, structA(i), { schema: schemaA }), T0);
    const before = new Map(sink.objects);
    // the offset commit was lost: a new writer re-reads from 0
    const replay = new TopicPartitionWriter('orders', 0, s, {
      putIfAbsent: async (key, body) => {
        assert.ok(before.get(key)?.equals(body), `${key} rewritten with the same bytes`);
        return sink.putIfAbsent(key, body);
      },
    });
    for (let i = 0; i < 6; i++) await replay.write(rec(i, structA(i), { schema: schemaA }), T0);
    assert.equal(sink.objects.size, 2);
    assert.equal(sink.puts, 4);
  });

  it('the consumer going back (a rebalance) drops the open files and starts again at that offset', async () => {
    const sink = new MemorySink();
    const w = new TopicPartitionWriter('orders', 0, settings(), sink);
    for (let i = 0; i < 5; i++) await w.write(rec(i, { n: i }), T0); // file 0-2 uploaded, 3-4 open
    for (let i = 3; i < 6; i++) await w.write(rec(i, { n: i }), T0); // re-read from 3
    assert.deepEqual(lines(sink.objects.get('topics/orders/partition=0/orders+0+0000000003.json')!), [
      '{"n":3}',
      '{"n":4}',
      '{"n":5}',
    ]);
  });

  it('rotate.interval.ms on record time, and on a change of time partition', async () => {
    const sink = new MemorySink();
    const hourly = createPartitioner({ kind: 'time', durationMs: HOUR, pathFormat: "'hour'=HH", zone: 'UTC' });
    const w = new TopicPartitionWriter(
      'orders',
      0,
      settings({ partitioner: hourly, flushSize: 100, rotateIntervalMs: 10 * 60_000 }),
      sink,
    );
    await w.write(rec(0, { n: 0 }, { ts: T0 }), 0);
    await w.write(rec(1, { n: 1 }, { ts: T0 + 5 * 60_000 }), 0);
    await w.write(rec(2, { n: 2 }, { ts: T0 + 11 * 60_000 }), 0); // 11 min after the file's first: rotate
    await w.write(rec(3, { n: 3 }, { ts: T0 + 50 * 60_000 }), 0); // 14:05, another hour: rotate
    assert.deepEqual(
      [...sink.objects.keys()],
      ['topics/orders/hour=13/orders+0+0000000000.json', 'topics/orders/hour=13/orders+0+0000000002.json'],
    );
    assert.equal(w.offsetToCommit(), 3);
    assert.equal(w.openRecords, 1);
  });

  it('field partitions: one open file each, all uploaded together at flush.size', async () => {
    const sink = new MemorySink();
    const w = new TopicPartitionWriter(
      'orders',
      0,
      settings({ partitioner: createPartitioner({ kind: 'field', fields: ['region'] }), flushSize: 4 }),
      sink,
    );
    const regions = ['eu', 'us', 'eu', 'us'];
    for (let i = 0; i < 4; i++) await w.write(rec(i, structA(i, regions[i]), { schema: schemaA }), T0);
    assert.deepEqual([...sink.objects.keys()].sort(), [
      'topics/orders/region=eu/orders+0+0000000000.json',
      'topics/orders/region=us/orders+0+0000000001.json',
    ]);
  });

  it('a schema change starts new files; the buffered-bytes bound uploads early', async () => {
    const sink = new MemorySink();
    const w = new TopicPartitionWriter('orders', 0, settings({ flushSize: 100, maxBufferedBytes: 30 }), sink);
    await w.write(rec(0, structA(0), { schema: schemaA }), T0);
    await w.write(rec(1, new Struct(schemaB).put('id', 1), { schema: schemaB }), T0); // schema change: file 0 uploaded
    assert.deepEqual([...sink.objects.keys()], ['topics/orders/partition=0/orders+0+0000000000.json']);
    await w.write(rec(2, new Struct(schemaB).put('id', 2), { schema: schemaB }), T0);
    await w.write(rec(3, new Struct(schemaB).put('id', 3), { schema: schemaB }), T0); // 3 × ~9 bytes
    await w.write(rec(4, new Struct(schemaB).put('id', 4), { schema: schemaB }), T0); // 36 bytes ≥ 30: uploaded
    assert.equal(sink.objects.size, 2);
    assert.equal(w.offsetToCommit(), 5);
  });

  it('rotate.schedule.interval.ms: the wall-clock deadline uploads an idle file', async () => {
    const sink = new MemorySink();
    const w = new TopicPartitionWriter('orders', 0, settings({ flushSize: 100, rotateScheduleIntervalMs: 1000 }), sink);
    await w.write(rec(0, { n: 0 }), 10_500);
    assert.equal(await w.rotateIfScheduled(10_900), false);
    assert.equal(await w.rotateIfScheduled(11_000), true);
    assert.equal(sink.objects.size, 1);
    assert.equal(w.offsetToCommit(), 1);
  });

  it('a record that cannot be written throws DataException and leaves the file as it was', async () => {
    const sink = new MemorySink();
    const w = new TopicPartitionWriter(
      'orders',
      0,
      settings({ partitioner: createPartitioner({ kind: 'field', fields: ['region'] }), flushSize: 2 }),
      sink,
    );
    await w.write(rec(0, structA(0), { schema: schemaA }), T0);
    await assert.rejects(w.write(rec(1, 'not a struct'), T0), DataException);
    await w.write(rec(2, null), T0); // null value: ignored
    await w.write(rec(3, structA(3), { schema: schemaA }), T0);
    assert.deepEqual(lines(sink.objects.get('topics/orders/region=r1/orders+0+0000000000.json')!), [
      '{"id":0,"region":"r1"}',
      '{"id":3,"region":"r1"}',
    ]);
    assert.equal(w.offsetToCommit(), 4);
  });
});

describe('S3 sink config', () => {
  const base = {
    'connector.class': 'S3_SINK',
    topics: 'orders',
    's3.bucket.name': 'b',
    'time.interval': 'HOURLY',
    'input.data.format': 'JSON',
    'aws.access.key.id': 'AKIA',
    'aws.secret.access.key': 'secret',
  };

  it('defaults as Confluent Cloud: TimeBasedPartitioner, topics dir, flush.size 1000, rotation by the period, Parquet snappy', () => {
    const c = parseS3SinkConfig({ ...base, 'output.data.format': 'PARQUET' });
    assert.equal(c.partitioner.kind, 'time');
    assert.equal(c.topicsDir, 'topics');
    assert.equal(c.flushSize, 1000);
    assert.equal(c.rotateIntervalMs, HOUR);
    assert.equal(c.codec, 'snappy');
    assert.equal(parseS3SinkConfig({ ...base, 'topics.dir': ' ' }).topicsDir, '');
    assert.equal(
      parseS3SinkConfig({ ...base, 'store.url': 'minio.local:9000' }).endpoint?.toString(),
      'https://minio.local:9000/',
    );
  });

  it('validate puts each error on its property', async () => {
    const errorsOf = async (props: Record<string, string>) => {
      const res = await new S3SinkConnector().validate({ ...base, ...props });
      return Object.fromEntries(
        res.configValues.filter((v) => v.errorMessages.length > 0).map((v) => [v.name, v.errorMessages.join(' | ')]),
      );
    };
    assert.deepEqual(await errorsOf({}), {});
    const bad = await errorsOf({
      'output.data.format': 'CSV',
      'time.interval': 'WEEKLY',
      'partitioner.class': 'HourlyPartitioner',
      'flush.size': '0',
      'aws.secret.access.key': '',
      timezone: 'Mars/Olympus',
      's3.part.size': '1024',
    });
    assert.deepEqual(Object.keys(bad).sort(), [
      'aws.secret.access.key',
      'flush.size',
      'output.data.format',
      'partitioner.class',
      's3.part.size',
      'time.interval',
      'timezone',
    ]);
    assert.match(bad['output.data.format'], /Invalid value CSV for configuration output.data.format/);
    const codec = await errorsOf({ 'output.data.format': 'JSON', 'compression.codec': 'AVRO - snappy' });
    assert.match(codec['compression.codec'], /JSON output takes JSON - gzip/);
    const field = await errorsOf({ 'partitioner.class': 'FieldPartitioner' });
    assert.match(field['partition.field.name'], /needs partition.field.name/);
    const missing = await errorsOf({ 's3.bucket.name': '' });
    assert.deepEqual(Object.keys(missing), []); // '' is a value; an absent bucket is the ConfigDef's error
    const absent = await new S3SinkConnector().validate({ topics: 'x', 'time.interval': 'DAILY' });
    assert.ok(absent.configValues.find((v) => v.name === 's3.bucket.name')!.errorMessages.length > 0);
  });

  it('the runtime picks a sink’s converters from input.data.format, not the S3 file format', () => {
    const props = { 'input.data.format': 'AVRO', 'output.data.format': 'PARQUET', topics: 'orders' };
    assert.deepEqual(converterConfig('sink', props), { 'input.data.format': 'AVRO', topics: 'orders' });
    assert.equal(converterConfig('source', props), props);
  });

  it('the AWS keys are PASSWORD (encrypted at rest, masked on read)', () => {
    const def = new S3SinkConnector().config();
    for (const k of ['aws.access.key.id', 'aws.secret.access.key'])
      assert.equal(def.configKeys.get(k)?.type, 'PASSWORD');
  });
});
