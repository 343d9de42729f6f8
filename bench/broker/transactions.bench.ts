// Bench: transactions on the embedded broker, with kafkajs (the client the connector runtime uses).
// 1) produce throughput of a transactional producer committing every 100 ms vs an idempotent
//    producer, same batches (500 × 1 KB records per send, 6 partitions), after an uncounted warm-up,
//    alternating phases (idempotent, transactional) of SECONDS each, ROUNDS times, in one run;
// 2) consuming everything produced (transactional data and markers included) with a read_committed
//    and a read_uncommitted consumer group, alternating, ROUNDS times each after a warm-up read.
// Usage: flock /tmp/bench.lock node scripts/run.js bench/broker/transactions.bench.ts [seconds]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { startBrokerProcess, USER } from './broker-child';

const SECONDS = Number(process.argv[2] ?? 20);
const BATCH = 500;
const TXN_MS = 100;
const ROUNDS = 3;
const TOPIC = 'txn-bench';
const VALUE = Buffer.alloc(1024, 'x');
const messages = Array.from({ length: BATCH }, () => ({ value: VALUE }));

async function produceFor(producer: Producer, transactional: boolean, seconds = SECONDS): Promise<number> {
  let sent = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (!transactional) {
      await producer.send({ topic: TOPIC, messages, acks: -1 });
      sent += BATCH;
      continue;
    }
    const txn = await producer.transaction();
    const commitAt = Date.now() + TXN_MS;
    do {
      await txn.send({ topic: TOPIC, messages, acks: -1 });
      sent += BATCH;
    } while (Date.now() < commitAt);
    await txn.commit();
  }
  return sent;
}

async function consumeAll(kafka: Kafka, readUncommitted: boolean, expected: number, run: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-${readUncommitted ? 'ru' : 'rc'}-${run}`, readUncommitted });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  let consumed = 0;
  const start = Date.now();
  let last = start;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      last = Date.now();
    },
  });
  const deadline = Date.now() + 600_000;
  while (consumed < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await consumer.disconnect();
  if (consumed !== expected) throw new Error(`consumed ${consumed} of ${expected}`);
  return Math.round(consumed / ((last - start) / 1000));
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-txn-'));
  const broker = await startBrokerProcess(dataDir);
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: [`127.0.0.1:${broker.port}`],
    sasl: { mechanism: 'plain', username: USER.username, password: USER.password },
    logLevel: logLevel.NOTHING,
  });
  const loadStart = loadavg()[0];
  try {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 6 }] });
    await admin.disconnect();
    const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const transactional = kafka.producer({ idempotent: true, maxInFlightRequests: 1, transactionalId: 'bench-txn' });
    await idempotent.connect();
    await transactional.connect();
    const rates: { idempotent: number[]; transactional: number[] } = { idempotent: [], transactional: [] };
    let total = await produceFor(idempotent, false, SECONDS / 2); // warm-up, not counted
    for (let round = 0; round < ROUNDS; round++)
      for (const kind of ['idempotent', 'transactional'] as const) {
        const n = await produceFor(kind === 'idempotent' ? idempotent : transactional, kind === 'transactional');
        total += n;
        rates[kind].push(Math.round(n / SECONDS));
      }
    await idempotent.disconnect();
    await transactional.disconnect();

    const consume: { readCommitted: number[]; readUncommitted: number[] } = { readCommitted: [], readUncommitted: [] };
    await consumeAll(kafka, true, total, -1); // warm-up, not counted
    for (let run = 0; run < ROUNDS; run++) {
      consume.readCommitted.push(await consumeAll(kafka, false, total, run));
      consume.readUncommitted.push(await consumeAll(kafka, true, total, run));
    }
    const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    console.log(
      JSON.stringify(
        {
          bench: `kafkajs, ${BATCH} x 1KB per send, ${TOPIC} 6 partitions, acks=all, ${SECONDS}s phases, ${TXN_MS} ms transactions`,
          produceRecordsPerSec: rates,
          transactionalVsIdempotent: +(mean(rates.transactional) / mean(rates.idempotent)).toFixed(3),
          consumedRecords: total,
          consumeRecordsPerSec: consume,
          readCommittedVsUncommitted: +(mean(consume.readCommitted) / mean(consume.readUncommitted)).toFixed(3),
          brokerRssMb: Math.round(broker.rssMb()),
          loadAverage: { start: loadStart, end: loadavg()[0] },
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
