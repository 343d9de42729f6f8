// Static group membership (group.instance.id, JoinGroup v5+): a restarted instance takes over its
// old place without a rebalance, the old member id is fenced, and it can leave by instance id.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiKey, ErrorCode, Msg } from '@libs/kafka-protocol';
import { startTestBroker, TENANT_A, TestBroker } from './harness';
import { RawClient } from './raw-client';

let tb: TestBroker;
before(async () => {
  tb = await startTestBroker();
});
after(async () => {
  await tb.stop();
});

async function client(): Promise<RawClient> {
  const c = await RawClient.connect(tb.broker.port);
  assert.equal((await c.authenticate(TENANT_A.username, TENANT_A.password)).errorCode, 0);
  return c;
}

const join = (c: RawClient, instance: string, memberId = '') =>
  c.request(ApiKey.JoinGroup, 5, {
    groupId: 'static',
    sessionTimeoutMs: 10000,
    rebalanceTimeoutMs: 10000,
    memberId,
    groupInstanceId: instance,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from(instance) }],
  });

const sync = (c: RawClient, j: Msg, instance: string, assignments: { memberId: string; assignment: Buffer }[] = []) =>
  c.request(ApiKey.SyncGroup, 3, {
    groupId: 'static',
    generationId: j.generationId,
    memberId: j.memberId,
    groupInstanceId: instance,
    assignments,
  });

const heartbeat = (c: RawClient, j: Msg, instance: string) =>
  c.request(ApiKey.Heartbeat, 3, {
    groupId: 'static',
    generationId: j.generationId,
    memberId: j.memberId,
    groupInstanceId: instance,
  });

describe('static membership', () => {
  it('replaces a restarted instance without a rebalance and fences the old member id', async () => {
    const a = await client();
    const b = await client();
    const a1 = await join(a, 'i-a');
    assert.equal(a1.errorCode, 0, 'no MEMBER_ID_REQUIRED round for static members');
    assert.equal((await sync(a, a1, 'i-a', [{ memberId: a1.memberId, assignment: Buffer.from('all') }])).errorCode, 0);

    // B joins: A learns of the rebalance through its heartbeat and rejoins.
    const bJoin = join(b, 'i-b');
    assert.equal((await heartbeat(a, a1, 'i-a')).errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
    const a2 = await join(a, 'i-a', a1.memberId);
    const b1 = await bJoin;
    assert.equal(a2.generationId, b1.generationId);
    const leader = a2.leader === a2.memberId ? { c: a, j: a2, i: 'i-a' } : { c: b, j: b1, i: 'i-b' };
    const follower = leader.c === a ? { c: b, j: b1, i: 'i-b' } : { c: a, j: a2, i: 'i-a' };
    const followerSync = sync(follower.c, follower.j, follower.i);
    await sync(leader.c, leader.j, leader.i, [
      { memberId: a2.memberId, assignment: Buffer.from('A') },
      { memberId: b1.memberId, assignment: Buffer.from('B') },
    ]);
    assert.equal((await followerSync).errorCode, 0);

    // Instance A restarts with a fresh connection and no member id.
    const a3c = await client();
    const a3 = await join(a3c, 'i-a');
    assert.equal(a3.errorCode, 0);
    assert.equal(a3.generationId, a2.generationId, 'same generation: no rebalance');
    assert.notEqual(a3.memberId, a2.memberId);
    const a3sync = await sync(a3c, a3, 'i-a');
    assert.equal(a3sync.assignment.toString(), 'A', 'keeps its assignment');
    assert.equal((await heartbeat(b, b1, 'i-b')).errorCode, 0, 'B is not disturbed');
    assert.equal((await heartbeat(a, a2, 'i-a')).errorCode, ErrorCode.FENCED_INSTANCE_ID);

    // B leaves by instance id only.
    const left = await b.request(ApiKey.LeaveGroup, 3, {
      groupId: 'static',
      members: [{ memberId: '', groupInstanceId: 'i-b' }],
    });
    assert.equal(left.members[0].errorCode, 0);
    assert.equal((await heartbeat(a3c, a3, 'i-a')).errorCode, ErrorCode.REBALANCE_IN_PROGRESS);
    for (const c of [a, b, a3c]) c.close();
  });
});
