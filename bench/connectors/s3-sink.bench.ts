// S3_SINK MB/s (issue 16 "Done when": S3 sink MB/s in JSON and Parquet into the local server), the
// task alone: SinkRecords (ORDERS-like Structs with their Connect schema, as the runtime hands them
// after AvroConverter) given to S3SinkTask.put() 500 at a time (max.poll.records), one
// topic-partition, DefaultPartitioner, flush.size records per file, uploaded to @20minutes/s3rver in a
// child process (its own event loop, files in a temp dir) through the egress-checked keep-alive
// client, HEAD before each PUT. Reported per format: records/s, the objects' MB/s, and the same
// objects PUT straight from Node with a plain S3Client (one after the other, as one partition's files
// are) in the same run: the ratio sink ÷ raw is the connector's cost over the store's.
// Usage: node scripts/run.js bench/connectors/s3-sink.bench.ts [records=200000] [formats=JSON,PARQUET] [flush.size=10000]
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SchemaBuilder, SinkRecord, Struct, Timestamp } from '@libs/connect-spi';
import { EgressPolicy, s3SinkHooks, S3SinkTask } from '@libs/connectors';
import { startS3Child } from '../../libs/connectors/test/s3-server';

const total = Number(process.argv[2] ?? 200_000);
const formats = (process.argv[3] ?? 'JSON,PARQUET').split(',');
const flushSize = Number(process.argv[4] ?? 10_000);
const POLL = 500;
const BUCKET = 'bench';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const schema = SchemaBuilder.struct()
  .name('ksql.orders')
  .field('ordertime', Timestamp.builder().build())
  .field('orderid', SchemaBuilder.int64().build())
  .field('itemid', SchemaBuilder.string().build())
  .field('orderunits', SchemaBuilder.float64().build())
  .field('city', SchemaBuilder.string().build())
  .field('state', SchemaBuilder.string().build())
  .field('zipcode', SchemaBuilder.int32().build())
  .build();

function record(i: number): SinkRecord {
  const value = new Struct(schema)
    .put('ordertime', new Date(1500000000000 + i))
    .put('orderid', i)
    .put('itemid', `Item_${i % 1000}`)
    .put('orderunits', (i % 97) / 7)
    .put('city', `City_${i % 50}`)
    .put('state', `State_${i % 20}`)
    .put('zipcode', 10000 + (i % 9000));
  return new SinkRecord('orders', 0, null, null, schema, value, i, 1500000000000 + i, 'CreateTime');
}

const mb = (bytes: number) => bytes / 1024 / 1024;

void (async () => {
  const server = await startS3Child([BUCKET]);
  const url = server.url;
  const raw = new S3Client({ region: 'us-east-1', endpoint: url, forcePathStyle: true, credentials: CREDENTIALS });
  s3SinkHooks.policy = new EgressPolicy({ devMode: true });
  let uploadedBytes = 0;
  s3SinkHooks.onRotation = (s) => (uploadedBytes += s.bytes);
  const records = Array.from({ length: total }, (_, i) => record(i));
  try {
    for (const format of formats) {
      const task = new S3SinkTask();
      task.start({
        name: 'bench',
        topics: 'orders',
        'input.data.format': 'AVRO',
        'output.data.format': format,
        's3.bucket.name': BUCKET,
        'store.url': url,
        'aws.access.key.id': CREDENTIALS.accessKeyId,
        'aws.secret.access.key': CREDENTIALS.secretAccessKey,
        'time.interval': 'HOURLY',
        'partitioner.class': 'DefaultPartitioner',
        'flush.size': String(flushSize),
        'topics.dir': `sink-${format.toLowerCase()}`,
      });
      // warm-up (JIT, the connection) on offsets the measured run does not reuse
      const warm = records
        .slice(0, flushSize)
        .map((r) => new SinkRecord('warm', 0, null, null, schema, r.value, r.kafkaOffset));
      for (let i = 0; i < warm.length; i += POLL) await task.put(warm.slice(i, i + POLL));
      uploadedBytes = 0;
      const t0 = performance.now();
      for (let i = 0; i < total; i += POLL) await task.put(records.slice(i, Math.min(total, i + POLL)));
      const s = (performance.now() - t0) / 1000;
      await task.stop();
      // the raw baseline: the same objects' bytes, PUT one after the other with a plain client
      const listed = await raw.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `sink-${format.toLowerCase()}/orders/` }),
      );
      const bodies: { key: string; body: Uint8Array }[] = [];
      for (const o of listed.Contents ?? []) {
        const res = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.Key! }));
        bodies.push({ key: o.Key!, body: await res.Body!.transformToByteArray() });
      }
      const bytes = bodies.reduce((a, b) => a + b.body.length, 0);
      if (bytes !== uploadedBytes) throw new Error(`uploaded ${uploadedBytes} bytes, the bucket holds ${bytes}`);
      const r0 = performance.now();
      for (const b of bodies)
        await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: `raw/${b.key}`, Body: b.body }));
      const rs = (performance.now() - r0) / 1000;
      console.log(
        `${format}: ${total} records (${bodies.length} files, ${mb(bytes).toFixed(1)} MB) in ${s.toFixed(2)} s = ` +
          `${Math.round(total / s).toLocaleString('en-US')} records/s, ${(mb(bytes) / s).toFixed(1)} MB/s; ` +
          `raw PutObject of the same bytes ${(mb(bytes) / rs).toFixed(1)} MB/s (${rs.toFixed(2)} s); ratio ${(rs / s).toFixed(2)}`,
      );
    }
  } finally {
    raw.destroy();
    server.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
