// `kafka topic produce/consume --config k=v,… / --config-file f`: the Go CLI hands these librdkafka
// properties to its client; ours is kafkajs, so the properties that have a kafkajs equivalent are
// mapped and the others are named in one warning on stderr (never silently dropped).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ConsumerConfig, KafkaConfig, ProducerConfig } from 'kafkajs';
import { CliError } from '../errors';
import type { Session } from '../session';
import { collect, parseKeyValues, parseProperties } from './options';

export interface ClientConfigFlags {
  config?: string[];
  configFile?: string;
}

/** What the properties change: the client, the producer or consumer, and each send. */
export interface ClientSettings {
  kafka: Partial<KafkaConfig> & { brokers?: string[] };
  /** security.protocol, when given: decides TLS and SASL. */
  securityProtocol?: string;
  sasl?: { mechanism: string; username?: string; password?: string };
  producer: Partial<ProducerConfig>;
  send: { acks?: number; timeout?: number };
  consumer: Partial<ConsumerConfig>;
  fromBeginning?: boolean;
  ignored: string[];
}

/** Properties files (`k=v` lines, `#` comments) or a JSON object; --config entries win over the file. */
export function readClientConfig(flags: ClientConfigFlags): Record<string, string> {
  const fromFile: Record<string, string> = {};
  if (flags.configFile) {
    let text: string;
    try {
      text = readFileSync(flags.configFile, 'utf8');
    } catch (e) {
      throw new CliError(`unable to read --config-file "${flags.configFile}": ${(e as Error).message}`);
    }
    if (text.trim().startsWith('{')) {
      for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>)) fromFile[k] = String(v);
    } else Object.assign(fromFile, parseProperties(text, `--config-file "${flags.configFile}"`));
  }
  return { ...fromFile, ...parseKeyValues(flags.config) };
}

const int = (k: string, v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new CliError(`client config "${k}": "${v}" is not an integer`);
  return n;
};

export function clientSettings(props: Record<string, string>): ClientSettings {
  const s: ClientSettings = { kafka: {}, producer: {}, send: {}, consumer: {}, ignored: [] };
  const sasl = (): NonNullable<ClientSettings['sasl']> => (s.sasl ??= { mechanism: 'plain' });
  for (const [k, v] of Object.entries(props)) {
    switch (k) {
      case 'client.id':
        s.kafka.clientId = v;
        break;
      case 'bootstrap.servers':
        s.kafka.brokers = v.split(',').map((b) => b.trim().replace(/^[A-Z_]+:\/\//, ''));
        break;
      case 'security.protocol':
        s.securityProtocol = v.toUpperCase();
        break;
      case 'sasl.mechanism':
      case 'sasl.mechanisms':
        sasl().mechanism = v.toLowerCase();
        break;
      case 'sasl.username':
        sasl().username = v;
        break;
      case 'sasl.password':
        sasl().password = v;
        break;
      case 'request.timeout.ms':
        s.kafka.requestTimeout = int(k, v);
        break;
      case 'socket.connection.setup.timeout.ms':
        s.kafka.connectionTimeout = int(k, v);
        break;
      case 'acks':
      case 'request.required.acks':
        s.send.acks = v === 'all' ? -1 : int(k, v);
        break;
      case 'message.timeout.ms':
        s.send.timeout = int(k, v);
        break;
      case 'enable.idempotence':
        s.producer.idempotent = v === 'true';
        break;
      case 'group.id':
        s.consumer.groupId = v;
        break;
      case 'session.timeout.ms':
        s.consumer.sessionTimeout = int(k, v);
        break;
      case 'heartbeat.interval.ms':
        s.consumer.heartbeatInterval = int(k, v);
        break;
      case 'fetch.min.bytes':
        s.consumer.minBytes = int(k, v);
        break;
      case 'fetch.max.bytes':
        s.consumer.maxBytes = int(k, v);
        break;
      case 'fetch.wait.max.ms':
        s.consumer.maxWaitTimeInMs = int(k, v);
        break;
      case 'max.partition.fetch.bytes':
        s.consumer.maxBytesPerPartition = int(k, v);
        break;
      case 'auto.offset.reset':
        s.fromBeginning = /^(earliest|smallest|beginning)$/.test(v);
        break;
      default:
        s.ignored.push(k);
    }
  }
  return s;
}

/** --config (repeatable, comma-separated) and --config-file, as the Go CLI's produce/consume have them. */
export function addClientConfigOptions(cmd: Command, kind: 'producer' | 'consumer'): void {
  cmd
    .option(
      '--config <key=value,...>',
      `A comma-separated list of configuration overrides ("key=value") for the ${kind} client.`,
      collect,
    )
    .option('--config-file <file>', `The path to the configuration file (properties or JSON) for the ${kind} client.`);
}

/** The --config/--config-file settings, with one warning naming every property kafkajs has no equivalent for. */
export function clientSettingsOf(session: Session, flags: ClientConfigFlags): ClientSettings {
  const settings = clientSettings(readClientConfig(flags));
  if (settings.ignored.length > 0)
    session.io.stderr(
      `[WARN] client config not supported by connectplane's Kafka client, ignored: ${settings.ignored.join(', ')}\n`,
    );
  return settings;
}
