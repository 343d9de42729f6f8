// Topic names as Kafka rules them: internal names (__consumer_offsets, __transaction_state, …) are
// never created in a tenant's namespace, by CreateTopics or by Metadata auto-creation, and illegal
// or colliding names get INVALID_TOPIC_EXCEPTION with Kafka's wording.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiKey, ErrorCode, Msg } from '@libs/kafka-protocol';
import { Kafka, logLevel } from 'kafkajs';
import { kafkajsConfig, TENANT_A, testBrokerPerFile } from './harness';
import { RawClient } from './raw-client';

const INTERNAL = ['__consumer_offsets', '__transaction_state', '__share_group_state', '__cluster_metadata'];

const testBroker = testBrokerPerFile();
let client: Kafka | undefined;
// built on first use: the broker (and its port) exists only once testBrokerPerFile's before() ran
const kafka = (): Kafka =>
  (client ??= new Kafka({
    ...kafkajsConfig(testBroker.broker().bootstrap, TENANT_A),
    logLevel: logLevel.NOTHING,
    retry: { retries: 1, initialRetryTime: 50 },
  }));

async function createTopicsRaw(c: RawClient, version: number, names: string[], validateOnly = false): Promise<Msg[]> {
  const r = await c.request(ApiKey.CreateTopics, version, {
    topics: names.map((name) => ({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] })),
    timeoutMs: 1000,
    validateOnly,
  });
  return r.topics as Msg[];
}

interface KafkajsError {
  type?: string;
  errors?: KafkajsError[];
}
const typeOf = (e: unknown): string | undefined => {
  const err = e as KafkajsError;
  return err.type ?? err.errors?.[0]?.type;
};

