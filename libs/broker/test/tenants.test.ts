// Broker handle operations: tenant deletion, Prometheus metrics, session-timeout expiry,
// PLAINTEXT dev mode.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKey, buildBatch, ErrorCode } from '@libs/kafka-protocol';
import { startTestBroker, TENANT_A, TENANT_B, TestBroker } from './harness';
import { RawClient } from './raw-client';
import { waitFor } from '../../../test/support/wait-for';

let tb: TestBroker;
before(async () => {
  tb = await startTestBroker();
});
after(async () => {
  await tb.stop();
});

async function authed(creds: { username: string; password: string }): Promise<RawClient> {
  const c = await RawClient.connect(tb.broker.port);
  assert.equal((await c.authenticate(creds.username, creds.password)).errorCode, 0);
  return c;
}

const produce = (c: RawClient, topic: string) =>
  c.request(ApiKey.Produce, 7, {
    acks: 1,
    timeoutMs: 1000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records: buildBatch([{ value: 'x' }, { value: 'y' }]) }] }],
  });

describe('broker handle', () => {
  it('exposes per-cluster metrics in Prometheus format', async () => {
    const c = await authed(TENANT_B);
    await c.request(ApiKey.Metadata, 1, { topics: [{ name: 'metered' }] });
    await produce(c, 'metered');
    const text = await tb.broker.metricsText();
    assert.match(text, /broker_records_in_total\{cluster="lkc-bbbbb"\} 2/);
    assert.match(text, /broker_request_duration_seconds_count\{api="Produce"\} \d+/);
    assert.match(text, /broker_cluster_connections\{cluster="lkc-bbbbb"\} 1/);
    assert.match(text, /# TYPE broker_connections gauge\nbroker_connections [1-9]/);
    c.close();
  });

  it('deleteTenant closes its connections and removes its data, leaving other tenants alone', async () => {
    const a = await authed(TENANT_A);
    const b = await authed(TENANT_B);
    await a.request(ApiKey.Metadata, 1, { topics: [{ name: 'doomed' }] });
    await produce(a, 'doomed');
    await b.request(ApiKey.Metadata, 1, { topics: [{ name: 'survivor' }] });
    const dir = join(tb.dataDir, 'tenants', TENANT_A.tenant);
    assert.ok(existsSync(join(dir, 'topics', 'doomed')));
    await tb.broker.deleteTenant(TENANT_A.tenant);
    assert.equal(await a.whenClosed(), true);
    assert.equal(existsSync(dir), false);
    const md = await b.request(ApiKey.Metadata, 1, { topics: null });
    assert.ok(md.topics.some((t: { name: string }) => t.name === 'survivor'));
    // The cluster id may be provisioned again and starts empty.
    const a2 = await authed(TENANT_A);
    const md2 = await a2.request(ApiKey.Metadata, 1, { topics: null });
    assert.deepEqual(md2.topics, []);
    a2.close();
    b.close();
  });

  it('expires a member whose session times out and rebalances the group', async () => {
    const c = await authed(TENANT_B);
    const joined = await c.request(ApiKey.JoinGroup, 2, {
      groupId: 'expiring',
      sessionTimeoutMs: 1000,
      rebalanceTimeoutMs: 1000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    });
    assert.equal(joined.errorCode, 0);
    await c.request(ApiKey.SyncGroup, 1, {
      groupId: 'expiring',
      generationId: joined.generationId,
      memberId: joined.memberId,
      assignments: [],
    });
    // Waiting out the session is the point (a heartbeat would renew it): 1000 ms and a margin.
    await new Promise((r) => setTimeout(r, 1600));
    const hb = await c.request(ApiKey.Heartbeat, 1, {
      groupId: 'expiring',
      generationId: joined.generationId,
      memberId: joined.memberId,
    });
    assert.equal(hb.errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
    const d = await c.request(ApiKey.DescribeGroups, 0, { groups: ['expiring'] });
    assert.equal(d.groups[0].groupState, 'Empty');
    c.close();
  });

  it('PLAINTEXT dev mode only when explicitly enabled', async () => {
    const dev = await startTestBroker({ plaintextTenant: 'lkc-dev' });
    try {
      const c = await RawClient.connect(dev.broker.port);
      const md = await c.request(ApiKey.Metadata, 4, { topics: [{ name: 'devtopic' }], allowAutoTopicCreation: true });
      assert.equal(md.clusterId, 'lkc-dev');
      assert.equal(md.topics[0].errorCode, 0);
      c.close();
    } finally {
      await dev.stop();
    }
    const c = await RawClient.connect(tb.broker.port);
    c.send(ApiKey.Metadata, 4, { topics: null, allowAutoTopicCreation: true });
    assert.equal(await c.whenClosed(), true);
  });
});

describe('connection timeouts', () => {
  it('closes connections that do not authenticate in time, and idle ones', async () => {
    const t = await startTestBroker({ authTimeoutMs: 200, idleTimeoutMs: 400 });
    try {
      const silent = await RawClient.connect(t.broker.port);
      assert.equal(await silent.whenClosed(2000), true, 'unauthenticated socket closed');
      const idle = await RawClient.connect(t.broker.port);
      await idle.authenticate(TENANT_A.username, TENANT_A.password);
      // Waiting out the auth timeout (200 ms) is the point: an authenticated socket outlives it.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(idle.closed, false, 'authenticated in time');
      assert.equal(await idle.whenClosed(2000), true, 'idle connection closed');
    } finally {
      await t.stop();
    }
  });
});

describe('retention', () => {
  it('deletes old segments once a topic exceeds retention.bytes', async () => {
    const rb = await startTestBroker({ retentionCheckIntervalMs: 100 });
    try {
      const c = await RawClient.connect(rb.broker.port);
      await c.authenticate(TENANT_A.username, TENANT_A.password);
      const created = await c.request(ApiKey.CreateTopics, 0, {
        topics: [
          {
            name: 'short',
            numPartitions: 1,
            replicationFactor: 1,
            assignments: [],
            configs: [{ name: 'segment.bytes', value: '2048' }],
          },
        ],
        timeoutMs: 1000,
      });
      assert.equal(created.topics[0].errorCode, 0);
      for (let i = 0; i < 150; i++) await produce(c, 'short');
      const earliest = async () =>
        (
          await c.request(ApiKey.ListOffsets, 1, {
            replicaId: -1,
            topics: [{ name: 'short', partitions: [{ partitionIndex: 0, timestamp: -2 }] }],
          })
        ).topics[0].partitions[0].offset as number;
      // An observation window, the point of the check: retention runs in it and deletes nothing.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await earliest(), 0, 'unlimited by default');
      const altered = await c.request(ApiKey.IncrementalAlterConfigs, 0, {
        resources: [
          {
            resourceType: 2,
            resourceName: 'short',
            configs: [{ name: 'retention.bytes', configOperation: 0, value: '3000' }],
          },
        ],
        validateOnly: false,
      });
      assert.equal(altered.responses[0].errorCode, 0);
      const start = await waitFor('retention to delete old segments', async () => {
        const s = await earliest();
        return s > 100 ? s : undefined;
      });
      assert.ok(start > 100 && start < 300, `log start moved to ${start}`);
      c.close();
    } finally {
      await rb.stop();
    }
  });
});

describe('idempotent producer state across restarts', () => {
  it('recognises a batch retried after a broker restart as a duplicate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broker-idem-'));
    const send = async (c: RawClient, seq: number) => {
      const records = buildBatch([{ value: `a${seq}` }, { value: `b${seq}` }], {
        producerId: 4242,
        producerEpoch: 0,
        baseSequence: seq,
      });
      const r = await c.request(ApiKey.Produce, 7, {
        acks: -1,
        timeoutMs: 1000,
        topicData: [{ name: 'idem-restart', partitionData: [{ index: 0, records }] }],
      });
      return r.responses[0].partitionResponses[0];
    };
    let b = await startTestBroker({}, dir);
    try {
      let c = await authed2(b.broker.port);
      await c.request(ApiKey.Metadata, 1, { topics: [{ name: 'idem-restart' }] });
      assert.equal((await send(c, 0)).baseOffset, 0);
      assert.equal((await send(c, 2)).baseOffset, 2);
      c.close();
      await assert.rejects(startTestBroker({}, dir), /already used by a broker/);
      await b.broker.close();
      b = await startTestBroker({}, dir);
      c = await authed2(b.broker.port);
      const retried = await send(c, 2);
      assert.deepEqual([retried.errorCode, retried.baseOffset], [0, 2]);
      assert.equal((await send(c, 4)).baseOffset, 4);
      c.close();
    } finally {
      await b.broker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function authed2(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  assert.equal((await c.authenticate(TENANT_A.username, TENANT_A.password)).errorCode, 0);
  return c;
}
