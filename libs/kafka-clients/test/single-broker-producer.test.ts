// SingleBrokerProducer against the real embedded broker, read back by kafkajs and by our raw fetch:
// same partitions as kafkajs's producer for the same keys, headers and timestamps intact, every
// codec, broker errors typed (retriable or not), reconnection after a broker restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompressionTypes, Kafka, Partitioners, type Message } from 'kafkajs';
import { kafkajsConfig, startTestBroker, TENANT_A, type TestBroker } from '../../broker/test/harness';
import { registerCodecs } from '../../broker/test/kafkajs-codecs';
import { fetchRecords, KafkaProduceError, SingleBrokerProducer, type BrokerTarget } from '../src';

describe('SingleBrokerProducer', () => {
  let tb: TestBroker;
  let kafka: Kafka;
  let target: BrokerTarget;
  let producer: SingleBrokerProducer;

  before(async () => {
    await registerCodecs();
    tb = await startTestBroker();
    kafka = new Kafka(kafkajsConfig(tb.bootstrap, TENANT_A));
    target = {
      host: '127.0.0.1',
      port: tb.broker.port,
      sasl: { username: TENANT_A.username, password: TENANT_A.password },
    };
    producer = new SingleBrokerProducer(target, { clientId: 'test', initialRetryTimeMs: 20 });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'six', numPartitions: 6 },
        { topic: 'six-kafkajs', numPartitions: 6 },
        { topic: 'codecs', numPartitions: 1 },
      ],
    });
    await admin.disconnect();
  });
  after(async () => {
    await producer.disconnect();
    await tb.stop();
  });

  it('partitions keys as kafkajs does and keeps keys, values, headers and timestamps', async () => {
    const messages: Message[] = Array.from({ length: 60 }, (_, i) => ({
      key: `key-${i % 17}`,
      value: Buffer.from(`value-${i}`),
      headers: { 'task.id': String(i % 3), multi: ['a', Buffer.from('b')] },
      timestamp: String(1_700_000_000_000 + i),
    }));
    const meta = await producer.sendBatch({ acks: -1, topicMessages: [{ topic: 'six', messages }] });
    assert.equal(
      meta.reduce((n, m) => n + (m.errorCode === 0 ? 1 : 0), 0),
      meta.length,
    );
    const reference = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await reference.connect();
    await reference.send({ topic: 'six-kafkajs', acks: -1, messages });
    await reference.disconnect();

    const partitionOfKey = async (topic: string) => {
      const seen = new Map<string, number>();
      for (let p = 0; p < 6; p++)
        for (const r of await fetchRecords(target, topic, p, 0, 100)) seen.set(r.key!.toString(), p);
      return seen;
    };
    assert.deepEqual([...(await partitionOfKey('six'))].sort(), [...(await partitionOfKey('six-kafkajs'))].sort());

    const all = [];
    for (let p = 0; p < 6; p++) all.push(...(await fetchRecords(target, 'six', p, 0, 100)));
    assert.equal(all.length, 60);
    const r7 = all.find((r) => r.value?.toString() === 'value-7')!;
    assert.equal(r7.key?.toString(), 'key-7');
    assert.equal(r7.timestamp, 1_700_000_000_007);
    assert.deepEqual(
      r7.headers.map((h) => [h.key, h.value?.toString()]),
      [
        ['task.id', '1'],
        ['multi', 'a'],
        ['multi', 'b'],
      ],
    );
  });

  it('produces with every codec; kafkajs reads them back', async () => {
    const codecs = [
      CompressionTypes.None,
      CompressionTypes.GZIP,
      CompressionTypes.Snappy,
      CompressionTypes.LZ4,
      CompressionTypes.ZSTD,
    ];
    for (const compression of codecs)
      await producer.send({
        topic: 'codecs',
        compression,
        messages: Array.from({ length: 50 }, (_, i) => ({ key: null, value: `c${compression}-${i}` })),
      });
    const consumer = kafka.consumer({ groupId: 'codecs-reader', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'codecs', fromBeginning: true });
    const values: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value!.toString());
          if (values.length === 250) resolve();
        },
      });
    });
    await consumer.disconnect();
    for (const c of codecs) assert.ok(values.includes(`c${c}-49`), `codec ${c}`);
  });

  it('creates a missing topic like kafkajs (broker auto-creation) and refuses an invalid one at once', async () => {
    await producer.send({ topic: 'made-on-demand', messages: [{ value: 'x' }] });
    assert.equal((await fetchRecords(target, 'made-on-demand', 0, 0, 10)).length, 1);
    const t0 = Date.now();
    await assert.rejects(
      producer.send({ topic: 'not a valid topic!', messages: [{ value: 'x' }] }),
      (e: unknown) => e instanceof KafkaProduceError && e.type === 'INVALID_TOPIC_EXCEPTION' && !e.retriable,
    );
    assert.ok(Date.now() - t0 < 5000, 'a non-retriable error is not retried');
  });

  it('reports a partition the broker rejects (record too large) without retrying', async () => {
    await assert.rejects(
      producer.send({ topic: 'codecs', messages: [{ value: Buffer.alloc(2 * 1024 * 1024, 1) }] }),
      (e: unknown) => e instanceof KafkaProduceError && e.type === 'MESSAGE_TOO_LARGE' && e.partition === 0,
    );
  });

  it('reconnects after the broker restarts', async () => {
    const port = tb.broker.port;
    await tb.broker.close();
    const restarted = await startTestBroker({ port }, tb.dataDir);
    const stopOld = tb.stop.bind(tb);
    tb = { ...restarted, stop: async () => (await restarted.stop(), await stopOld()) };
    await producer.send({ topic: 'codecs', messages: [{ value: 'after-restart' }] });
    const recs = await fetchRecords(target, 'codecs', 0, 250, 1000);
    assert.ok(recs.some((r) => r.value?.toString() === 'after-restart'));
  });

  it('fails with wrong credentials', async () => {
    const bad = new SingleBrokerProducer(
      { ...target, sasl: { username: TENANT_A.username, password: 'nope' } },
      {
        clientId: 'test',
        retries: 0,
      },
    );
    await assert.rejects(bad.send({ topic: 'codecs', messages: [{ value: 'x' }] }), /SASL authentication failed/);
    await bad.disconnect();
  });
});
