// The tenant's read-only `__consumer_offsets` topic: commits, group metadata and tombstones in
// Kafka's record formats, per tenant, surviving a restart, never listed, never writable.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  ApiKey,
  BATCH_HEADER_SIZE,
  buildBatch,
  decodeRecords,
  ErrorCode,
  KafkaRecord,
  Msg,
  Reader,
  splitBatches,
} from '@libs/kafka-protocol';
import { authenticatedClient, startTestBroker, TENANT_B, TestBroker } from './harness';
import { RawClient } from './raw-client';

const OFFSETS = '__consumer_offsets';

function readString(r: Reader): string | null {
  const n = r.int16();
  return n < 0 ? null : r.bytes(n).toString('utf8');
}

async function readOffsetsTopic(c: RawClient): Promise<KafkaRecord[]> {
  const r = await c.request(ApiKey.Fetch, 11, {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 1 << 20,
    sessionEpoch: -1,
    topics: [{ topic: OFFSETS, partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20 }] }],
  });
  const p = r.responses[0].partitions[0];
  assert.equal(p.errorCode, ErrorCode.NONE);
  const records: KafkaRecord[] = [];
  for (const s of splitBatches(p.records, true))
    records.push(...decodeRecords(s.header, p.records.subarray(s.start + BATCH_HEADER_SIZE, s.start + s.size)));
  return records;
}

/** Kafka's key formats: v0/v1 offset commit (group, topic, partition), v2 group metadata (group). */
function decodeKey(
  key: Buffer,
): { kind: 'offset'; group: string; topic: string; partition: number } | { kind: 'group'; group: string } {
  const r = new Reader(key);
  const version = r.int16();
  const group = readString(r)!;
  if (version === 2) return { kind: 'group', group };
  return { kind: 'offset', group, topic: readString(r)!, partition: r.int32() };
}

describe('__consumer_offsets', () => {
  let tb: TestBroker;
  let a: RawClient;
  let member = '';
  let restarted = false;

  before(async () => {
    tb = await startTestBroker();
    a = await authenticatedClient(tb);
    await a.request(ApiKey.CreateTopics, 4, {
      topics: [{ name: 'orders', numPartitions: 2, replicationFactor: 1 }],
      timeoutMs: 5000,
    });
  });
  after(async () => {
    a.close();
    if (restarted) rmSync(tb.dataDir, { recursive: true, force: true });
    else await tb.stop();
  });

  it('holds each commit as key v1 / value v3 and each settled group as group metadata', async () => {
    const join = await a.request(ApiKey.JoinGroup, 5, {
      groupId: 'g1',
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.from('sub') }],
    });
    const memberId = join.memberId as string;
    member = memberId;
    const joined =
      join.errorCode === ErrorCode.MEMBER_ID_REQUIRED
        ? await a.request(ApiKey.JoinGroup, 5, {
            groupId: 'g1',
            sessionTimeoutMs: 10_000,
            rebalanceTimeoutMs: 10_000,
            memberId,
            protocolType: 'consumer',
            protocols: [{ name: 'range', metadata: Buffer.from('sub') }],
          })
        : join;
    assert.equal(joined.errorCode, ErrorCode.NONE);
    const sync = await a.request(ApiKey.SyncGroup, 3, {
      groupId: 'g1',
      generationId: joined.generationId,
      memberId,
      assignments: [{ memberId, assignment: Buffer.from('asg') }],
    });
    assert.equal(sync.errorCode, ErrorCode.NONE);
    const commit = await a.request(ApiKey.OffsetCommit, 7, {
      groupId: 'g1',
      generationIdOrMemberEpoch: joined.generationId,
      memberId,
      topics: [
        {
          name: 'orders',
          partitions: [{ partitionIndex: 1, committedOffset: 42, committedLeaderEpoch: 3, committedMetadata: 'm' }],
        },
      ],
    });
    assert.equal(commit.topics[0].partitions[0].errorCode, ErrorCode.NONE);

    const records = await readOffsetsTopic(a);
    const group = records.find((r) => decodeKey(r.key!).kind === 'group')!;
    const gv = new Reader(group.value!);
    assert.equal(gv.int16(), 1);
    assert.deepEqual(
      [readString(gv), gv.int32(), readString(gv), readString(gv)],
      ['consumer', joined.generationId, 'range', memberId],
    );
    const offset = records.find((r) => decodeKey(r.key!).kind === 'offset')!;
    assert.deepEqual(decodeKey(offset.key!), { kind: 'offset', group: 'g1', topic: 'orders', partition: 1 });
    const v = new Reader(offset.value!);
    assert.deepEqual([v.int16(), v.int64(), v.int32(), readString(v)], [3, 42, 3, 'm']);
  });

  it('is served by name with isInternal, never listed, and refuses writes', async () => {
    const all = await a.request(ApiKey.Metadata, 12, { topics: null });
    assert.ok(!all.topics.some((t: Msg) => t.name === OFFSETS));
    const named = await a.request(ApiKey.Metadata, 12, { topics: [{ name: OFFSETS }], allowAutoTopicCreation: true });
    assert.deepEqual([named.topics[0].errorCode, named.topics[0].isInternal], [ErrorCode.NONE, true]);
    const produced = await a.request(ApiKey.Produce, 9, {
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: OFFSETS, partitionData: [{ index: 0, records: buildBatch([{ value: 'x' }]) }] }],
    });
    assert.notEqual(produced.responses[0].partitionResponses[0].errorCode, ErrorCode.NONE);
    const deleted = await a.request(ApiKey.DeleteTopics, 4, { topicNames: [OFFSETS], timeoutMs: 1000 });
    assert.notEqual(deleted.responses[0].errorCode, ErrorCode.NONE);
    const created = await a.request(ApiKey.CreateTopics, 4, {
      topics: [{ name: OFFSETS, numPartitions: 1, replicationFactor: 1 }],
      timeoutMs: 1000,
    });
    assert.notEqual(created.topics[0].errorCode, ErrorCode.NONE);
  });

  it("holds only the tenant's own groups", async () => {
    const b = await RawClient.connect(tb.broker.port);
    await b.authenticate(TENANT_B.username, TENANT_B.password);
    assert.deepEqual(await readOffsetsTopic(b), []);
    b.close();
  });

  it('writes tombstones when a group is deleted, and survives a restart', async () => {
    const left = await a.request(ApiKey.LeaveGroup, 0, { groupId: 'g1', memberId: member });
    assert.equal(left.errorCode, ErrorCode.NONE);
    const del = await a.request(ApiKey.DeleteGroups, 0, { groupsNames: ['g1'] });
    assert.equal(del.results[0].errorCode, ErrorCode.NONE);
    const written = await readOffsetsTopic(a);
    const tombstones = written.filter((r) => r.value === null).map((r) => decodeKey(r.key!));
    assert.deepEqual(tombstones.map((k) => k.kind).sort(), ['group', 'offset']);
    a.close();
    await tb.broker.close();
    const again = await startTestBroker({}, tb.dataDir);
    try {
      a = await authenticatedClient(again);
      assert.equal((await readOffsetsTopic(a)).length, written.length);
    } finally {
      await again.broker.close();
      restarted = true;
    }
  });
});
