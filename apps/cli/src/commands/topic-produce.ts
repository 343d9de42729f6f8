// `kafka topic produce <topic>`: one record per stdin line, until Ctrl-D (EOF) or Ctrl-C (CLI.md §7).
import { Command, Option } from 'commander';
import { createInterface } from 'node:readline';
import type { Session } from '../session';
import { DATA_FORMATS, needsSchemaRegistry, type DataFormat } from '../serdes/formats';
import { clusterAccess } from './cluster-access';
import { schemaRegistryAccess, schemaRegistryFlags, type SchemaRegistryOptions } from './schema-registry-access';
import { withOptions, type CommonOptions } from './options';
import { addClientConfigOptions, clientSettingsOf, type ClientConfigFlags } from './client-config';
import { readReferences } from './json-file';
import { CliError } from '../errors';
import { SCHEMA_ID_HEADER } from '../serdes/wire-format';

interface ProduceOptions extends CommonOptions, SchemaRegistryOptions, ClientConfigFlags {
  parseKey?: boolean;
  delimiter: string;
  keyFormat: DataFormat;
  valueFormat: DataFormat;
  schema?: string;
  keySchema?: string;
  headers?: string;
  bootstrap?: string;
  apiKey?: string;
  apiSecret?: string;
  references?: string;
  schemaIdHeader?: boolean;
}

export function topicProduceCommand(topic: Command, session: Session): void {
  const cmd = withOptions(
    topic
      .command('produce')
      .argument('<topic>')
      .description('Produce messages to a Kafka topic, one per line of standard input.'),
    'cluster',
    'context',
    'environment',
  )
    .option('--parse-key', 'Parse key from the message.')
    .option('--delimiter <delimiter>', 'The delimiter separating each key and value.', ':')
    .addOption(new Option('--key-format <format>', 'Format of message key.').choices(DATA_FORMATS).default('string'))
    .addOption(
      new Option('--value-format <format>', 'Format of message value.').choices(DATA_FORMATS).default('string'),
    )
    .option('--schema <path-or-id>', 'The filepath of the message value schema, or a schema id.')
    .option('--key-schema <path-or-id>', 'The filepath of the message key schema, or a schema id.')
    .option('--references <file>', 'The path to the message value schema references file.')
    .option('--headers <k:v,...>', 'A comma-separated list of headers formatted as "key:value".')
    .option('--schema-id-header', 'Serialize schema ID in the header instead of the message prefix.')
    .option('--bootstrap <servers>', "Kafka cluster endpoint (the cluster's bootstrap servers by default).")
    .option('--api-key <key>', 'API key.')
    .option('--api-secret <secret>', 'API secret.');
  for (const [flag, text] of schemaRegistryFlags) cmd.option(flag, text);
  addClientConfigOptions(cmd, 'producer');
  cmd.action(async (name: string, o: ProduceOptions) => {
    if (o.keyFormat !== 'string' && !o.parseKey) throw new CliError('`--key-format` requires `--parse-key`');
    const settings = clientSettingsOf(session, o);
    // loaded here, not with the command tree: every other command starts faster without them
    const [{ Partitioners }, { Serializer }, { kafkaClient }] = await Promise.all([
      import('kafkajs'),
      import('../serdes/serdes'),
      import('./kafka-client'),
    ]);
    const a = await clusterAccess(session, o);
    const needsSr = needsSchemaRegistry(o.valueFormat) || needsSchemaRegistry(o.keyFormat);
    const sr = needsSr ? (await schemaRegistryAccess(session, o)).client : undefined;
    const values = new Serializer(o.valueFormat, sr, o.schemaIdHeader);
    const keys = new Serializer(o.keyFormat, sr, o.schemaIdHeader);
    const valueId = await values.register(o.schema, `${name}-value`, readReferences(o.references));
    if (valueId !== undefined && o.schema && !/^\d+$/.test(o.schema))
      session.io.stdout(`Successfully registered schema with ID "${valueId}".\n`);
    if (o.parseKey) await keys.register(o.keySchema, `${name}-key`);
    const headers: Record<string, string | Buffer> = Object.fromEntries(
      (o.headers ?? '')
        .split(',')
        .filter(Boolean)
        .map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1)]),
    );
    // --schema-id-header: the schemas' GUIDs travel in these headers instead of the payloads' prefix
    const valueHeader = values.schemaIdHeader();
    if (valueHeader) headers[SCHEMA_ID_HEADER.value] = valueHeader;
    const keyHeader = o.parseKey ? keys.schemaIdHeader() : undefined;
    if (keyHeader) headers[SCHEMA_ID_HEADER.key] = keyHeader;

    const producer = kafkaClient(a, o.bootstrap, settings).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      ...settings.producer,
    });
    await producer.connect();
    session.io.stderr('Starting Kafka Producer. Use Ctrl-C or Ctrl-D to exit.\n');
    const lines = createInterface({ input: session.io.stdin, terminal: false });
    const stop = () => lines.close();
    process.once('SIGINT', stop);
    try {
      for await (const line of lines) {
        if (line === '') continue;
        let key: Buffer | null = null;
        let value = line;
        if (o.parseKey) {
          const i = line.indexOf(o.delimiter);
          if (i < 0) throw new CliError(`missing key in message: "${line}"`);
          key = keys.encode(line.slice(0, i));
          value = line.slice(i + o.delimiter.length);
        }
        await producer.send({
          topic: name,
          messages: [{ key, value: values.encode(value), headers }],
          ...settings.send,
        });
      }
    } finally {
      process.off('SIGINT', stop);
      await producer.disconnect();
    }
  });
}
