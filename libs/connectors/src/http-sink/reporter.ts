// Where the reporting records go: the success and error topics on the connector's own Kafka
// cluster, written with the connector's own API key (kafka.api.key / kafka.api.secret, the
// identity its task consumes with). The runtime gives sink tasks no producer, so the task opens
// one to the platform's broker (BROKER_HOST:BROKER_PORT of this process); a worker embedding the
// plugin elsewhere can install its own factory. The topics are created (1 partition) on first use.
import { Kafka, logLevel } from 'kafkajs';
import type { Props } from '@libs/connect-spi';
import { parseEnv } from '@libs/config';
import { SingleBrokerProducer, type BrokerTarget, type RecordProducer } from '@libs/kafka-clients';
import type { ReportRecord } from './report-records';

/** Bytes of report records per produce request (string lengths: UTF-8 may be up to 3× more). */
const MAX_SEND_BYTES = 256 * 1024;

export interface ReportWriter {
  write(topic: string, records: ReportRecord[]): Promise<void>;
  close(): Promise<void>;
}

export type ReportWriterFactory = (props: Props) => ReportWriter;

class KafkaReportWriter implements ReportWriter {
  private readonly created = new Set<string>();

  /** kafkajs for the admin calls; the records go through `producer`. */
  constructor(
    private readonly kafka: Kafka,
    private readonly producer: RecordProducer & { disconnect(): Promise<void> },
  ) {}

  private async ensureTopic(topic: string): Promise<void> {
    if (this.created.has(topic)) return;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      if (!existing.includes(topic))
        await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] }).catch((e: Error) => {
          if (!/already exists/i.test(e.message)) throw e;
        });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    this.created.add(topic);
  }

  async write(topic: string, records: ReportRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensureTopic(topic);
    // produce requests stay under the broker's 1 MB message.max.bytes (a report can carry a body)
    for (let i = 0; i < records.length;) {
      let bytes = 0;
      const messages = [];
      for (; i < records.length && (messages.length === 0 || bytes < MAX_SEND_BYTES); i++) {
        const r = records[i];
        const headers = present(r.headers);
        bytes += r.value.length + 64 + Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length, 0);
        messages.push({ key: null, value: r.value, headers });
      }
      await this.producer.send({ topic, acks: -1, messages });
    }
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}

/**
 * Headers without the null ones: Confluent writes a null header value, but kafkajs cannot encode
 * one (it measures every value as a string), so an unknown field is left out instead.
 */
function present(h: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== null) out[k] = v;
  return out;
}

/** The default: the platform's broker, as the connector's key. */
export const platformReportWriter: ReportWriterFactory = (props) => {
  const env = parseEnv(process.env);
  const host = env.BROKER_HOST === '0.0.0.0' ? '127.0.0.1' : env.BROKER_HOST;
  const username = props['kafka.api.key'] ?? '';
  const password = props['kafka.api.secret'] ?? '';
  const clientId = `http-sink-reporter-${props.name ?? ''}`;
  const target: BrokerTarget = { host, port: env.BROKER_PORT, sasl: username ? { username, password } : null };
  return new KafkaReportWriter(
    new Kafka({
      clientId,
      brokers: [`${host}:${env.BROKER_PORT}`],
      ...(username ? { sasl: { mechanism: 'plain' as const, username, password } } : {}),
      logLevel: logLevel.NOTHING,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
    }),
    // the embedded broker is one broker: the runtime's own fast producer (kafkajs encodes a record
    // with headers several times over, and every input record here becomes one report)
    new SingleBrokerProducer(target, { clientId }),
  );
};
