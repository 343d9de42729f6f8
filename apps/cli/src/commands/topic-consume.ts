// `kafka topic consume <topic>`: prints records as the Go CLI does, until Ctrl-C (CLI.md §7).
import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import type { Session } from '../session';
import { DATA_FORMATS, Deserializer, needsSchemaRegistry, type DataFormat } from '../serdes/serdes';
import { clusterAccess } from './cluster-access';
import { interrupted, kafkaClient } from './kafka-client';
import { schemaRegistryAccess, schemaRegistryFlags, type SchemaRegistryOptions } from './schema-registry-access';
import { withOptions, type CommonOptions } from './options';

interface ConsumeOptions extends CommonOptions, SchemaRegistryOptions {
  fromBeginning?: boolean;
  offset?: number;
  partition?: number;
  group?: string;
  printKey?: boolean;
  printOffset?: boolean;
  timestamp?: boolean;
  fullHeader?: boolean;
  delimiter: string;
  keyFormat: DataFormat;
  valueFormat: DataFormat;
  bootstrap?: string;
  apiKey?: string;
  apiSecret?: string;
  maxMessages?: number;
}

export function topicConsumeCommand(topic: Command, session: Session): void {
  const cmd = withOptions(
    topic.command('consume').argument('<topic>').description('Consume messages from a Kafka topic (Ctrl-C to stop).'),
    'cluster',
    'context',
    'environment',
  )
    .option('-b, --from-beginning', 'Consume from beginning of the topic.')
    .option('--offset <n>', 'The offset from the beginning to consume from.', (v) => Number(v))
    .option('--partition <n>', 'The partition to consume from.', (v) => Number(v))
    .option('--group <id>', 'Consumer group ID.')
    .option('--print-key', 'Print key of the message.')
    .option('--print-offset', 'Print partition number and offset of the message.')
    .option('--timestamp', 'Print message timestamp in milliseconds.')
    .option('--full-header', 'Print complete content of message headers.')
    .option('--delimiter <delimiter>', 'The delimiter separating each key and value.', '\t')
    .addOption(new Option('--key-format <format>', 'Format of message key.').choices(DATA_FORMATS).default('string'))
    .addOption(
      new Option('--value-format <format>', 'Format of message value.').choices(DATA_FORMATS).default('string'),
    )
    .option('--bootstrap <servers>', "Kafka cluster endpoint (the cluster's bootstrap servers by default).")
    .option('--api-key <key>', 'API key.')
    .option('--api-secret <secret>', 'API secret.')
    .option('--max-messages <n>', 'Exit after this many messages (connectplane extension, for scripts).', (v) =>
      Number(v),
    );
  for (const [flag, text] of schemaRegistryFlags) cmd.option(flag, text);
  cmd.action(async (name: string, o: ConsumeOptions) => {
    const a = await clusterAccess(session, o);
    const needsSr = needsSchemaRegistry(o.valueFormat) || needsSchemaRegistry(o.keyFormat);
    const sr = needsSr ? (await schemaRegistryAccess(session, o)).client : undefined;
    const values = new Deserializer(o.valueFormat, sr);
    const keys = new Deserializer(o.keyFormat, sr);
    const consumer = kafkaClient(a, o.bootstrap).consumer({
      groupId: o.group ?? `confluent_cli_consumer_${randomUUID()}`,
    });
    await consumer.connect();
    let count = 0;
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    // Ctrl-C handled from the start: a record can be printed before consumer.run() returns
    const stopped = interrupted(done);
    try {
      await consumer.subscribe({ topic: name, fromBeginning: Boolean(o.fromBeginning) || o.offset !== undefined });
      session.io.stderr('Starting Kafka Consumer. Use Ctrl-C to exit.\n');
      let seeked = o.offset === undefined;
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        if (seeked) return;
        seeked = true;
        const partitions = e.payload.memberAssignment[name] ?? [];
        for (const p of partitions)
          if (o.partition === undefined || p === o.partition)
            consumer.seek({ topic: name, partition: p, offset: String(o.offset) });
      });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (o.partition !== undefined && partition !== o.partition) return;
          if (o.maxMessages !== undefined && count >= o.maxMessages) return;
          const prefix = [
            ...(o.timestamp ? [`Timestamp:${message.timestamp}`] : []),
            ...(o.printOffset ? [`Partition:${partition} Offset:${message.offset}`] : []),
          ].join(' ');
          const key = o.printKey ? `${await keys.decode(message.key)}${o.delimiter}` : '';
          const value = await values.decode(message.value);
          session.io.stdout(`${prefix ? `${prefix}\t` : ''}${key}${value}\n`);
          const headers = Object.entries(message.headers ?? {});
          if (o.fullHeader && headers.length > 0)
            session.io.stdout(`% Headers: [${headers.map(([k, v]) => `${k}="${String(v)}"`).join(', ')}]\n`);
          if (o.maxMessages !== undefined && ++count >= o.maxMessages) finish();
        },
      });
      await stopped;
    } finally {
      await consumer.disconnect();
    }
  });
}
