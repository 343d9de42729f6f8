// Mutation fuzzing: valid requests for many APIs with random bytes overwritten. Every one must be
// answered or end its connection (or be legitimately silent: parked group joins, long polls,
// acks=0 produces), without handler errors, and the broker must keep serving. Seeded: the seed is in
// the test's name and its failures, and FUZZ_SEED=<seed> replays the same mutations.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, ApiKey, buildBatch, encodeRequestFrame, Msg } from '@libs/kafka-protocol';
import { startTestBroker, TENANT_A, TestBroker } from './harness';
import { RawClient } from './raw-client';
import { fuzzSeed, Rng } from '../../../test/support/seeded-random';

const SEED = fuzzSeed();
const replay = `replay with FUZZ_SEED=${SEED}`;

const batch = buildBatch([{ value: 'x' }, { key: 'k', value: 'y', headers: [{ key: 'h', value: 'v' }] }]);
const SAMPLES: [number, number, Msg][] = [
  [
    ApiKey.Produce,
    7,
    { acks: 1, timeoutMs: 100, topicData: [{ name: 'fz', partitionData: [{ index: 0, records: batch }] }] },
  ],
  [
    ApiKey.Fetch,
    10,
    {
      replicaId: -1,
      maxWaitMs: 10,
      minBytes: 1,
      maxBytes: 1000,
      topics: [
        { topic: 'fz', partitions: [{ partition: 0, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1000 }] },
      ],
    },
  ],
  [ApiKey.Metadata, 4, { topics: [{ name: 'fz' }], allowAutoTopicCreation: true }],
  [
    ApiKey.ListOffsets,
    3,
    { replicaId: -1, topics: [{ name: 'fz', partitions: [{ partitionIndex: 0, timestamp: 1 }] }] },
  ],
  [
    ApiKey.JoinGroup,
    5,
    {
      groupId: 'g',
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 6000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.from('abc') }],
    },
  ],
  [
    ApiKey.SyncGroup,
    3,
    { groupId: 'g', generationId: 1, memberId: 'm', assignments: [{ memberId: 'm', assignment: Buffer.from('x') }] },
  ],
  [
    ApiKey.OffsetCommit,
    7,
    {
      groupId: 'g',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      topics: [{ name: 'fz', partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: '' }] }],
    },
  ],
  [ApiKey.OffsetFetch, 5, { groupId: 'g', topics: null }],
  [
    ApiKey.CreateTopics,
    4,
    {
      topics: [
        {
          name: 'fz2',
          numPartitions: 2,
          replicationFactor: 1,
          assignments: [],
          configs: [{ name: 'retention.ms', value: '1000' }],
        },
      ],
      timeoutMs: 100,
    },
  ],
  [ApiKey.DescribeConfigs, 2, { resources: [{ resourceType: 2, resourceName: 'fz', configurationKeys: null }] }],
  [
    ApiKey.IncrementalAlterConfigs,
    1,
    {
      resources: [
        { resourceType: 2, resourceName: 'fz', configs: [{ name: 'retention.ms', configOperation: 0, value: '5' }] },
      ],
    },
  ],
  [
    ApiKey.DeleteRecords,
    1,
    { topics: [{ name: 'fz', partitions: [{ partitionIndex: 0, offset: 1 }] }], timeoutMs: 10 },
  ],
  [ApiKey.LeaveGroup, 3, { groupId: 'g', members: [{ memberId: 'm' }] }],
  [ApiKey.DescribeGroups, 4, { groups: ['g'] }],
  [ApiKey.CreatePartitions, 1, { topics: [{ name: 'fz', count: 3, assignments: null }], timeoutMs: 10 }],
  [ApiKey.InitProducerId, 1, { transactionalId: null, transactionTimeoutMs: 10 }],
  [
    ApiKey.InitProducerId,
    4,
    { transactionalId: 'fz-txn', transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 },
  ],
  [
    ApiKey.AddPartitionsToTxn,
    3,
    {
      v3AndBelowTransactionalId: 'fz-txn',
      v3AndBelowProducerId: 1,
      v3AndBelowProducerEpoch: 0,
      v3AndBelowTopics: [{ name: 'fz', partitions: [0, 1] }],
    },
  ],
  [
    ApiKey.AddPartitionsToTxn,
    5,
    {
      transactions: [
        {
          transactionalId: 'fz-txn',
          producerId: 1,
          producerEpoch: 0,
          verifyOnly: true,
          topics: [{ name: 'fz', partitions: [0] }],
        },
      ],
    },
  ],
  [ApiKey.AddOffsetsToTxn, 3, { transactionalId: 'fz-txn', producerId: 1, producerEpoch: 0, groupId: 'g' }],
  [ApiKey.EndTxn, 3, { transactionalId: 'fz-txn', producerId: 1, producerEpoch: 0, committed: true }],
  [
    ApiKey.TxnOffsetCommit,
    3,
    {
      transactionalId: 'fz-txn',
      groupId: 'g',
      producerId: 1,
      producerEpoch: 0,
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [{ name: 'fz', partitions: [{ partitionIndex: 0, committedOffset: 3, committedMetadata: null }] }],
    },
  ],
];

const MAY_BE_SILENT = new Set<number>([ApiKey.JoinGroup, ApiKey.SyncGroup, ApiKey.Fetch, ApiKey.Produce]);

let tb: TestBroker;
const errors: unknown[] = [];
before(async () => {
  tb = await startTestBroker({ logger: { info() {}, warn() {}, error: (o) => errors.push(o) } });
});
after(async () => {
  await tb.stop();
});

describe(`mutation fuzzing (FUZZ_SEED=${SEED})`, () => {
  it('answers or closes every mutated request and keeps serving', async () => {
    const rng = new Rng(SEED);
    const c0 = await RawClient.connect(tb.broker.port);
    await c0.authenticate(TENANT_A.username, TENANT_A.password);
    await c0.request(ApiKey.Metadata, 4, { topics: [{ name: 'fz' }], allowAutoTopicCreation: true });
    let answered = 0;
    let closed = 0;
    let silent = 0;
    for (let round = 0; round < 400; round++) {
      const c = await RawClient.connect(tb.broker.port);
      await c.authenticate(TENANT_A.username, TENANT_A.password);
      const [key, version, body] = SAMPLES[round % SAMPLES.length];
      const frame = encodeRequestFrame(api(key)!, version, { correlationId: round, clientId: 'fz' }, body);
      for (let i = 1 + rng.int(4); i > 0; i--) frame[12 + rng.int(frame.length - 12)] = rng.int(256);
      c.write(frame);
      const outcome = await Promise.race([
        c.nextFrame(3000).then(
          () => 'answered',
          () => 'nothing',
        ),
        c.whenClosed(3000).then((x) => (x ? 'closed' : 'nothing')),
      ]);
      if (outcome === 'answered') answered++;
      else if (outcome === 'closed') closed++;
      // Legitimately silent within the wait: a JoinGroup/SyncGroup parked for other members, a Fetch
      // whose mutated max_wait_ms became long, a Produce whose mutated acks became 0.
      else if (MAY_BE_SILENT.has(key)) silent++;
      c.close();
    }
    assert.equal(answered + closed + silent, 400, replay);
    assert.deepEqual(errors, [], `no handler failed (${replay})`);
    const md = await c0.request(ApiKey.Metadata, 1, { topics: null });
    assert.ok(
      md.topics.some((t: { name: string }) => t.name === 'fz'),
      `still serving (${replay})`,
    );
    c0.close();
  });
});
