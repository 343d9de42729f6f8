// KIP-298 error handling end to end, on the real embedded broker, Postgres and Redis, with an
// in-process runtime: a sink fed poison records (invalid JSON, a JSON value without the schema
// envelope, a value Cast rejects) keeps RUNNING with errors.tolerance=all and each bad record lands
// in its DLQ (dlq-<connector id>) with the __connect.errors.* headers; with tolerance none the task
// FAILs with the cause in its trace; a source whose records fail a transform writes them to its
// DLQ in the source DLQ format (docs/errors.md).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kafka, type IHeaders } from 'kafkajs';
import { ConnectRuntime } from '@libs/connect-runtime';
import {
  allTasksIn,
  createConnector,
  readJsonl,
  runtimeFixture,
  tasksOf,
  type RuntimeFixture,
  platformKafka,
  fixtureRuntime,
} from '../../runtime/support';
import { waitFor } from '../../support/wait-for';

interface DlqRecord {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function kafkaOf(f: RuntimeFixture): Kafka {
  return platformKafka(f, 'errors-e2e');
}

const str = (h: IHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(h).map(([k, v]) => [k, v === undefined ? '' : String(Array.isArray(v) ? v[0] : v)]),
  );

async function readDlq(f: RuntimeFixture, topic: string, expect: number, timeoutMs = 20_000): Promise<DlqRecord[]> {
  const consumer = kafkaOf(f).consumer({
    groupId: `errors-reader-${randomBytes(4).toString('hex')}`,
    sessionTimeout: 6000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 200,
  });
  const out: DlqRecord[] = [];
  await consumer.connect();
  try {
    await waitFor(`DLQ topic ${topic}`, async () => (await kafkaOf(f).admin().listTopics()).includes(topic), timeoutMs);
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        out.push({
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: str(message.headers ?? {}),
        });
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (out.length < expect && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
  }
  return out;
}

const envelope = (n: string) =>
  JSON.stringify({
    schema: { type: 'struct', optional: false, fields: [{ field: 'n', type: 'string', optional: false }] },
    payload: { n },
  });

describe('error handling: DLQ and tolerance (KIP-298)', () => {
  let f: RuntimeFixture;
  let rt: ConnectRuntime;

  before(async () => {
    f = await runtimeFixture();
    rt = fixtureRuntime(f, {
      workerId: 'w-errors',
      // never reached: a value without the magic byte fails before any schema lookup
      schemaRegistry: async () => ({ url: 'http://127.0.0.1:9' }),
    });
    await rt.start();
  });

  after(async () => {
    await rt?.close();
    await f?.close();
  });

  const sinkConfig = (topic: string, file: string, extra: Record<string, string> = {}) => ({
    topics: topic,
    file,
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'true',
    transforms: 'cast',
    'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
    'transforms.cast.spec': 'n:int32',
    ...extra,
  });

  it('tolerance all (the sink default): poison records go to dlq-<id> with context headers, the task keeps RUNNING', async () => {
    const topic = 'orders-in';
    const producer = kafkaOf(f).producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'good-1', value: envelope('1') },
        { key: 'bad-json', value: '{not json', headers: { origin: 'test' } },
        { key: 'no-envelope', value: JSON.stringify({ n: '2' }) },
        { key: 'bad-cast', value: envelope('abc') },
        { key: 'good-2', value: envelope('3') },
      ],
    });
    await producer.disconnect();
    const file = join(f.dir, 'all.jsonl');
    const id = await createConnector(f, 'CollectSink', sinkConfig(topic, file));
    await waitFor('sink RUNNING', () => allTasksIn(f, id, 'RUNNING', 1));
    const rows = await waitFor('2 good records in the sink', async () => {
      const r = readJsonl(file);
      return r.length >= 2 ? r : null;
    });
    // CollectSink writes the Struct as is: the Cast made n an INT32
    assert.deepEqual(
      rows.map((r) => (r.value as { values: number[] }).values),
      [[1], [3]],
    );
    const dlq = await readDlq(f, `dlq-${id}`, 3);
    assert.equal(dlq.length, 3);
    const [json, noEnvelope, cast] = dlq;
    // the original bytes, the original headers, then the context headers
    assert.equal(json.key, 'bad-json');
    assert.equal(json.value, '{not json');
    assert.equal(json.headers.origin, 'test');
    assert.equal(json.headers['__connect.errors.topic'], topic);
    assert.equal(json.headers['__connect.errors.partition'], '0');
    assert.equal(json.headers['__connect.errors.offset'], '1');
    assert.equal(json.headers['__connect.errors.connector.name'], id);
    assert.equal(json.headers['__connect.errors.task.id'], '0');
    assert.equal(json.headers['__connect.errors.stage'], 'VALUE_CONVERTER');
    assert.equal(json.headers['__connect.errors.class.name'], 'org.apache.kafka.connect.json.JsonConverter');
    assert.match(json.headers['__connect.errors.exception.class.name'], /DataException$/);
    assert.ok(json.headers['__connect.errors.exception.message'].length > 0);
    assert.ok(json.headers['__connect.errors.exception.stacktrace'].length > 0);

    assert.equal(noEnvelope.key, 'no-envelope');
    assert.equal(noEnvelope.headers['__connect.errors.stage'], 'VALUE_CONVERTER');
    assert.equal(noEnvelope.headers['__connect.errors.offset'], '2');

    assert.equal(cast.key, 'bad-cast');
    assert.equal(cast.value, envelope('abc'));
    assert.equal(cast.headers['__connect.errors.stage'], 'TRANSFORMATION');
    assert.equal(cast.headers['__connect.errors.class.name'], 'org.apache.kafka.connect.transforms.Cast$Value');
    assert.equal(cast.headers['__connect.errors.offset'], '3');

    const [t] = await tasksOf(f, id);
    assert.equal(t.state, 'RUNNING');
    const metrics = await rt.metrics.render();
    const labels = `\\{connector="${id}",task="0"\\}`;
    assert.match(metrics, new RegExp(`connect_task_error_total_record_failures${labels} 3`));
    assert.match(metrics, new RegExp(`connect_task_error_total_records_skipped${labels} 3`));
    assert.match(metrics, new RegExp(`connect_task_error_deadletterqueue_produce_requests${labels} 3`));
  });

  it('a managed AVRO sink (input.data.format=AVRO): a value with a wrong magic byte goes to the DLQ at VALUE_CONVERTER', async () => {
    const topic = 'avro-in';
    const producer = kafkaOf(f).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'plain-json', value: JSON.stringify({ n: 1 }) }] });
    await producer.disconnect();
    const id = await createConnector(f, 'CollectSink', {
      topics: topic,
      file: join(f.dir, 'avro.jsonl'),
      'input.data.format': 'AVRO',
    });
    await waitFor('sink RUNNING', () => allTasksIn(f, id, 'RUNNING', 1));
    const [bad] = await readDlq(f, `dlq-${id}`, 1);
    assert.equal(bad.key, 'plain-json');
    assert.equal(bad.headers['__connect.errors.stage'], 'VALUE_CONVERTER');
    assert.equal(bad.headers['__connect.errors.class.name'], 'io.confluent.connect.avro.AvroConverter');
    assert.match(bad.headers['__connect.errors.exception.message'], /magic byte/i);
    const [t] = await tasksOf(f, id);
    assert.equal(t.state, 'RUNNING');
  });

  it('tolerance none: the task FAILs with the cause in its trace (and the record is still in the DLQ)', async () => {
    const topic = 'payments-in';
    const producer = kafkaOf(f).producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'good', value: envelope('7') },
        { key: 'bad', value: envelope('x') },
      ],
    });
    await producer.disconnect();
    const file = join(f.dir, 'none.jsonl');
    const id = await createConnector(
      f,
      'CollectSink',
      sinkConfig(topic, file, { 'errors.tolerance': 'none', 'auto.restart.on.user.error': 'false' }),
    );
    const [failed] = await waitFor('sink FAILED', () => allTasksIn(f, id, 'FAILED', 1), 30_000);
    assert.match(failed.trace ?? '', /Tolerance exceeded in error handler/);
    assert.match(failed.trace ?? '', /Caused by: .*x/);
    const dlq = await readDlq(f, `dlq-${id}`, 1);
    assert.equal(dlq[0]?.key, 'bad');
    assert.equal(dlq[0]?.headers['__connect.errors.stage'], 'TRANSFORMATION');
  });

  it('error window (opt-in): a tolerant sink stops after N failures within its last M records', async () => {
    const topic = 'window-in';
    const producer = kafkaOf(f).producer();
    await producer.connect();
    // window of 3 records, 2 failures: bad, good, good, bad → fine (first one slid out); then bad → stop
    await producer.send({
      topic,
      messages: ['1', 'x', '2', '3', 'y', '4', 'z', '5'].map((n, i) => ({ key: `k${i}`, value: envelope(n) })),
    });
    await producer.disconnect();
    const file = join(f.dir, 'window.jsonl');
    const id = await createConnector(
      f,
      'CollectSink',
      sinkConfig(topic, file, {
        'errors.window.size': '3',
        'errors.window.max.errors': '2',
        'auto.restart.on.user.error': 'false',
      }),
    );
    const [failed] = await waitFor('sink FAILED by the error window', () => allTasksIn(f, id, 'FAILED', 1), 30_000);
    assert.match(failed.trace ?? '', /Error window exceeded: 2 failed records within the last 3/);
    // every failure up to and including the one that tripped the window is in the DLQ
    const dlq = await readDlq(f, `dlq-${id}`, 3);
    assert.deepEqual(
      dlq.map((r) => r.key),
      ['k1', 'k4', 'k6'],
    );
  });

  it('a source whose records fail a transform writes them to its DLQ (source DLQ format)', async () => {
    const id = await createConnector(f, 'CounterSource', {
      topic: 'counted',
      'batch.size': '3',
      'poll.interval.ms': '20',
      'max.records': '3',
      transforms: 'castKey',
      'transforms.castKey.type': 'org.apache.kafka.connect.transforms.Cast$Key',
      'transforms.castKey.spec': 'int32',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'counted-dlq',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await waitFor('source RUNNING', () => allTasksIn(f, id, 'RUNNING', 1));
    const dlq = await readDlq(f, 'counted-dlq', 3);
    assert.equal(dlq.length, 3);
    dlq.forEach((r, n) => {
      assert.equal(r.key, JSON.stringify('task-0'));
      assert.deepEqual(JSON.parse(r.value ?? 'null'), {
        topic: 'counted',
        partition: null,
        key: 'task-0',
        value: { task: 0, n },
        sourcePartition: { task: 0 },
        sourceOffset: { n },
      });
      assert.equal(r.headers['__connect.errors.topic'], 'counted');
      assert.equal(r.headers['__connect.errors.offset'], undefined);
      assert.equal(r.headers['__connect.errors.connector.name'], id);
      assert.equal(r.headers['__connect.errors.stage'], 'TRANSFORMATION');
      assert.equal(r.headers['__connect.errors.class.name'], 'org.apache.kafka.connect.transforms.Cast$Key');
    });
    // still running, and the failed records' offsets were committed (skipped, not retried)
    await waitFor('offsets committed', async () => {
      const offs = await f.db.sourceOffset.findMany({ where: { connectorId: id } });
      return offs.length === 1 && (offs[0].offset as { n: number }).n === 2;
    });
    const [t] = await tasksOf(f, id);
    assert.equal(t.state, 'RUNNING');
  });
  it('source KAFKA_PRODUCE: a record the broker rejects is reported with its converted bytes and skipped', async () => {
    const id = await createConnector(f, 'CounterSource', {
      topic: 'fine',
      'batch.size': '1',
      'poll.interval.ms': '20',
      'max.records': '1',
      // routes the record to a topic name the broker refuses
      transforms: 'route',
      'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
      'transforms.route.regex': '.*',
      'transforms.route.replacement': 'not a valid topic!',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'produce-dlq',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await waitFor('source RUNNING', () => allTasksIn(f, id, 'RUNNING', 1));
    const [r] = await readDlq(f, 'produce-dlq', 1, 40_000);
    assert.ok(r, 'a DLQ record');
    assert.equal(r.headers['__connect.errors.stage'], 'KAFKA_PRODUCE');
    assert.equal(r.headers['__connect.errors.topic'], 'not a valid topic!');
    // converted bytes, as they would have been produced (StringConverter key, schemaless JSON value)
    assert.equal(r.key, 'task-0');
    assert.deepEqual(JSON.parse(r.value ?? 'null'), { task: 0, n: 0 });
    const [t] = await tasksOf(f, id);
    assert.equal(t.state, 'RUNNING');
  });
});
