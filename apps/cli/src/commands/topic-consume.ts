// `kafka topic consume <topic>`: prints records as the Go CLI does, until Ctrl-C (CLI.md §7).
import { randomUUID } from 'node:crypto';
import { Command, Option } from 'commander';
import { CliError } from '../errors';
import { SCHEMA_ID_HEADER } from '../serdes/wire-format';
import type { Session } from '../session';
import { DATA_FORMATS, needsSchemaRegistry, type DataFormat } from '../serdes/formats';
import { clusterAccess } from './cluster-access';
import { schemaRegistryAccess, schemaRegistryFlags, type SchemaRegistryOptions } from './schema-registry-access';
import { withOptions, type CommonOptions } from './options';
import { addClientConfigOptions, clientSettingsOf, type ClientConfigFlags } from './client-config';

interface ConsumeOptions extends CommonOptions, SchemaRegistryOptions, ClientConfigFlags {
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
  schemaRegistryContext?: string;
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
  cmd.option('--schema-registry-context <context>', 'The Schema Registry context under which to look up schema ID.');
  for (const [flag, text] of schemaRegistryFlags) cmd.option(flag, text);
  addClientConfigOptions(cmd, 'consumer');
  cmd.action(async (name: string, o: ConsumeOptions) => {
    const settings = clientSettingsOf(session, o);
    // loaded here, not with the command tree: every other command starts faster without them
    const [{ Deserializer }, { interrupted, kafkaClient }] = await Promise.all([
      import('../serdes/serdes'),
      import('./kafka-client'),
    ]);
    const a = await clusterAccess(session, o);
    const needsSr = needsSchemaRegistry(o.valueFormat) || needsSchemaRegistry(o.keyFormat);
    const sr = needsSr ? (await schemaRegistryAccess(session, o)).client : undefined;
    const values = new Deserializer(o.valueFormat, sr, o.schemaRegistryContext);
    const keys = new Deserializer(o.keyFormat, sr, o.schemaRegistryContext);
    const consumer = kafkaClient(a, o.bootstrap, settings).consumer({
      ...settings.consumer,
      groupId: o.group ?? settings.consumer.groupId ?? `confluent_cli_consumer_${randomUUID()}`,
    });
    await consumer.connect();
    let count = 0;
    let failure: CliError | undefined;
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    // Ctrl-C handled from the start: a record can be printed before consumer.run() returns
    const stopped = interrupted(done);
    try {
      await consumer.subscribe({
        topic: name,
        fromBeginning: Boolean(o.fromBeginning ?? settings.fromBeginning) || o.offset !== undefined,
      });
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
          let key: string;
          let value: string;
          try {
            const header = (name: string) => {
              const h = message.headers?.[name];
              const v = Array.isArray(h) ? h[0] : h;
              return v === undefined ? undefined : Buffer.from(v);
            };
            key = o.printKey ? `${await keys.decode(message.key, header(SCHEMA_ID_HEADER.key))}${o.delimiter}` : '';
            value = await values.decode(message.value, header(SCHEMA_ID_HEADER.value));
          } catch (e) {
            // kafkajs would redeliver the record forever: the command fails instead, as the Go CLI's does
            failure ??= new CliError(
              `unable to decode the record at partition ${partition} offset ${message.offset}: ${(e as Error).message}`,
            );
            return finish();
          }
          session.io.stdout(`${prefix ? `${prefix}\t` : ''}${key}${value}\n`);
          const headers = Object.entries(message.headers ?? {});
          if (o.fullHeader && headers.length > 0)
            session.io.stdout(`% Headers: [${headers.map(([k, v]) => `${k}="${String(v)}"`).join(', ')}]\n`);
          if (o.maxMessages !== undefined && ++count >= o.maxMessages) finish();
        },
      });
      await stopped;
      if (failure) throw failure;
    } finally {
      await consumer.disconnect();
    }
  });
}
