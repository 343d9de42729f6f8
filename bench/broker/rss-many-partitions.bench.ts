// Bench (c): broker RSS while holding TOTAL_GB of log across 1,000 partitions (10 topics x 100).
// Writes prebuilt 1 KB-record batches over the wire (acks=1), samples RSS as the log grows, reads
// from every partition, then restarts the broker on the same data and samples again.
// Usage: node scripts/run.js bench/broker/rss-many-partitions.bench.ts [totalGB]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, ApiKey, buildBatch, decodeResponse, encodeRequestFrame } from '@libs/kafka-protocol';
import { RawClient } from '../../libs/broker/test/raw-client';
import { Child, startBrokerProcess, USER } from './broker-child';

const TOTAL_GB = Number(process.argv[2] ?? 10);
const TOPICS = 10;
const PARTITIONS = 100;
const PARTS_PER_REQUEST = 20;
const IN_FLIGHT = 4;

async function client(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  await c.authenticate(USER.username, USER.password);
  return c;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const env = { BROKER_SEGMENT_BYTES: String(64 * 1024 * 1024), BROKER_FSYNC: 'never' };
  let broker: Child = await startBrokerProcess(dataDir, env);
  const samples: Record<string, number> = { empty: Math.round(broker.rssMb()) };
  try {
    let c = await client(broker.port);
    for (let t = 0; t < TOPICS; t++) {
      await c.request(ApiKey.CreateTopics, 0, {
        topics: [{ name: `t${t}`, numPartitions: PARTITIONS, replicationFactor: 3, assignments: [], configs: [] }],
        timeoutMs: 10000,
      });
    }
    samples.created1000Partitions = Math.round(broker.rssMb());

    const batch = buildBatch(Array.from({ length: 256 }, (_, i) => ({ key: String(i), value: Buffer.alloc(1024, i) })));
    const all: { topic: string; p: number }[] = [];
    for (let t = 0; t < TOPICS; t++) for (let p = 0; p < PARTITIONS; p++) all.push({ topic: `t${t}`, p });
    const totalBytes = TOTAL_GB * 1024 ** 3;
    const requestBytes = batch.length * PARTS_PER_REQUEST;
    const requests = Math.ceil(totalBytes / requestBytes);
    const frames: Buffer[] = [];
    for (let i = 0; i < all.length; i += PARTS_PER_REQUEST) {
      const group = all.slice(i, i + PARTS_PER_REQUEST);
      const byTopic = new Map<string, number[]>();
      for (const g of group) byTopic.set(g.topic, [...(byTopic.get(g.topic) ?? []), g.p]);
      const topicData = [...byTopic.entries()].map(([name, ps]) => ({
        name,
        partitionData: ps.map((index) => ({ index, records: batch })),
      }));
      frames.push(
        encodeRequestFrame(
          api(ApiKey.Produce)!,
          7,
          { correlationId: 0, clientId: 'rss' },
          { acks: 1, timeoutMs: 30000, topicData },
        ),
      );
    }
    const start = Date.now();
    let sent = 0;
    let done = 0;
    let nextSample = 1;
    while (done < requests) {
      while (sent < requests && sent - done < IN_FLIGHT) {
        const f = frames[sent % frames.length];
        f.writeInt32BE(sent, 8); // correlation id
        c.write(f);
        sent++;
      }
      const resp = decodeResponse(await c.nextFrame(60000), api(ApiKey.Produce)!, 7);
      for (const t of resp.body.responses)
        for (const p of t.partitionResponses) if (p.errorCode) throw new Error(`produce error ${p.errorCode}`);
      done++;
      const gb = (done * requestBytes) / 1024 ** 3;
      if (gb >= nextSample) {
        samples[`after${nextSample}GB`] = Math.round(broker.rssMb());
        nextSample += nextSample < 2 ? 1 : 2;
      }
    }
    const writeSecs = (Date.now() - start) / 1000;
    samples.afterWrite = Math.round(broker.rssMb());

    // Read 1 MB from a random offset of every partition.
    const t1 = Date.now();
    const perPartition = Math.floor(done / frames.length) * 256;
    for (const { topic, p } of all) {
      const r = await c.request(ApiKey.Fetch, 10, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        topics: [
          {
            topic,
            partitions: [
              {
                partition: p,
                fetchOffset: Math.floor(Math.random() * perPartition),
                logStartOffset: -1,
                partitionMaxBytes: 1 << 20,
              },
            ],
          },
        ],
      });
      if (r.responses[0].partitions[0].errorCode) throw new Error('fetch error');
    }
    const sweepSecs = (Date.now() - t1) / 1000;
    samples.afterFetchSweep = Math.round(broker.rssMb());
    c.close();

    await broker.stop();
    const t2 = Date.now();
    broker = await startBrokerProcess(dataDir, env);
    const restartSecs = (Date.now() - t2) / 1000;
    samples.afterRestart = Math.round(broker.rssMb());
    c = await client(broker.port);
    const md = await c.request(ApiKey.Metadata, 1, { topics: null });
    const partitions = md.topics.reduce((n: number, t: { partitions: unknown[] }) => n + t.partitions.length, 0);
    c.close();
    console.log(
      JSON.stringify(
        {
          bench: `broker RSS with ${TOTAL_GB} GB of log across ${partitions} partitions`,
          writtenGB: +((done * requestBytes) / 1024 ** 3).toFixed(2),
          writeMBPerSec: Math.round((done * requestBytes) / writeSecs / 1e6),
          fetchSweepSeconds: sweepSecs,
          restartSeconds: restartSecs,
          rssMb: samples,
        },
        null,
        2,
      ),
    );
  } finally {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
