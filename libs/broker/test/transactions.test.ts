// Kafka transactions with kafkajs's transactional producer and its read_committed /
// read_uncommitted consumers: commit and abort, fencing by a second instance, consume-transform-
// produce offsets committed only with the transaction, the coordinator's timeout abort, and a
// broker SIGKILL in the middle of a transaction.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { ApiKey, buildBatch, CONTROL_FLAG, ErrorCode, Msg, TRANSACTIONAL_FLAG } from '@libs/kafka-protocol';
import { kafkajsConfig, startTestBroker, TENANT_A, TENANT_B, TestBroker, testBrokerPerFile } from './harness';
import { kill, spawnBroker } from './broker-process';
import { RawClient } from './raw-client';
import { waitFor } from '../../../test/support/wait-for';

const quiet = { logLevel: logLevel.NOTHING };

function txnProducer(kafka: Kafka, transactionalId: string, transactionTimeout = 60_000): Producer {
  return kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, transactionTimeout });
}

/** Every value in the topic's partition 0 up to the value `until`, as a consumer of that isolation sees it. */
async function consumeValues(kafka: Kafka, topic: string, readUncommitted: boolean, until: string): Promise<string[]> {
  const consumer = kafka.consumer({
    groupId: `read-${topic}-${readUncommitted}-${Math.random()}`,
    readUncommitted,
    maxWaitTimeInMs: 100,
  });
  const seen: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value!.toString());
      },
    });
    await waitFor(`${until} in ${topic}`, () => seen.includes(until));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** ListOffsets latest for partition 0: [high watermark, last stable offset]. */
async function endOffsets(port: number, topic: string, creds = TENANT_A): Promise<[number, number]> {
  const c = await RawClient.connect(port);
  try {
    await c.authenticate(creds.username, creds.password);
    const at = async (isolationLevel: number) => {
      const r = await c.request(ApiKey.ListOffsets, 5, {
        replicaId: -1,
        isolationLevel,
        topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -1, currentLeaderEpoch: -1 }] }],
      });
      return Number(r.topics[0].partitions[0].offset);
    };
    return [await at(0), await at(1)];
  } finally {
    c.close();
  }
}

