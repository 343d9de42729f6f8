// Protocol version coverage generated from Kafka's message definitions: every API the broker
// advertises is sent at every version it advertises (the lowest and highest included), with a
// request built from the spec's defaults plus a sample that reaches the version-specific paths
// (topic ids, batched coordinators and groups, old-style offsets). Each answer must decode at that
// version, carry no error where none is expected, and leave the connection open.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiKey, apis, buildBatch, ErrorCode, Msg } from '@libs/kafka-protocol';
import { HANDLERS } from '../src/handlers';
import { authenticatedClient, startTestBroker, TestBroker } from './harness';
import { RawClient } from './raw-client';

const TOPIC = 'coverage';
const GROUP = 'coverage-group';

interface Txn {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
}

interface Fixture {
  topicId: Buffer;
  // ended by EndTxn (a retried commit answers NONE); the second stays open for TxnOffsetCommit
  txn: Txn;
  offsetsTxn: Txn;
}

/** Per API: the request sample (keys absent at a version are ignored by the codec). */
function sample(key: number, version: number, f: Fixture): Msg {
  const partitions = [{ partitionIndex: 0, partition: 0, timestamp: -1, maxNumOffsets: 1, currentLeaderEpoch: -1 }];
  switch (key) {
    case ApiKey.Produce:
      return {
        acks: -1,
        timeoutMs: 5000,
        topicData: [{ name: TOPIC, partitionData: [{ index: 0, records: buildBatch([{ value: `v${version}` }]) }] }],
      };
    case ApiKey.Fetch:
      return {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        sessionEpoch: -1,
        topics: [
          {
            topic: TOPIC,
            topicId: f.topicId,
            partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1 }],
          },
        ],
      };
    case ApiKey.ListOffsets:
      return { replicaId: -1, topics: [{ name: TOPIC, partitions }] };
    case ApiKey.Metadata:
      // v12 may name a topic by id alone
      return {
        topics: [version >= 12 ? { name: null, topicId: f.topicId } : { name: TOPIC }],
        allowAutoTopicCreation: false,
      };
    case ApiKey.OffsetCommit:
      return {
        groupId: GROUP,
        generationIdOrMemberEpoch: -1,
        memberId: '',
        retentionTimeMs: -1,
        topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: null }] }],
      };
    case ApiKey.OffsetFetch:
      return {
        groupId: GROUP,
        topics: [{ name: TOPIC, partitionIndexes: [0] }],
        groups: [{ groupId: GROUP, topics: [{ name: TOPIC, partitionIndexes: [0] }] }],
      };
    case ApiKey.FindCoordinator:
      return { key: GROUP, keyType: 0, coordinatorKeys: [GROUP, `${GROUP}-2`] };
    case ApiKey.JoinGroup:
      return {
        groupId: `${GROUP}-join-${version}`,
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 10_000,
        memberId: '',
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.from([0, 1]) }],
      };
    case ApiKey.Heartbeat:
    case ApiKey.SyncGroup:
      return { groupId: `${GROUP}-none`, generationId: 1, memberId: 'nobody' };
    case ApiKey.LeaveGroup:
      return { groupId: `${GROUP}-none`, memberId: 'nobody', members: [{ memberId: 'nobody' }] };
    case ApiKey.DescribeGroups:
      return { groups: [GROUP] };
    case ApiKey.ListGroups:
      return { statesFilter: [], typesFilter: [] };
    case ApiKey.CreateTopics:
      return {
        topics: [{ name: `created-${version}`, numPartitions: 1, replicationFactor: 1 }],
        timeoutMs: 5000,
        validateOnly: true,
      };
    case ApiKey.DeleteTopics:
      return { topicNames: [`absent-${version}`], topics: [{ name: `absent-${version}` }], timeoutMs: 5000 };
    case ApiKey.DeleteRecords:
      return { topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, offset: 0 }] }], timeoutMs: 5000 };
    case ApiKey.InitProducerId:
      return { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 };
    case ApiKey.DescribeConfigs:
      return { resources: [{ resourceType: 2, resourceName: TOPIC, configurationKeys: null }] };
    case ApiKey.AlterConfigs:
    case ApiKey.IncrementalAlterConfigs:
      return { resources: [{ resourceType: 2, resourceName: TOPIC, configs: [] }], validateOnly: true };
    case ApiKey.CreatePartitions:
      return { topics: [{ name: TOPIC, count: 1, assignments: null }], timeoutMs: 5000, validateOnly: true };
    case ApiKey.DeleteGroups:
      return { groupsNames: [`${GROUP}-absent`] };
    case ApiKey.AddPartitionsToTxn: {
      const topics = [{ name: TOPIC, partitions: [0] }];
      if (version >= 4) return { transactions: [{ ...f.txn, verifyOnly: false, topics }] };
      return {
        v3AndBelowTransactionalId: f.txn.transactionalId,
        v3AndBelowProducerId: f.txn.producerId,
        v3AndBelowProducerEpoch: f.txn.producerEpoch,
        v3AndBelowTopics: topics,
      };
    }
    case ApiKey.AddOffsetsToTxn:
      return { ...f.txn, groupId: GROUP };
    case ApiKey.EndTxn:
      return { ...f.txn, committed: true };
    case ApiKey.TxnOffsetCommit:
      return {
        ...f.offsetsTxn,
        groupId: GROUP,
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: null }] }],
      };
    case ApiKey.ApiVersions:
      return { clientSoftwareName: 'coverage', clientSoftwareVersion: '1' };
    default:
      return {};
  }
}

