// kafkajs clients shared by every task of a worker that reaches the same cluster with the same
// credentials (today: the platform identity of the cluster): one Kafka client and one producer
// per cluster, reference-counted; consumers are per sink task (their group is the connector's).
import { Kafka, logLevel, Partitioners, type KafkaConfig, type Producer } from 'kafkajs';
import { registerCompressionCodecs } from './codecs';

interface Entry {
  kafka: Kafka;
  producer: Producer | null;
  producerReady: Promise<Producer> | null;
  refs: number;
}

export class KafkaClientPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly configFor: (clusterId: string) => Promise<KafkaConfig>) {
    registerCompressionCodecs();
  }

  /** Takes a reference on the cluster's client; call release() when the task stops. */
  async acquire(clusterId: string): Promise<Kafka> {
    let e = this.entries.get(clusterId);
    if (!e) {
      const config = await this.configFor(clusterId);
      e = this.entries.get(clusterId);
      if (!e) {
        e = {
          kafka: new Kafka({
            ...config,
            logLevel: logLevel.NOTHING,
            retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
            connectionTimeout: 3000,
          }),
          producer: null,
          producerReady: null,
          refs: 0,
        };
        this.entries.set(clusterId, e);
      }
    }
    e.refs++;
    return e.kafka;
  }

  /** The shared, connected, idempotence-free producer of a cluster (acquire() first). */
  async producer(clusterId: string): Promise<Producer> {
    const e = this.entries.get(clusterId);
    if (!e) throw new Error(`no Kafka client acquired for ${clusterId}`);
    if (!e.producerReady) {
      const p = e.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
      e.producerReady = p.connect().then(() => {
        e.producer = p;
        return p;
      });
      e.producerReady.catch(() => {
        e.producerReady = null;
      });
    }
    return e.producerReady;
  }

  async release(clusterId: string): Promise<void> {
    const e = this.entries.get(clusterId);
    if (!e) return;
    e.refs--;
    if (e.refs > 0) return;
    this.entries.delete(clusterId);
    if (e.producer) await e.producer.disconnect().catch(() => undefined);
  }

  get clients(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.producer?.disconnect().catch(() => undefined)));
  }
}