describe('transactions (kafkajs)', () => {
  let tb: TestBroker;
  let kafka: Kafka;

  before(async () => {
    tb = await startTestBroker();
    kafka = new Kafka({ ...kafkajsConfig(tb.bootstrap, TENANT_A, 'txn'), ...quiet });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: ['t-basic', 't-fence', 't-in', 't-out', 't-timeout', 't-tenant'].map((topic) => ({
        topic,
        numPartitions: 1,
      })),
    });
    await admin.disconnect();
  });
  after(async () => {
    await tb.stop();
  });

  it('an aborted batch is seen by read_uncommitted only; a committed one by both', async () => {
    const producer = txnProducer(kafka, 'tx-basic');
    await producer.connect();
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic: 't-basic', messages: [{ value: 'aborted-1' }, { value: 'aborted-2' }] });
      await aborted.abort();
      const committed = await producer.transaction();
      await committed.send({ topic: 't-basic', messages: [{ value: 'committed-1' }] });
      await committed.send({ topic: 't-basic', messages: [{ value: 'committed-2' }] });
      await committed.commit();
      const last = await producer.transaction();
      await last.send({ topic: 't-basic', messages: [{ value: 'end' }] });
      await last.commit();
    } finally {
      await producer.disconnect();
    }
    assert.deepEqual(await consumeValues(kafka, 't-basic', false, 'end'), ['committed-1', 'committed-2', 'end']);
    assert.deepEqual(await consumeValues(kafka, 't-basic', true, 'end'), [
      'aborted-1',
      'aborted-2',
      'committed-1',
      'committed-2',
      'end',
    ]);
    const [hw, lso] = await endOffsets(tb.broker.port, 't-basic');
    assert.equal(lso, hw);
  });

  it('a second producer with the same transactional id fences the first', async () => {
    const first = txnProducer(kafka, 'tx-fence');
    const second = txnProducer(kafka, 'tx-fence');
    await first.connect();
    try {
      const t1 = await first.transaction();
      await t1.send({ topic: 't-fence', messages: [{ value: 'zombie-1' }] });
      // the open transaction holds the last stable offset back
      const [hw, lso] = await endOffsets(tb.broker.port, 't-fence');
      assert.ok(lso < hw, `LSO ${lso} below HW ${hw}`);
      await second.connect();
      const t2 = await second.transaction();
      // the new instance's init aborted the old instance's transaction
      const [hw2, lso2] = await endOffsets(tb.broker.port, 't-fence');
      assert.equal(lso2, hw2);
      await assert.rejects(t1.send({ topic: 't-fence', messages: [{ value: 'zombie-2' }] }));
      await assert.rejects(t1.commit());
      await t2.send({ topic: 't-fence', messages: [{ value: 'live' }] });
      await t2.commit();
    } finally {
      await first.disconnect();
      await second.disconnect();
    }
    assert.deepEqual(await consumeValues(kafka, 't-fence', false, 'live'), ['live']);
  });

  it('sendOffsets commits the group offsets only when the transaction commits', async () => {
    const group = 'ctp-group';
    const admin = kafka.admin();
    await admin.connect();
    const producer = txnProducer(kafka, 'tx-ctp');
    await producer.connect();
    const offsetOf = async () =>
      (await admin.fetchOffsets({ groupId: group, topics: ['t-in'] }))[0].partitions[0].offset;
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic: 't-out', messages: [{ value: 'out-aborted' }] });
      await aborted.sendOffsets({
        consumerGroupId: group,
        topics: [{ topic: 't-in', partitions: [{ partition: 0, offset: '5' }] }],
      });
      assert.equal(await offsetOf(), '-1', 'pending offsets are not visible');
      await aborted.abort();
      assert.equal(await offsetOf(), '-1', 'aborted offsets are dropped');
      const committed = await producer.transaction();
      await committed.send({ topic: 't-out', messages: [{ value: 'out-committed' }] });
      await committed.sendOffsets({
        consumerGroupId: group,
        topics: [{ topic: 't-in', partitions: [{ partition: 0, offset: '7' }] }],
      });
      assert.equal(await offsetOf(), '-1');
      await committed.commit();
      assert.equal(await offsetOf(), '7');
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
    assert.deepEqual(await consumeValues(kafka, 't-out', false, 'out-committed'), ['out-committed']);
  });

  it('the coordinator aborts a transaction older than its timeout and fences its producer', async () => {
    const producer = txnProducer(kafka, 'tx-timeout', 1000);
    await producer.connect();
    try {
      const t = await producer.transaction();
      await t.send({ topic: 't-timeout', messages: [{ value: 'expired' }] });
      const [hw, lso] = await endOffsets(tb.broker.port, 't-timeout');
      assert.ok(lso < hw);
      await waitFor('the timeout abort', async () => {
        const [h, l] = await endOffsets(tb.broker.port, 't-timeout');
        return l === h;
      });
      await assert.rejects(t.commit());
    } finally {
      await producer.disconnect();
    }
    const again = txnProducer(kafka, 'tx-timeout');
    await again.connect();
    try {
      const t = await again.transaction();
      await t.send({ topic: 't-timeout', messages: [{ value: 'after' }] });
      await t.commit();
    } finally {
      await again.disconnect();
    }
    assert.deepEqual(await consumeValues(kafka, 't-timeout', false, 'after'), ['after']);
  });

  it("transactional ids are per cluster: another cluster's producer neither sees nor fences them", async () => {
    const kafkaB = new Kafka({ ...kafkajsConfig(tb.bootstrap, TENANT_B, 'txn-b'), ...quiet });
    const a = txnProducer(kafka, 'tx-shared');
    const b = txnProducer(kafkaB, 'tx-shared');
    await a.connect();
    await b.connect();
    try {
      const ta = await a.transaction();
      await ta.send({ topic: 't-tenant', messages: [{ value: 'from-a' }] });
      const tb2 = await b.transaction();
      await tb2.send({ topic: 't-tenant', messages: [{ value: 'from-b' }] });
      await tb2.commit();
      await ta.commit(); // not fenced by B's init of the same id
    } finally {
      await a.disconnect();
      await b.disconnect();
    }
    assert.deepEqual(await consumeValues(kafka, 't-tenant', false, 'from-a'), ['from-a']);
  });
});

