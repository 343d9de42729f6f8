// Producer half of the kafkajs end-to-end bench (runs in a worker thread).
import { parentPort, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';

const { port, user, seconds, batch, inFlight } = workerData as {
  port: number;
  user: { username: string; password: string };
  seconds: number;
  batch: number;
  inFlight: number;
};

async function run(): Promise<void> {
  const kafka = new Kafka({
    clientId: 'bench-producer',
    brokers: [`127.0.0.1:${port}`],
    sasl: { mechanism: 'plain', username: user.username, password: user.password },
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  const value = Buffer.alloc(1024, 'x');
  const messages = Array.from({ length: batch }, (_, i) => ({ key: String(i), value }));
  let produced = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < end) {
        await producer.send({ topic: 'e2e', acks: 1, messages });
        produced += batch;
      }
    }),
  );
  await producer.disconnect();
  parentPort!.postMessage(produced);
}

void run();
