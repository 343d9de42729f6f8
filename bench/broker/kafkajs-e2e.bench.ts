// Bench (b): kafkajs producer -> broker -> kafkajs consumer group, end to end, 1 KB records,
// 6 partitions, acks=1, default consumer settings. Producer and consumer run concurrently for
// DURATION seconds of producing; the figure is records consumed / time until the consumer caught up.
// Usage: node scripts/run.js bench/broker/kafkajs-e2e.bench.ts [seconds]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';
import { startBrokerProcess, USER } from './broker-child';

const DURATION = Number(process.argv[2] ?? 60);
const BATCH = 500;
const IN_FLIGHT = 4;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-kafkajs-'));
  const broker = await startBrokerProcess(dataDir);
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: [`127.0.0.1:${broker.port}`],
    sasl: { mechanism: 'plain', username: USER.username, password: USER.password },
    logLevel: logLevel.NOTHING,
  });
  try {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'e2e', numPartitions: 6 }] });
    await admin.disconnect();

    const consumer = kafka.consumer({ groupId: 'e2e-bench' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'e2e', fromBeginning: true });
    let consumed = 0;
    let lastConsumedAt = 0;
    await consumer.run({
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
        lastConsumedAt = Date.now();
      },
    });

    // The producer runs in a worker thread so that kafkajs' encoding and decoding each get a core.
    const start = Date.now();
    const produced = await new Promise<number>((resolve, reject) => {
      const w = new Worker(join(__dirname, 'kafkajs-producer.worker.ts'), {
        execArgv: ['-r', '@swc-node/register'],
        workerData: { port: broker.port, user: USER, seconds: DURATION, batch: BATCH, inFlight: IN_FLIGHT },
      });
      w.once('message', (n: number) => resolve(n));
      w.once('error', reject);
    });
    const produceSecs = (Date.now() - start) / 1000;
    const waitUntil = Date.now() + 120_000;
    while (consumed < produced && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 100));
    const e2eSecs = (lastConsumedAt - start) / 1000;
    console.log(
      JSON.stringify(
        {
          bench: 'kafkajs producer -> broker -> kafkajs consumer group, 1KB, 6 partitions',
          produced,
          consumed,
          produceRecordsPerSec: Math.round(produced / produceSecs),
          endToEndSeconds: e2eSecs,
          endToEndRecordsPerSec: Math.round(consumed / e2eSecs),
          brokerRssMb: Math.round(broker.rssMb()),
        },
        null,
        2,
      ),
    );
    await consumer.disconnect();
  } finally {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