describe('transactions across a broker SIGKILL', () => {
  it('an acknowledged commit stays; a transaction open at the kill is aborted, never half visible', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broker-txn-'));
    let proc = await spawnBroker(dir);
    try {
      let kafka = new Kafka({ ...kafkajsConfig(`127.0.0.1:${proc.port}`, TENANT_A, 'txn-kill'), ...quiet });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'k', numPartitions: 1 }] });
      await admin.disconnect();
      const producer = txnProducer(kafka, 'tx-kill');
      await producer.connect();
      const done = await producer.transaction();
      await done.send({ topic: 'k', messages: [{ value: 'committed' }] });
      await done.commit();
      const open = await producer.transaction();
      await open.send({ topic: 'k', messages: [{ value: 'open-1' }, { value: 'open-2' }] });
      const [hw, lso] = await endOffsets(proc.port, 'k');
      assert.ok(lso < hw);
      await kill(proc);
      await producer.disconnect().catch(() => undefined);

      proc = await spawnBroker(dir);
      kafka = new Kafka({ ...kafkajsConfig(`127.0.0.1:${proc.port}`, TENANT_A, 'txn-kill'), ...quiet });
      const [hw2, lso2] = await endOffsets(proc.port, 'k');
      assert.equal(lso2, hw2, 'the open transaction was resolved at start');
      const again = txnProducer(kafka, 'tx-kill');
      await again.connect();
      const t = await again.transaction();
      await t.send({ topic: 'k', messages: [{ value: 'after-restart' }] });
      await t.commit();
      await again.disconnect();
      assert.deepEqual(await consumeValues(kafka, 'k', false, 'after-restart'), ['committed', 'after-restart']);
      assert.deepEqual(await consumeValues(kafka, 'k', true, 'after-restart'), [
        'committed',
        'open-1',
        'open-2',
        'after-restart',
      ]);
    } finally {
      await kill(proc);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('transaction APIs at the protocol level', () => {
  const testBroker = testBrokerPerFile();
  const TOPIC = 'raw-txn';
  let c: RawClient;
  let topicId: Buffer;

  before(async () => {
    c = await testBroker.authed();
    const created = await c.request(ApiKey.CreateTopics, 7, {
      topics: [{ name: TOPIC, numPartitions: 2, replicationFactor: 1 }],
      timeoutMs: 5000,
    });
    assert.equal(created.topics[0].errorCode, ErrorCode.NONE);
    topicId = created.topics[0].topicId;
  });
  after(() => c.close());

  const init = async (transactionalId: string, version = 5, transactionTimeoutMs = 60_000) => {
    const r = await c.request(ApiKey.InitProducerId, version, {
      transactionalId,
      transactionTimeoutMs,
      producerId: -1,
      producerEpoch: -1,
    });
    return {
      errorCode: r.errorCode as number,
      producerId: Number(r.producerId),
      producerEpoch: r.producerEpoch as number,
    };
  };
  const addPartitions = async (version: number, id: string, pid: number, epoch: number, partitions = [0]) => {
    const topics = [{ name: TOPIC, partitions }];
    const r =
      version >= 4
        ? await c.request(ApiKey.AddPartitionsToTxn, version, {
            transactions: [{ transactionalId: id, producerId: pid, producerEpoch: epoch, verifyOnly: false, topics }],
          })
        : await c.request(ApiKey.AddPartitionsToTxn, version, {
            v3AndBelowTransactionalId: id,
            v3AndBelowProducerId: pid,
            v3AndBelowProducerEpoch: epoch,
            v3AndBelowTopics: topics,
          });
    const results = version >= 4 ? r.resultsByTransaction[0].topicResults : r.resultsByTopicV3AndBelow;
    return results[0].resultsByPartition[0].partitionErrorCode as number;
  };
  const endTxn = async (version: number, id: string, pid: number, epoch: number, committed: boolean) =>
    (await c.request(ApiKey.EndTxn, version, { transactionalId: id, producerId: pid, producerEpoch: epoch, committed }))
      .errorCode as number;
  const produce = async (
    pid: number,
    epoch: number,
    seq: number,
    values: string[],
    attributes = TRANSACTIONAL_FLAG,
  ) => {
    const r = await c.request(ApiKey.Produce, 11, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [
        {
          name: TOPIC,
          partitionData: [
            {
              index: 0,
              records: buildBatch(
                values.map((value) => ({ value })),
                { producerId: pid, producerEpoch: epoch, baseSequence: seq, attributes },
              ),
            },
          ],
        },
      ],
    });
    return r.responses[0].partitionResponses[0] as { errorCode: number; baseOffset: number };
  };
  const fetchAt = async (version: number, isolationLevel: number, fetchOffset: number) => {
    const r = await c.request(ApiKey.Fetch, version, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel,
      sessionEpoch: -1,
      topics: [
        {
          topic: TOPIC,
          topicId,
          partitions: [{ partition: 0, fetchOffset, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1 }],
        },
      ],
    });
    return r.responses[0].partitions[0];
  };

  it('fencing errors as each version knows them: INVALID_PRODUCER_EPOCH below v2 (InitProducerId v4), PRODUCER_FENCED above', async () => {
    const old = await init('raw-fence', 0);
    assert.equal(old.errorCode, ErrorCode.NONE);
    assert.equal(old.producerEpoch, 0);
    const current = await init('raw-fence', 5);
    assert.deepEqual([current.producerId, current.producerEpoch], [old.producerId, 1]);
    assert.equal(await addPartitions(0, 'raw-fence', old.producerId, 0), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await addPartitions(5, 'raw-fence', old.producerId, 0), ErrorCode.PRODUCER_FENCED);
    assert.equal(await endTxn(0, 'raw-fence', old.producerId, 0, true), ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await endTxn(4, 'raw-fence', old.producerId, 0, true), ErrorCode.PRODUCER_FENCED);
    const addOffsets = (version: number) =>
      c.request(ApiKey.AddOffsetsToTxn, version, {
        transactionalId: 'raw-fence',
        producerId: old.producerId,
        producerEpoch: 0,
        groupId: 'g',
      });
    assert.equal((await addOffsets(0)).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal((await addOffsets(4)).errorCode, ErrorCode.PRODUCER_FENCED);
    // KIP-360: re-init naming a stale epoch is refused
    const stale = await c.request(ApiKey.InitProducerId, 3, {
      transactionalId: 'raw-fence',
      transactionTimeoutMs: 60_000,
      producerId: old.producerId,
      producerEpoch: 0,
    });
    assert.equal(stale.errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal(await endTxn(4, 'raw-unknown', old.producerId, 0, true), ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    assert.equal((await init('raw-timeout', 5, 900_001)).errorCode, ErrorCode.INVALID_TRANSACTION_TIMEOUT);
  });

  it('transactional batches only into partitions of the ongoing transaction; no control batches from clients', async () => {
    const p = await init('raw-verify');
    assert.equal((await produce(p.producerId, p.producerEpoch, 0, ['x'])).errorCode, ErrorCode.INVALID_TXN_STATE);
    assert.equal(await addPartitions(3, 'raw-verify', p.producerId, p.producerEpoch), ErrorCode.NONE);
    const verify = await c.request(ApiKey.AddPartitionsToTxn, 4, {
      transactions: [
        {
          transactionalId: 'raw-verify',
          producerId: p.producerId,
          producerEpoch: p.producerEpoch,
          verifyOnly: true,
          topics: [{ name: TOPIC, partitions: [0, 1] }],
        },
      ],
    });
    assert.deepEqual(
      verify.resultsByTransaction[0].topicResults[0].resultsByPartition.map((r: Msg) => r.partitionErrorCode),
      [ErrorCode.NONE, ErrorCode.INVALID_TXN_STATE],
    );
    assert.equal(
      (await produce(p.producerId, p.producerEpoch, 0, ['m'], TRANSACTIONAL_FLAG | CONTROL_FLAG)).errorCode,
      ErrorCode.INVALID_RECORD,
    );
    assert.equal(await endTxn(3, 'raw-verify', p.producerId, p.producerEpoch, false), ErrorCode.NONE);
    assert.equal(await endTxn(3, 'raw-verify', p.producerId, p.producerEpoch, false), ErrorCode.NONE, 'retried abort');
    assert.equal(await endTxn(3, 'raw-verify', p.producerId, p.producerEpoch, true), ErrorCode.INVALID_TXN_STATE);
  });

  it('Fetch read_committed (v4 and v17) stops at the LSO and lists aborted transactions; ListOffsets gives the LSO', async () => {
    const p = await init('raw-fetch');
    const start = (await produce(-1, -1, -1, ['plain'], 0)).baseOffset;
    assert.equal(await addPartitions(1, 'raw-fetch', p.producerId, p.producerEpoch), ErrorCode.NONE);
    const aborted = await produce(p.producerId, p.producerEpoch, 0, ['a1', 'a2']);
    assert.equal(aborted.errorCode, ErrorCode.NONE);
    for (const v of [4, 17]) {
      const open = await fetchAt(v, 1, start);
      assert.equal(Number(open.lastStableOffset), aborted.baseOffset);
      assert.equal(Number(open.highWatermark), aborted.baseOffset + 2);
      const uncommitted = await fetchAt(v, 0, aborted.baseOffset);
      assert.ok(uncommitted.records.length > 0);
      assert.equal(uncommitted.abortedTransactions, null);
      assert.equal((await fetchAt(v, 1, aborted.baseOffset)).records.length, 0, 'nothing at or past the LSO');
    }
    const lso = async (isolationLevel: number) =>
      Number(
        (
          await c.request(ApiKey.ListOffsets, 2, {
            replicaId: -1,
            isolationLevel,
            topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, timestamp: -1 }] }],
          })
        ).topics[0].partitions[0].offset,
      );
    assert.equal(await lso(1), aborted.baseOffset);
    assert.equal(await lso(0), aborted.baseOffset + 2);
    assert.equal(await endTxn(1, 'raw-fetch', p.producerId, p.producerEpoch, false), ErrorCode.NONE);
    assert.equal(await addPartitions(1, 'raw-fetch', p.producerId, p.producerEpoch), ErrorCode.NONE);
    assert.equal((await produce(p.producerId, p.producerEpoch, 2, ['c1'])).errorCode, ErrorCode.NONE);
    assert.equal(await endTxn(1, 'raw-fetch', p.producerId, p.producerEpoch, true), ErrorCode.NONE);
    for (const v of [4, 17]) {
      const done = await fetchAt(v, 1, start);
      assert.equal(Number(done.lastStableOffset), Number(done.highWatermark));
      assert.deepEqual(
        done.abortedTransactions.map((a: Msg) => [Number(a.producerId), Number(a.firstOffset)]),
        [[p.producerId, aborted.baseOffset]],
      );
    }
    assert.equal(await lso(1), await lso(0));
  });
});

