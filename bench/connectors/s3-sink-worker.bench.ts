// S3_SINK through the real runtime: a 4-partition topic on the embedded broker is pre-filled with
// ORDERS-like JSON records (schemaless, ≈ 190 bytes), then an S3_SINK connector (one task, JSON
// output, DefaultPartitioner, flush.size records per file) is run by a worker process: consumer
// group, JsonConverter, the sink's files, HEAD + PUT to @20minutes/s3rver in a child process. MB/s
// = the objects' bytes after the first one over the time between the first and the last object
// appearing (the bucket is listed every 100 ms).
//   node scripts/run.js bench/connectors/s3-sink-worker.bench.ts [records=200000] [flush.size=10000]
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PLATFORM_USER_PREFIX, platformBrokerPassword } from '@libs/kafka-clients';
import { startS3Child } from '../../libs/connectors/test/s3-server';
import { createConnector, platformKafka, runtimeFixture, spawnWorker } from '../../test/runtime/support';
import { prefillJsonOrders, stopWorker, timeArrivals } from '../support/sink-bench';

const RECORDS = Number(process.argv[2] ?? 200_000);
const FLUSH = Number(process.argv[3] ?? 10_000);
const PARTITIONS = 4;
const TOPIC = 'orders';
const BUCKET = 'bench';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function main(): Promise<void> {
  const f = await runtimeFixture();
  const server = await startS3Child([BUCKET]);
  const worker = spawnWorker(f, 's3-sink-bench', { LOG_LEVEL: 'warn' });
  let client: S3Client | undefined;
  try {
    const url = server.url;
    client = new S3Client({ region: 'us-east-1', endpoint: url, forcePathStyle: true, credentials: CREDENTIALS });
    const objects = async () => {
      const res = await client!.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      return (res.Contents ?? []).map((o) => o.Size ?? 0);
    };
    const kafka = platformKafka(f, 's3-sink-bench');
    await prefillJsonOrders(kafka, TOPIC, RECORDS, PARTITIONS);
    await worker.ready;
    await createConnector(f, 'S3_SINK', {
      name: 's3-bench',
      topics: TOPIC,
      'input.data.format': 'JSON',
      'output.data.format': 'JSON',
      's3.bucket.name': BUCKET,
      'store.url': url,
      'aws.access.key.id': CREDENTIALS.accessKeyId,
      'aws.secret.access.key': CREDENTIALS.secretAccessKey,
      'time.interval': 'HOURLY',
      'partitioner.class': 'DefaultPartitioner',
      'flush.size': String(FLUSH),
      // the fixture's broker knows only the platform identity
      'kafka.api.key': `${PLATFORM_USER_PREFIX}${f.clusterId}`,
      'kafka.api.secret': platformBrokerPassword(f.config.apiKeyPepper, f.clusterId),
      'tasks.max': '1',
    });
    const files = RECORDS / FLUSH;
    const sum = (sizes: number[]) => sizes.reduce((a, b) => a + b, 0);
    const {
      first: f0,
      last: l0,
      seconds,
    } = await timeArrivals(
      'objects',
      objects,
      (sizes, before) => sizes.length > (before?.length ?? 0),
      (sizes) => sizes.length >= files,
    );
    const first = { bytes: sum(f0.value), n: f0.value.length };
    const last = { bytes: sum(l0.value), n: l0.value.length };
    const mb = (last.bytes - first.bytes) / 1024 / 1024;
    console.log(
      JSON.stringify({
        records: RECORDS,
        files: last.n,
        mbTotal: Number((last.bytes / 1024 / 1024).toFixed(1)),
        seconds: Number(seconds.toFixed(2)),
        mbPerSec: Number((mb / seconds).toFixed(1)),
        recordsPerSec: Math.round(((last.n - first.n) * FLUSH) / seconds),
      }),
    );
  } finally {
    await stopWorker(worker.proc);
    client?.destroy();
    server.close();
    await f.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
