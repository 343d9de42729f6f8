// Datagen → broker, one task, max.interval=0: the runtime's source loop reproduced without the
// worker (Postgres/Redis/BullMQ): DatagenTask.poll() → StringConverter key + value converter
// (JSON / AVRO with an in-memory Schema Registry) → kafkajs producer.sendBatch(acks=-1), one
// awaited batch per poll as TaskExecution.produce does. The topic is created from
// datagenSourcePlugin.topicsToCreate() (topic.creation.default.*). The broker is apps/broker in
// a child process (bench/broker/broker-child.ts).
// Usage: node scripts/run.js bench/connectors/datagen-broker.bench.ts [seconds=10] [quickstart=ORDERS]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Message } from 'kafkajs';
import type { Props } from '@libs/connect-api';
import { InMemorySchemaRegistry } from '@libs/schema-registry';
import { startBrokerProcess, USER } from '../broker/broker-child';
import { converterFor, DatagenTask, datagenSourcePlugin, serializeWith } from '../../libs/connectors/src';

const seconds = Number(process.argv[2] ?? 10);
const quickstart = process.argv[3] ?? 'ORDERS';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-datagen-'));
  const broker = await startBrokerProcess(dataDir);
  const kafka = new Kafka({
    clientId: 'bench-datagen',
    brokers: [`127.0.0.1:${broker.port}`],
    sasl: { mechanism: 'plain', ...USER },
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (const format of ['JSON', 'AVRO'] as const) {
      const topic = `datagen-${format.toLowerCase()}`;
      const props: Props = {
        'kafka.topic': topic,
        quickstart,
        'max.interval': '0',
        'tasks.max': '1',
        'task.id': '0',
        'output.data.format': format,
      };
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        topics: datagenSourcePlugin
          .topicsToCreate(props)
          .map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: t.replicationFactor })),
      });
      await admin.disconnect();
      const task = new DatagenTask();
      task.initialize({
        configs: props,
        offsetStorageReader: { offset: async () => null, offsets: async () => new Map() },
      });
      await task.start(props);
      const key = converterFor('STRING', {}, true);
      const value = converterFor(format, { client: new InMemorySchemaRegistry() });
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < seconds * 1000) {
        const recs = (await task.poll())!;
        const messages: Message[] = [];
        for (const r of recs) {
          const headers: Record<string, string> = {};
          for (const h of r.headers) headers[h.key] = String(h.value);
          messages.push({
            key: key.fromConnectData(r.topic, r.headers, r.keySchema, r.key),
            value: await serializeWith(value, r.topic, r.headers, r.valueSchema, r.value),
            headers,
            timestamp: String(r.timestamp),
          });
        }
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
        n += recs.length;
      }
      const s = (performance.now() - t0) / 1000;
      task.stop();
      console.log(
        `${quickstart} ${format} → broker, 1 task: ${Math.round(n / s).toLocaleString('en-US')} records/s (${n} records in ${s.toFixed(1)} s)`,
      );
    }
  } finally {
    await producer.disconnect();
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