describe('transaction recovery from the coordinator journal', () => {
  it('a PrepareCommit left by a crash is completed at start (markers written, pending offsets committed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broker-txn-prepare-'));
    let tb = await startTestBroker({}, dir);
    try {
      const kafka = new Kafka({ ...kafkajsConfig(tb.bootstrap, TENANT_A, 'txn-prepare'), ...quiet });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'prep', numPartitions: 1 }] });
      await admin.disconnect();
      const producer = txnProducer(kafka, 'tx-prepare');
      await producer.connect();
      const t = await producer.transaction();
      await t.send({ topic: 'prep', messages: [{ value: 'p-1' }, { value: 'p-2' }] });
      await t.sendOffsets({
        consumerGroupId: 'prep-group',
        topics: [{ topic: 'prep', partitions: [{ partition: 0, offset: '9' }] }],
      });
      await producer.disconnect().catch(() => undefined);
      await tb.broker.close();
      // what a crash right after journalling PrepareCommit leaves behind
      const journal = join(dir, 'tenants', TENANT_A.tenant, 'transactions', 'state.jsonl');
      const last = readFileSync(journal, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { i: string; s?: string })
        .filter((l) => l.i === 'tx-prepare' && l.s)
        .pop()!;
      assert.equal(last.s, 'Ongoing');
      appendFileSync(journal, JSON.stringify({ ...last, s: 'PrepareCommit' }) + '\n');

      tb = await startTestBroker({}, dir);
      const [hw, lso] = await endOffsets(tb.broker.port, 'prep');
      assert.equal(lso, hw);
      const kafka2 = new Kafka({ ...kafkajsConfig(tb.bootstrap, TENANT_A, 'txn-prepare'), ...quiet });
      assert.deepEqual(await consumeValues(kafka2, 'prep', false, 'p-2'), ['p-1', 'p-2']);
      const admin2 = kafka2.admin();
      await admin2.connect();
      const offsets = await admin2.fetchOffsets({ groupId: 'prep-group', topics: ['prep'] });
      await admin2.disconnect();
      assert.equal(offsets[0].partitions[0].offset, '9');
    } finally {
      await tb.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
