// Kafka clients shared by every task of a worker that reaches the same cluster with the same
// credential (a connector's API key, or the platform identity of the cluster): one kafkajs client
// and one producer per (cluster, credential), reference-counted; consumers are per sink task
// (their group is the connector's).
// A single-broker cluster (the embedded broker) gets our own producer, which encodes a batch with
// one allocation instead of kafkajs's several per record; other clusters get kafkajs's.
import { Kafka, logLevel, Partitioners, type KafkaConfig } from 'kafkajs';
import { SingleBrokerProducer, type BrokerTarget, type RecordProducer } from '@libs/kafka-clients';
import { registerCompressionCodecs } from './codecs';
import { credentialPoolKey, type KafkaCredential } from './kafka-credential';

export interface PooledClusterConfig {
  kafka: KafkaConfig;
  /** Set when one broker serves every partition (the embedded broker): the producer talks to it directly. */
  singleBroker: BrokerTarget | null;
}

interface Entry {
  kafka: Kafka;
  config: PooledClusterConfig;
  producer: (RecordProducer & { disconnect(): Promise<void> }) | null;
  producerReady: Promise<RecordProducer> | null;
  refs: number;
}

const RETRY = { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 };

export class KafkaClientPool {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly configFor: (clusterId: string, credential: KafkaCredential | null) => Promise<PooledClusterConfig>,
  ) {
    registerCompressionCodecs();
  }

  /**
   * Takes a reference on the client of (cluster, credential), null: the platform identity; call
   * release() with the same arguments when the task stops.
   */
  async acquire(clusterId: string, credential: KafkaCredential | null = null): Promise<Kafka> {
    const key = credentialPoolKey(clusterId, credential);
    let e = this.entries.get(key);
    if (!e) {
      const config = await this.configFor(clusterId, credential);
      e = this.entries.get(key);
      if (!e) {
        e = {
          kafka: new Kafka({ ...config.kafka, logLevel: logLevel.NOTHING, retry: RETRY, connectionTimeout: 3000 }),
          config,
          producer: null,
          producerReady: null,
          refs: 0,
        };
        this.entries.set(key, e);
      }
    }
    e.refs++;
    return e.kafka;
  }

  /** The shared, connected, idempotence-free producer of (cluster, credential) (acquire() first). */
  async producer(clusterId: string, credential: KafkaCredential | null = null): Promise<RecordProducer> {
    const e = this.entries.get(credentialPoolKey(clusterId, credential));
    if (!e) throw new Error(`no Kafka client acquired for ${clusterId}`);
    if (!e.producerReady) {
      if (e.config.singleBroker) {
        const p = new SingleBrokerProducer(e.config.singleBroker, {
          clientId: e.config.kafka.clientId ?? 'connectplane',
          retries: RETRY.retries,
          initialRetryTimeMs: RETRY.initialRetryTime,
          maxRetryTimeMs: RETRY.maxRetryTime,
        });
        e.producer = p;
        e.producerReady = Promise.resolve(p);
        return p;
      }
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

  async release(clusterId: string, credential: KafkaCredential | null = null): Promise<void> {
    const key = credentialPoolKey(clusterId, credential);
    const e = this.entries.get(key);
    if (!e) return;
    e.refs--;
    if (e.refs > 0) return;
    this.entries.delete(key);
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
