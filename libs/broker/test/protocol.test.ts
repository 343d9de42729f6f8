// Wire-level behaviour: ApiVersions rules, SASL flows, pipelining order, acks=0 (robustness against
// bad frames: robustness.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, ApiKey, buildBatch, decodeResponse, ErrorCode } from '@libs/kafka-protocol';
import { TENANT_A, testBrokerPerFile } from './harness';
import { RawClient } from './raw-client';

const testBroker = testBrokerPerFile({ maxRequestBytes: 2 * 1024 * 1024 });
const authed = testBroker.authed;

describe('ApiVersions', () => {
  it('answers v0..v4, v3+ flexible with a v0 response header', async () => {
    const c = await RawClient.connect(testBroker.broker().broker.port);
    for (const v of [0, 1, 2, 3, 4]) {
      const body = await c.request(ApiKey.ApiVersions, v, { clientSoftwareName: 'raw', clientSoftwareVersion: '1' });
      assert.equal(body.errorCode, 0);
      const produce = body.apiKeys.find((k: { apiKey: number }) => k.apiKey === 0);
      assert.deepEqual([produce.minVersion, produce.maxVersion], [3, 11]);
      const fc = body.apiKeys.find((k: { apiKey: number }) => k.apiKey === 10);
      assert.equal(fc.minVersion, 0, 'FindCoordinator must include v0 for librdkafka feature gates');
    }
    c.close();
  });

  it('answers a too-new ApiVersions with UNSUPPORTED_VERSION in a v0 body', async () => {
    const c = await RawClient.connect(testBroker.broker().broker.port);
    // Hand-build a v5 request (header v2: int16 client id + empty tags; body: compact strings + tags).
    const frame = Buffer.from([0, 0, 0, 0, 0, 18, 0, 5, 0, 0, 0, 9, 0, 1, 0x78, 0, 1, 1, 0]);
    frame.writeInt32BE(frame.length - 4, 0);
    c.write(frame);
    const resp = await c.nextFrame();
    const r = decodeResponse(resp, api(ApiKey.ApiVersions)!, 0);
    assert.equal(r.correlationId, 9);
    assert.equal(r.body.errorCode, ErrorCode.UNSUPPORTED_VERSION);
    assert.ok(
      r.body.apiKeys.some((k: { apiKey: number; maxVersion: number }) => k.apiKey === 18 && k.maxVersion === 4),
    );
    assert.equal(c.closed, false);
    c.close();
  });
});

describe('authentication', () => {
  it('closes the connection on requests before authentication', async () => {
    const c = await RawClient.connect(testBroker.broker().broker.port);
    c.send(ApiKey.Metadata, 1, { topics: null });
    assert.equal(await c.whenClosed(), true);
  });

  it('rejects a wrong password with SASL_AUTHENTICATION_FAILED and a message, then closes', async () => {
    const c = await RawClient.connect(testBroker.broker().broker.port);
    const r = await c.authenticate(TENANT_A.username, 'nope');
    assert.equal(r.errorCode, ErrorCode.SASL_AUTHENTICATION_FAILED);
    assert.match(r.errorMessage, /Invalid username or password/);
    assert.equal(await c.whenClosed(), true);
  });

  it('supports handshake v0 followed by a raw token (kafka-python style, authzid = username)', async () => {
    const c = await RawClient.connect(testBroker.broker().broker.port);
    const hs = await c.request(ApiKey.SaslHandshake, 0, { mechanism: 'PLAIN' });
    assert.equal(hs.errorCode, 0);
    const token = Buffer.from(`${TENANT_A.username}\u0000${TENANT_A.username}\u0000${TENANT_A.password}`);
    const raw = Buffer.alloc(4 + token.length);
    raw.writeInt32BE(token.length, 0);
    token.copy(raw, 4);
    c.write(raw);
    const reply = await c.nextFrame();
    assert.equal(reply.length, 0, 'empty server token');
    const md = await c.request(ApiKey.Metadata, 0, { topics: [] });
    assert.equal(md.brokers[0].port, testBroker.broker().broker.port);
    c.close();
  });

  it('refuses unknown SASL mechanisms', async () => {
    const c = await RawClient.connect(testBroker.broker().broker.port);
    const hs = await c.request(ApiKey.SaslHandshake, 1, { mechanism: 'SCRAM-SHA-256' });
    assert.equal(hs.errorCode, ErrorCode.UNSUPPORTED_SASL_MECHANISM);
    assert.deepEqual(hs.mechanisms, ['PLAIN']);
    c.close();
  });

  it('closeConnectionsOf drops connections authenticated with a revoked key', async () => {
    const c = await authed();
    assert.equal(testBroker.broker().broker.closeConnectionsOf(TENANT_A.username) >= 1, true);
    assert.equal(await c.whenClosed(), true);
  });
});

