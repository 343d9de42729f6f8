import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import type { KafkaCluster } from '@libs/db';
import { platformKafkaConfig } from '@libs/kafka-clients';
import { CLUSTER_DELETED_CHANNEL, RedisService } from '@libs/redis';
import { SecretBox } from '@libs/secrets';

export const KAFKA_CLIENT_IDLE_MS = 5 * 60_000;

interface Entry {
  kafka: Kafka;
  admin?: Promise<Admin>;
  producer?: Promise<Producer>;
  lastUsed: number;
}

/**
 * One kafkajs admin + producer per cluster (embedded: platform/<lkc>; external: the stored
 * credentials), created on first use, closed after KAFKA_CLIENT_IDLE_MS without use and when the cluster is deleted.
 */
@Injectable()
export class KafkaClientCache implements OnModuleInit, OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly secrets: SecretBox,
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.sweeper = setInterval(() => void this.sweep(), 30_000);
    this.sweeper.unref();
    await this.redis.subscribe(CLUSTER_DELETED_CHANNEL, (clusterId) => void this.evict(clusterId));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all([...this.entries.keys()].map((id) => this.evict(id)));
  }

  private entry(cluster: KafkaCluster): Entry {
    let e = this.entries.get(cluster.id);
    if (!e) {
      const base = platformKafkaConfig(
        cluster,
        {
          secrets: this.secrets,
          pepper: this.config.apiKeyPepper,
          embedded: { host: this.config.BROKER_HOST, port: this.config.BROKER_PORT },
        },
        `connectplane-kafka-rest-${cluster.id}`,
      );
      e = {
        kafka: new Kafka({
          ...base,
          connectionTimeout: 5000,
          requestTimeout: 15_000,
          retry: { retries: 2, initialRetryTime: 100 },
          logLevel: logLevel.NOTHING,
        }),
        lastUsed: Date.now(),
      };
      this.entries.set(cluster.id, e);
    }
    e.lastUsed = Date.now();
    return e;
  }

  admin(cluster: KafkaCluster): Promise<Admin> {
    const e = this.entry(cluster);
    if (!e.admin) {
      const admin = e.kafka.admin();
      e.admin = admin.connect().then(() => admin);
      e.admin.catch(() => {
        if (this.entries.get(cluster.id) === e) e.admin = undefined;
      });
    }
    return e.admin;
  }

  producer(cluster: KafkaCluster): Promise<Producer> {
    const e = this.entry(cluster);
    if (!e.producer) {
      const producer = e.kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      e.producer = producer.connect().then(() => producer);
      e.producer.catch(() => {
        if (this.entries.get(cluster.id) === e) e.producer = undefined;
      });
    }
    return e.producer;
  }

  /** Drops a broken client so the next call reconnects. */
  async reset(clusterId: string): Promise<void> {
    await this.evict(clusterId);
  }

  async evict(clusterId: string): Promise<void> {
    const e = this.entries.get(clusterId);
    if (!e) return;
    this.entries.delete(clusterId);
    const close = async (p?: Promise<Admin | Producer>) => {
      if (!p) return;
      try {
        await (await p).disconnect();
      } catch {
        /* never connected */
      }
    };
    await Promise.all([close(e.admin), close(e.producer)]);
  }

  /** Closes the clients of clusters unused since `now - KAFKA_CLIENT_IDLE_MS` (runs every 30 s). */
  async sweep(now = Date.now()): Promise<void> {
    const idle = [...this.entries].filter(([, e]) => now - e.lastUsed > KAFKA_CLIENT_IDLE_MS).map(([id]) => id);
    await Promise.all(idle.map((id) => this.evict(id)));
  }

  /** For tests/diagnostics. */
  get size(): number {
    return this.entries.size;
  }
}