/** Error codes an answer may carry for its sample (everything else must be NONE). */
const EXPECTED_ERRORS: Partial<Record<number, number[]>> = {
  [ApiKey.JoinGroup]: [ErrorCode.MEMBER_ID_REQUIRED],
  [ApiKey.Heartbeat]: [ErrorCode.UNKNOWN_MEMBER_ID],
  [ApiKey.SyncGroup]: [ErrorCode.UNKNOWN_MEMBER_ID],
  [ApiKey.LeaveGroup]: [ErrorCode.UNKNOWN_MEMBER_ID],
  [ApiKey.DeleteTopics]: [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
  [ApiKey.DeleteGroups]: [ErrorCode.GROUP_ID_NOT_FOUND],
  [ApiKey.CreatePartitions]: [ErrorCode.INVALID_PARTITIONS],
};

/** Every errorCode anywhere in an answer. */
function errorCodes(m: unknown, out: number[] = []): number[] {
  if (Array.isArray(m)) for (const x of m) errorCodes(x, out);
  else if (m && typeof m === 'object' && !Buffer.isBuffer(m))
    for (const [k, v] of Object.entries(m)) {
      if (k === 'errorCode' && typeof v === 'number') out.push(v);
      else errorCodes(v, out);
    }
  return out;
}

describe('protocol version coverage (from the message definitions)', () => {
  let tb: TestBroker;
  let c: RawClient;
  const noTxn = { transactionalId: '', producerId: -1, producerEpoch: -1 };
  const fixture: Fixture = { topicId: Buffer.alloc(16), txn: noTxn, offsetsTxn: noTxn };

  async function initTxn(transactionalId: string): Promise<Txn> {
    const r = await c.request(ApiKey.InitProducerId, 5, {
      transactionalId,
      transactionTimeoutMs: 600_000,
      producerId: -1,
      producerEpoch: -1,
    });
    assert.equal(r.errorCode, ErrorCode.NONE);
    return { transactionalId, producerId: Number(r.producerId), producerEpoch: r.producerEpoch };
  }

  before(async () => {
    tb = await startTestBroker();
    c = await authenticatedClient(tb);
    const created = await c.request(ApiKey.CreateTopics, 7, {
      topics: [{ name: TOPIC, numPartitions: 1, replicationFactor: 1 }],
      timeoutMs: 5000,
    });
    assert.equal(created.topics[0].errorCode, ErrorCode.NONE);
    fixture.topicId = created.topics[0].topicId;
    fixture.txn = await initTxn('coverage-txn');
    fixture.offsetsTxn = await initTxn('coverage-offsets-txn');
    const added = await c.request(ApiKey.AddOffsetsToTxn, 4, { ...fixture.offsetsTxn, groupId: GROUP });
    assert.equal(added.errorCode, ErrorCode.NONE);
  });
  after(async () => {
    c.close();
    await tb.stop();
  });

  it('advertises exactly the APIs it implements', () => {
    const served = new Set([...HANDLERS.keys(), ApiKey.ApiVersions, ApiKey.SaslHandshake, ApiKey.SaslAuthenticate]);
    assert.deepEqual(
      [...apis().keys()].sort((a, b) => a - b),
      [...served].sort((a, b) => a - b),
    );
  });

  for (const def of apis().values()) {
    if (def.key === ApiKey.SaslHandshake || def.key === ApiKey.SaslAuthenticate) continue; // protocol.test.ts
    it(`${def.name} v${def.minVersion}..v${def.maxVersion}`, async () => {
      for (let v = def.minVersion; v <= def.maxVersion; v++) {
        const body = await c.request(def.key, v, sample(def.key, v, fixture));
        const allowed = [ErrorCode.NONE, ...(EXPECTED_ERRORS[def.key] ?? [])];
        for (const code of errorCodes(body))
          assert.ok(allowed.includes(code as never), `${def.name} v${v}: error ${code} in ${JSON.stringify(body)}`);
        assert.equal(c.closed, false, `${def.name} v${v} closed the connection`);
        if (def.key === ApiKey.Fetch) {
          const [topic] = body.responses;
          if (v >= 13) assert.ok(Buffer.compare(topic.topicId, fixture.topicId) === 0);
          else assert.equal(topic.topic, TOPIC);
          assert.ok(topic.partitions[0].records.length > 0, `Fetch v${v} returned no records`);
        }
        if (def.key === ApiKey.Metadata) assert.equal(body.topics[0].name, TOPIC);
        if (def.key === ApiKey.FindCoordinator && v >= 4) assert.equal(body.coordinators.length, 2);
        if (def.key === ApiKey.OffsetFetch) {
          const topics = v >= 8 ? body.groups[0].topics : body.topics;
          assert.equal(topics[0].partitions[0].committedOffset, 1);
        }
        if (def.key === ApiKey.ListOffsets) {
          const p = body.topics[0].partitions[0];
          assert.ok(v === 0 ? p.oldStyleOffsets[0] > 0 : p.offset > 0);
        }
      }
    });
  }

  it('an unknown topic id gets UNKNOWN_TOPIC_ID in Fetch v13+ and Metadata v12', async () => {
    const ghost = Buffer.alloc(16, 7);
    const fetched = await c.request(ApiKey.Fetch, 17, {
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1024,
      sessionEpoch: -1,
      topics: [{ topicId: ghost, partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1024 }] }],
    });
    assert.equal(fetched.responses[0].partitions[0].errorCode, ErrorCode.UNKNOWN_TOPIC_ID);
    const meta = await c.request(ApiKey.Metadata, 12, { topics: [{ name: null, topicId: ghost }] });
    assert.equal(meta.topics[0].errorCode, ErrorCode.UNKNOWN_TOPIC_ID);
  });

  it('ListOffsets MAX_TIMESTAMP (-3) finds the record with the largest timestamp', async () => {
    const t0 = 1_800_000_000_000;
    const produced = await c.request(ApiKey.Produce, 11, {
      acks: -1,
      timeoutMs: 5000,
      topicData: [
        {
          name: TOPIC,
          partitionData: [
            {
              index: 0,
              records: buildBatch([
                { value: 'a', timestamp: t0 },
                { value: 'b', timestamp: t0 + 50 },
                { value: 'c', timestamp: t0 + 10 },
              ]),
            },
          ],
        },
      ],
    });
    const base = produced.responses[0].partitionResponses[0].baseOffset as number;
    const r = await c.request(ApiKey.ListOffsets, 10, {
      replicaId: -1,
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, timestamp: -3 }] }],
    });
    assert.deepEqual([r.topics[0].partitions[0].offset, r.topics[0].partitions[0].timestamp], [base + 1, t0 + 50]);
  });

  it('DeleteTopics v6 deletes by topic id', async () => {
    const created = await c.request(ApiKey.CreateTopics, 7, {
      topics: [{ name: 'doomed', numPartitions: 1, replicationFactor: 1 }],
      timeoutMs: 5000,
    });
    const id = created.topics[0].topicId as Buffer;
    const r = await c.request(ApiKey.DeleteTopics, 6, { topics: [{ name: null, topicId: id }], timeoutMs: 5000 });
    assert.deepEqual([r.responses[0].name, r.responses[0].errorCode], ['doomed', ErrorCode.NONE]);
  });
});
