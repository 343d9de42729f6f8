// The headers of the first `n` records of a dead letter queue topic (waits for the topic to be
// created and the records to arrive), as strings: what a DLQ assertion looks at.
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { waitFor } from './wait-for';

export async function dlqHeaders(
  kafka: Kafka,
  topic: string,
  n: number,
  timeoutMs = 60_000,
): Promise<Record<string, string>[]> {
  const consumer = kafka.consumer({ groupId: `dlq-reader-${randomBytes(3).toString('hex')}`, maxWaitTimeInMs: 200 });
  const seen: Record<string, string>[] = [];
  await consumer.connect();
  try {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(`topic ${topic}`, async () => (await admin.listTopics()).includes(topic), timeoutMs, 200);
    } finally {
      await admin.disconnect();
    }
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])));
      },
    });
    await waitFor(`${n} records in ${topic}`, () => seen.length >= n, timeoutMs, 200);
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