describe('requests', () => {
  it('answers pipelined requests in order, and sends nothing for acks=0', async () => {
    const c = await authed();
    await c.request(ApiKey.CreateTopics, 0, {
      topics: [{ name: 'pipe', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }],
      timeoutMs: 1000,
    });
    const batch = () => buildBatch([{ value: 'x' }]);
    const ids: number[] = [];
    ids.push(
      c.send(ApiKey.Produce, 7, {
        acks: 0,
        timeoutMs: 1000,
        topicData: [{ name: 'pipe', partitionData: [{ index: 0, records: batch() }] }],
      }),
    );
    ids.push(c.send(ApiKey.Metadata, 1, { topics: null }));
    ids.push(
      c.send(ApiKey.Produce, 7, {
        acks: 1,
        timeoutMs: 1000,
        topicData: [{ name: 'pipe', partitionData: [{ index: 0, records: batch() }] }],
      }),
    );
    ids.push(
      c.send(ApiKey.ListOffsets, 1, {
        replicaId: -1,
        topics: [{ name: 'pipe', partitions: [{ partitionIndex: 0, timestamp: -1 }] }],
      }),
    );
    const f1 = decodeResponse(await c.nextFrame(), api(ApiKey.Metadata)!, 1);
    const f2 = decodeResponse(await c.nextFrame(), api(ApiKey.Produce)!, 7);
    const f3 = decodeResponse(await c.nextFrame(), api(ApiKey.ListOffsets)!, 1);
    assert.deepEqual([f1.correlationId, f2.correlationId, f3.correlationId], ids.slice(1));
    assert.equal(f2.body.responses[0].partitionResponses[0].baseOffset, 1);
    assert.equal(f3.body.topics[0].partitions[0].offset, 2);
    c.close();
  });

  it('validates batches: bad CRC -> CORRUPT_MESSAGE, too large -> MESSAGE_TOO_LARGE', async () => {
    const c = await authed();
    await c.request(ApiKey.CreateTopics, 0, {
      topics: [
        {
          name: 'small',
          numPartitions: 1,
          replicationFactor: 1,
          assignments: [],
          configs: [{ name: 'max.message.bytes', value: '1000' }],
        },
      ],
      timeoutMs: 1000,
    });
    const bad = buildBatch([{ value: 'hello' }]);
    bad[bad.length - 1] ^= 0xff;
    const r1 = await c.request(ApiKey.Produce, 7, {
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: 'small', partitionData: [{ index: 0, records: bad }] }],
    });
    assert.equal(r1.responses[0].partitionResponses[0].errorCode, ErrorCode.CORRUPT_MESSAGE);
    const big = buildBatch([{ value: Buffer.alloc(5000, 1) }]);
    const r2 = await c.request(ApiKey.Produce, 7, {
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: 'small', partitionData: [{ index: 0, records: big }] }],
    });
    assert.equal(r2.responses[0].partitionResponses[0].errorCode, ErrorCode.MESSAGE_TOO_LARGE);
    const r3 = await c.request(ApiKey.Produce, 7, {
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: 'nope', partitionData: [{ index: 0, records: buildBatch([{ value: 'a' }]) }] }],
    });
    assert.equal(r3.responses[0].partitionResponses[0].errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    c.close();
  });

  it('idempotent produce: duplicates are acknowledged with the original offset, gaps and old epochs refused', async () => {
    const c = await authed();
    const init = await c.request(ApiKey.InitProducerId, 1, { transactionalId: null, transactionTimeoutMs: 60000 });
    assert.equal(init.errorCode, 0);
    const pid = init.producerId as number;
    assert.ok(pid > 0);
    const send = async (seq: number, epoch = 0, n = 2) => {
      const records = buildBatch(
        Array.from({ length: n }, (_, i) => ({ value: `s${seq + i}` })),
        { producerId: pid, producerEpoch: epoch, baseSequence: seq },
      );
      const r = await c.request(ApiKey.Produce, 7, {
        acks: -1,
        timeoutMs: 1000,
        topicData: [{ name: 'idem-raw', partitionData: [{ index: 0, records }] }],
      });
      return r.responses[0].partitionResponses[0];
    };
    await c.request(ApiKey.Metadata, 1, { topics: [{ name: 'idem-raw' }] });
    assert.deepEqual([(await send(0)).errorCode, (await send(0)).baseOffset], [0, 0]);
    const second = await send(2);
    assert.equal(second.baseOffset, 2);
    const retry = await send(2);
    assert.deepEqual([retry.errorCode, retry.baseOffset], [0, 2], 'retried batch gets its original offset');
    assert.equal((await send(7)).errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    assert.equal((await send(0, 1)).errorCode, 0, 'a new epoch starts at sequence 0');
    assert.equal((await send(4, 0)).errorCode, ErrorCode.INVALID_PRODUCER_EPOCH);
    const end = await c.request(ApiKey.ListOffsets, 1, {
      replicaId: -1,
      topics: [{ name: 'idem-raw', partitions: [{ partitionIndex: 0, timestamp: -1 }] }],
    });
    assert.equal(end.topics[0].partitions[0].offset, 6, 'three batches of two records appended, duplicates not');
    c.close();
  });

  it('long-polls Fetch until data arrives, and returns after max_wait when none does', async () => {
    const c = await authed();
    const p = await authed();
    await c.request(ApiKey.CreateTopics, 0, {
      topics: [{ name: 'lp', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 1000,
    });
    const fetchBody = (wait: number) => ({
      replicaId: -1,
      maxWaitMs: wait,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      topics: [
        { topic: 'lp', partitions: [{ partition: 0, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] },
      ],
    });
    let t = Date.now();
    const empty = await c.request(ApiKey.Fetch, 10, fetchBody(300));
    // A lower bound (the broker held the empty fetch for max_wait, 300 ms): slowness cannot fail it.
    assert.ok(Date.now() - t >= 250, 'waited for max_wait');
    assert.equal(empty.responses[0].partitions[0].records.length, 0);
    t = Date.now();
    const pending = c.request(ApiKey.Fetch, 10, fetchBody(5000));
    setTimeout(
      () =>
        p.send(ApiKey.Produce, 7, {
          acks: 0,
          timeoutMs: 1,
          topicData: [{ name: 'lp', partitionData: [{ index: 0, records: buildBatch([{ value: 'wake' }]) }] }],
        }),
      100,
    );
    const got = await pending;
    assert.ok(Date.now() - t < 3000, 'woken by the append'); // not the 5 s max_wait
    assert.equal(got.responses[0].partitions[0].highWatermark, 1);
    assert.ok(got.responses[0].partitions[0].records.length > 61);
    const oor = await c.request(ApiKey.Fetch, 10, {
      ...fetchBody(0),
      topics: [
        { topic: 'lp', partitions: [{ partition: 0, fetchOffset: 99, logStartOffset: -1, partitionMaxBytes: 1000 }] },
      ],
    });
    assert.equal(oor.responses[0].partitions[0].errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);
    c.close();
    p.close();
  });

  it('JoinGroup v4+ hands out a member id with MEMBER_ID_REQUIRED', async () => {
    const c = await authed();
    const join = (memberId: string) =>
      c.request(ApiKey.JoinGroup, 5, {
        groupId: 'raw-group',
        sessionTimeoutMs: 10000,
        rebalanceTimeoutMs: 10000,
        memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.from([0, 1]) }],
      });
    const first = await join('');
    assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
    assert.ok(first.memberId.startsWith('raw-'));
    const second = await join(first.memberId);
    assert.equal(second.errorCode, 0);
    assert.equal(second.generationId, 1);
    assert.equal(second.leader, first.memberId);
    assert.equal(second.members.length, 1);
    // A member offering no assignor in common with the group is refused (kafkajs vs librdkafka).
    const other = await c.request(ApiKey.JoinGroup, 2, {
      groupId: 'raw-group',
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 10000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.alloc(0) }],
    });
    assert.equal(other.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    // this broker is the transaction coordinator too
    const txn = await c.request(ApiKey.FindCoordinator, 1, { key: 'txn-1', keyType: 1 });
    assert.equal(txn.errorCode, ErrorCode.NONE);
    assert.equal(txn.port, testBroker.broker().broker.port);
    const sync = await c.request(ApiKey.SyncGroup, 3, {
      groupId: 'raw-group',
      generationId: 1,
      memberId: first.memberId,
      groupInstanceId: null,
      assignments: [{ memberId: first.memberId, assignment: Buffer.from('A') }],
    });
    assert.equal(sync.errorCode, 0);
    assert.equal(sync.assignment.toString(), 'A');
    const hb = await c.request(ApiKey.Heartbeat, 3, {
      groupId: 'raw-group',
      generationId: 1,
      memberId: first.memberId,
      groupInstanceId: null,
    });
    assert.equal(hb.errorCode, 0);
    const stale = await c.request(ApiKey.Heartbeat, 3, {
      groupId: 'raw-group',
      generationId: 0,
      memberId: first.memberId,
      groupInstanceId: null,
    });
    assert.equal(stale.errorCode, ErrorCode.ILLEGAL_GENERATION);
    const unknown = await c.request(ApiKey.Heartbeat, 3, {
      groupId: 'raw-group',
      generationId: 1,
      memberId: 'who',
      groupInstanceId: null,
    });
    assert.equal(unknown.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
    const del = await c.request(ApiKey.DeleteGroups, 1, { groupsNames: ['raw-group'] });
    assert.equal(del.results[0].errorCode, ErrorCode.NON_EMPTY_GROUP);
    const leave = await c.request(ApiKey.LeaveGroup, 3, {
      groupId: 'raw-group',
      members: [{ memberId: first.memberId, groupInstanceId: null }],
    });
    assert.equal(leave.members[0].errorCode, 0);
    const desc = await c.request(ApiKey.DescribeGroups, 0, { groups: ['raw-group', 'never'] });
    assert.equal(desc.groups[0].groupState, 'Empty');
    assert.equal(desc.groups[1].groupState, 'Dead');
    c.close();
  });
});
