import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { ApiError } from '@libs/api-common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import type { KafkaCluster, OffsetEntry } from '@libs/db';
import { platformKafkaConfig } from '@libs/kafka-clients';
import { SecretBox } from '@libs/secrets';

/** The consumer group a sink connector's tasks share (Kafka Connect: connect-<name>; here the lcc id). */
export const sinkGroupId = (connectorId: string): string => `connect-${connectorId}`;

/**
 * Reads a sink connector's committed group offsets from its cluster (as the platform). Changes to
 * them are left to the runtime, which owns the group (see ConnectorOffsetRequest).
 */
@Injectable()
export class SinkGroupOffsets {
  private readonly logger = new Logger('SinkGroupOffsets');

  constructor(
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async read(cluster: KafkaCluster, connectorId: string, config: Record<string, string>): Promise<OffsetEntry[]> {
    const base = platformKafkaConfig(
      cluster,
      { secrets: this.secrets, pepper: this.config.apiKeyPepper, embedded: { host: this.config.BROKER_HOST, port: this.config.BROKER_PORT } },
      `connectplane-connect-api-${cluster.id}`,
    );
    const kafka = new Kafka({ ...base, connectionTimeout: 3000, requestTimeout: 10_000, retry: { retries: 1, initialRetryTime: 100 }, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    try {
      await admin.connect();
      let topics = (config.topics ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
      const regex = (config['topics.regex'] ?? '').trim();
      if (topics.length === 0 && regex !== '') {
        const re = new RegExp(`^(?:${regex})$`);
        topics = (await admin.listTopics()).filter((t) => re.test(t));
      }
      const existing = new Set(await admin.listTopics());
      topics = topics.filter((t) => existing.has(t));
      if (topics.length === 0) return [];
      const res = await admin.fetchOffsets({ groupId: sinkGroupId(connectorId), topics });
      const out: OffsetEntry[] = [];
      for (const t of res) {
        for (const p of [...t.partitions].sort((a, b) => a.partition - b.partition)) {
          const offset = Number(p.offset);
          if (offset >= 0) out.push({ partition: { kafka_topic: t.topic, kafka_partition: p.partition }, offset: { kafka_offset: offset } });
        }
      }
      return out;
    } catch (e) {
      this.logger.warn({ err: e, cluster: cluster.id, connector: connectorId }, 'sink offsets could not be read');
      throw new ApiError(500, 'internal_error', 'Oops, something went wrong');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
