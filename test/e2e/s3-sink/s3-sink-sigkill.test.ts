// S3_SINK exactly-once files across a worker crash (issue 16 "Done when": "a worker SIGKILL mid-file
// after which the bucket holds every record exactly once"). Two real worker processes
// (apps/worker/src/main.ts) on the runtime fixture's broker, database and Redis; a producer writes
// N numbered records slowly into one partition while the S3 sink (JSON, DefaultPartitioner,
// flush.size not a divisor of the batch size, so files are open most of the time) uploads to s3rver.
// The worker holding the sink task is SIGKILLed once files are in the bucket, with the producer still
// going; the task moves to the other worker, which re-reads from the last committed offset and
// rewrites the files not committed under the same keys (HEAD-before-PUT skips those already there).
// At the end the bucket holds every record exactly once: N values, no duplicate, no gap, files of
// flush.size records at contiguous start offsets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startOffsetOf } from '@libs/connectors';
import { jsonLines } from '../../../libs/connectors/test/s3-files';
import { S3RVER_CREDENTIALS, startS3, type TestS3 } from '../../../libs/connectors/test/s3-server';
import {
  createConnector,
  platformKafka,
  runtimeFixture,
  spawnWorker,
  tasksOf,
  type RuntimeFixture,
  type SpawnedWorker,
} from '../../runtime/support';
import { waitFor } from '../../support/wait-for';

const BUCKET = 'sigkill-bucket';
const TOPIC = 's3kill';
const N = 2800;
const FLUSH = 70;
const BATCH = 20;

describe('S3 sink: worker SIGKILL mid-file', () => {
  let f: RuntimeFixture;
  let s3: TestS3;
  const workers: SpawnedWorker[] = [];

  before(async () => {
    f = await runtimeFixture();
    s3 = await startS3([BUCKET]);
    for (const id of ['s3A', 's3B'])
      workers.push(spawnWorker(f, id, { WORKER_CAPACITY: '4', CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' }));
    await Promise.all(workers.map((w) => w.ready));
  });

  after(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await s3?.close();
    await f?.close();
  });

  it('the bucket holds every record exactly once after the sink’s worker is killed', async () => {
    const kafka = platformKafka(f, 's3-sigkill');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const sinkId = await createConnector(f, 'S3_SINK', {
      topics: TOPIC,
      'input.data.format': 'JSON',
      'output.data.format': 'JSON',
      's3.bucket.name': BUCKET,
      'store.url': s3.url,
      'aws.access.key.id': S3RVER_CREDENTIALS.accessKeyId,
      'aws.secret.access.key': S3RVER_CREDENTIALS.secretAccessKey,
      'time.interval': 'HOURLY',
      'partitioner.class': 'DefaultPartitioner',
      'flush.size': String(FLUSH),
      'tasks.max': '1',
    });
    await f.db.connector.update({ where: { id: sinkId }, data: { type: 'SINK' } });
    const [first] = await waitFor(
      'sink RUNNING',
      async () => {
        const ts = await tasksOf(f, sinkId);
        return ts[0]?.state === 'RUNNING' ? ts : null;
      },
      30_000,
    );

    const producer = kafka.producer();
    await producer.connect();
    let produced = 0;
    const producing = (async () => {
      while (produced < N) {
        const messages = Array.from({ length: BATCH }, (_, i) => ({ value: JSON.stringify({ n: produced + i }) }));
        await producer.send({ topic: TOPIC, messages });
        produced += BATCH;
        await new Promise((r) => setTimeout(r, 60));
      }
    })();

    // files are landing and the producer is still going: kill the sink's worker
    await waitFor('10 files uploaded', async () => (await s3.keys(BUCKET)).length >= 10, 60_000, 50);
    const victim = workers.find((w) => w.id === first.workerId)!;
    victim.proc.kill('SIGKILL');
    await new Promise((r) => victim.proc.once('exit', r));
    const producedAtKill = produced;
    const filesAtKill = (await s3.keys(BUCKET)).length;
    process.stdout.write(
      `# SIGKILL with ${filesAtKill} files uploaded and ${producedAtKill} of ${N} records produced\n`,
    );
    assert.ok(producedAtKill < N, 'killed while records were still arriving');

    await waitFor(
      'sink RUNNING on the other worker',
      async () => {
        const [t] = await tasksOf(f, sinkId);
        return t.state === 'RUNNING' && t.workerId !== victim.id && t.epoch > first.epoch;
      },
      60_000,
      100,
    );
    await producing;
    await producer.disconnect();

    const files = await waitFor(
      `${N / FLUSH} files`,
      async () => {
        const keys = await s3.keys(BUCKET);
        return keys.length >= N / FLUSH ? keys : null;
      },
      90_000,
      200,
    );
    // every record once, and the files as Confluent names them, at contiguous offsets
    const seen: number[] = [];
    let next = 0;
    for (const key of [...files].sort((a, b) => startOffsetOf(a)! - startOffsetOf(b)!)) {
      assert.equal(key, `topics/${TOPIC}/partition=0/${TOPIC}+0+${String(next).padStart(10, '0')}.json`);
      const values = jsonLines(await s3.get(BUCKET, key), key).map((v) => (v as { n: number }).n);
      assert.deepEqual(
        values,
        Array.from({ length: FLUSH }, (_, i) => next + i),
        `${key} holds offsets ${next}..${next + FLUSH - 1}`,
      );
      seen.push(...values);
      next += FLUSH;
    }
    assert.equal(seen.length, N, 'no duplicate');
    assert.equal(new Set(seen).size, N, 'no record lost');
    assert.equal(files.length, N / FLUSH);
  });
});
