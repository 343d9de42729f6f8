// Restart durability: SIGKILL the broker process mid-stream (acks=-1), restart it on the same data
// dir, and check that every acknowledged record is readable exactly once at its offset, and that
// committed group offsets survived.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ApiKey, decodeRecords, readBatchHeader, splitBatches } from '@libs/kafka-protocol';
import { kafkajsConfig, TENANT_A } from './harness';
import { BrokerProcess, kill, spawnBroker } from './broker-process';
import { RawClient } from './raw-client';
import { waitFor } from '../../../test/support/wait-for';

const dataDir = mkdtempSync(join(tmpdir(), 'broker-durability-'));
let proc: BrokerProcess | undefined;

after(async () => {
  if (proc) await kill(proc);
  rmSync(dataDir, { recursive: true, force: true });
});

async function readAll(port: number, topic: string, partitions: number): Promise<Map<number, Map<number, string>>> {
  const c = await RawClient.connect(port);
  await c.authenticate(TENANT_A.username, TENANT_A.password);
  const out = new Map<number, Map<number, string>>();
  for (let p = 0; p < partitions; p++) {
    const recs = new Map<number, string>();
    let offset = 0;
    for (;;) {
      const r = await c.request(ApiKey.Fetch, 10, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 4 << 20,
        isolationLevel: 0,
        topics: [
          {
            topic,
            partitions: [{ partition: p, fetchOffset: offset, logStartOffset: -1, partitionMaxBytes: 4 << 20 }],
          },
        ],
      });
      const data: Buffer = r.responses[0].partitions[0].records;
      if (!data || data.length === 0) break;
      for (const span of splitBatches(data, true)) {
        const h = readBatchHeader(data, span.start);
        for (const rec of decodeRecords(h, data.subarray(span.start + 61, span.start + span.size))) {
          assert.ok(!recs.has(rec.offset), `offset ${rec.offset} seen twice`);
          recs.set(rec.offset, rec.value!.toString());
          offset = rec.offset + 1;
        }
      }
    }
    out.set(p, recs);
  }
  c.close();
  return out;
}

describe('durability', () => {
  it('loses no acknowledged record or committed offset when the broker is SIGKILLed mid-stream', async () => {
    proc = await spawnBroker(dataDir);
    const kafka = new Kafka({
      ...kafkajsConfig(`127.0.0.1:${proc.port}`, TENANT_A),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'durable', numPartitions: 3 }] });
    await admin.setOffsets({ groupId: 'keeper', topic: 'durable', partitions: [{ partition: 1, offset: '0' }] });
    await admin.disconnect();
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();

    const acked: { partition: number; offset: number; value: string }[] = [];
    let seq = 0;
    let stop = false;
    const workers = [0, 1, 2].map(async (partition) => {
      while (!stop) {
        const values = Array.from({ length: 20 }, () => `v-${seq++}`);
        try {
          const [r] = await producer.send({
            topic: 'durable',
            acks: -1,
            messages: values.map((value) => ({ value, partition })),
          });
          values.forEach((value, i) => acked.push({ partition, offset: Number(r.baseOffset) + i, value }));
        } catch {
          return; // the broker is gone
        }
      }
    });
    // mid-stream: every partition has acknowledged batches before the kill
    await waitFor('acknowledged records on every partition', () =>
      [0, 1, 2].every((p) => acked.filter((a) => a.partition === p).length >= 100),
    );
    const committer = new Kafka({
      ...kafkajsConfig(`127.0.0.1:${proc.port}`, TENANT_A),
      logLevel: logLevel.NOTHING,
    }).admin();
    await committer.connect();
    await committer.setOffsets({ groupId: 'keeper-2', topic: 'durable', partitions: [{ partition: 0, offset: '7' }] });
    await committer.disconnect();
    await kill(proc, 'SIGKILL');
    stop = true;
    await Promise.all(workers);
    await producer.disconnect().catch(() => {});
    assert.ok(acked.length > 100, `acked ${acked.length} records before the kill`);

    proc = await spawnBroker(dataDir);
    const logs = await readAll(proc.port, 'durable', 3);
    for (const a of acked)
      assert.equal(
        logs.get(a.partition)!.get(a.offset),
        a.value,
        `acked record ${a.value} at ${a.partition}/${a.offset}`,
      );
    const values = new Set<string>();
    for (const m of logs.values())
      for (const v of m.values()) {
        assert.ok(!values.has(v), `value ${v} stored twice`);
        values.add(v);
      }

    const kafka2 = new Kafka({ ...kafkajsConfig(`127.0.0.1:${proc.port}`, TENANT_A), logLevel: logLevel.NOTHING });
    const admin2 = kafka2.admin();
    await admin2.connect();
    const offs = await admin2.fetchOffsets({ groupId: 'keeper-2', topics: ['durable'] });
    assert.equal(offs[0].partitions.find((p) => p.partition === 0)!.offset, '7');
    const [p0] = (await admin2.fetchTopicOffsets('durable')).filter((o) => o.partition === 0);
    assert.equal(Number(p0.high), logs.get(0)!.size);
    await admin2.disconnect();
    await kill(proc, 'SIGTERM');
    proc = undefined;
  });
});