describe('internal topic names', () => {
  it('CreateTopics answers INVALID_REQUEST "Creation of internal topic … is prohibited." (validate_only too)', async () => {
    const c = await testBroker.authed();
    for (const version of [0, 4]) {
      const res = await createTopicsRaw(c, version, INTERNAL);
      assert.deepEqual(
        res.map((t) => t.errorCode),
        INTERNAL.map(() => ErrorCode.INVALID_REQUEST),
      );
      if (version >= 1)
        assert.deepEqual(
          res.map((t) => t.errorMessage),
          INTERNAL.map((n) => `Creation of internal topic ${n} is prohibited.`),
        );
    }
    const dry = await createTopicsRaw(c, 4, ['__consumer_offsets'], true);
    assert.equal(dry[0].errorCode, ErrorCode.INVALID_REQUEST);
    c.close();

    // kafkajs's admin sees a non-retriable INVALID_REQUEST (Kafka REST maps it to 400 40002).
    const admin = kafka().admin();
    await admin.connect();
    try {
      for (const topic of ['__consumer_offsets', '__transaction_state']) {
        const err = await admin.createTopics({ topics: [{ topic }] }).then(
          () => null,
          (e: unknown) => e,
        );
        assert.equal(typeOf(err), 'INVALID_REQUEST', `${topic}: ${String(err)}`);
      }
      assert.deepEqual(
        (await admin.listTopics()).filter((t) => t.startsWith('__')),
        [],
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('Metadata never auto-creates them: UNKNOWN_TOPIC_OR_PARTITION (but the broker-written __consumer_offsets), at v0/v1 (broker decides) and v4 (client allows)', async () => {
    const c = await testBroker.authed();
    for (const version of [0, 1, 4]) {
      const r = await c.request(ApiKey.Metadata, version, {
        topics: INTERNAL.map((name) => ({ name })),
        allowAutoTopicCreation: true,
      });
      for (const t of r.topics as Msg[]) {
        // __consumer_offsets exists in every tenant, written by the broker (consumer-offsets-topic.test.ts)
        const expected = t.name === '__consumer_offsets' ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        assert.equal(t.errorCode, expected, `v${version} ${t.name}`);
        if (version >= 1) assert.equal(t.isInternal, true);
      }
    }
    // An ordinary name is still auto-created by the same request.
    const ok = await c.request(ApiKey.Metadata, 1, { topics: [{ name: 'auto-made' }] });
    assert.equal(ok.topics[0].errorCode, ErrorCode.NONE);
    const all = await c.request(ApiKey.Metadata, 1, { topics: null });
    assert.deepEqual(
      (all.topics as Msg[]).map((t) => t.name),
      ['auto-made'],
    );
    c.close();

    // A kafkajs producer (auto-creation allowed) writing to __consumer_offsets fails instead of creating it.
    const producer = kafka().producer({ allowAutoTopicCreation: true });
    await producer.connect();
    try {
      const err = await producer.send({ topic: '__consumer_offsets', messages: [{ value: 'x' }] }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(err, 'send to __consumer_offsets must fail');
    } finally {
      await producer.disconnect();
    }
    const admin = kafka().admin();
    await admin.connect();
    try {
      assert.equal((await admin.listTopics()).includes('__consumer_offsets'), false);
    } finally {
      await admin.disconnect();
    }
  });
});

describe('illegal topic names', () => {
  it("refuses '', '.', '..', 250 characters and characters outside [a-zA-Z0-9._-] with INVALID_TOPIC_EXCEPTION", async () => {
    const c = await testBroker.authed();
    const cases: [string, string][] = [
      ['', 'Topic name is invalid: the empty string is not allowed'],
      ['.', "Topic name is invalid: '.' is not allowed"],
      ['..', "Topic name is invalid: '..' is not allowed"],
      [
        'a'.repeat(250),
        `Topic name is invalid: the length of '${'a'.repeat(250)}' is longer than the max allowed length 249`,
      ],
      [
        'sp ace',
        "Topic name is invalid: 'sp ace' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
      ],
      [
        'ünï',
        "Topic name is invalid: 'ünï' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
      ],
      [
        'a/b',
        "Topic name is invalid: 'a/b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
      ],
    ];
    const res = await createTopicsRaw(
      c,
      4,
      cases.map(([n]) => n),
    );
    assert.deepEqual(
      res.map((t) => [t.name, t.errorCode, t.errorMessage]),
      cases.map(([n, m]) => [n, ErrorCode.INVALID_TOPIC_EXCEPTION, m]),
    );
    // Metadata: the same names are INVALID_TOPIC_EXCEPTION, never auto-created.
    const md = await c.request(ApiKey.Metadata, 4, {
      topics: cases.map(([name]) => ({ name })),
      allowAutoTopicCreation: true,
    });
    assert.deepEqual(
      (md.topics as Msg[]).map((t) => t.errorCode),
      cases.map(() => ErrorCode.INVALID_TOPIC_EXCEPTION),
    );
    const longest = await createTopicsRaw(c, 4, ['a'.repeat(249), 'x._-Y9']);
    assert.deepEqual(
      longest.map((t) => t.errorCode),
      [ErrorCode.NONE, ErrorCode.NONE],
    );
    c.close();
  });

  it("refuses a name colliding with an existing one through '.' versus '_', as Kafka does", async () => {
    const c = await testBroker.authed();
    assert.equal((await createTopicsRaw(c, 4, ['metrics.cpu']))[0].errorCode, ErrorCode.NONE);
    const clash = await createTopicsRaw(c, 4, ['metrics_cpu']);
    assert.equal(clash[0].errorCode, ErrorCode.INVALID_TOPIC_EXCEPTION);
    assert.equal(clash[0].errorMessage, "Topic 'metrics_cpu' collides with existing topic: metrics.cpu");
    // The topic itself is still TOPIC_ALREADY_EXISTS; auto-creation of the colliding name fails too.
    assert.equal((await createTopicsRaw(c, 4, ['metrics.cpu']))[0].errorCode, ErrorCode.TOPIC_ALREADY_EXISTS);
    const md = await c.request(ApiKey.Metadata, 1, { topics: [{ name: 'metrics_cpu' }] });
    assert.equal(md.topics[0].errorCode, ErrorCode.INVALID_TOPIC_EXCEPTION);
    // Once the first is deleted the other name is free.
    const del = await c.request(ApiKey.DeleteTopics, 1, { topicNames: ['metrics.cpu'], timeoutMs: 1000 });
    assert.equal(del.responses[0].errorCode, ErrorCode.NONE);
    assert.equal((await createTopicsRaw(c, 4, ['metrics_cpu']))[0].errorCode, ErrorCode.NONE);
    c.close();
  });
});
