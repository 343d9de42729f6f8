import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { ApiError } from '@libs/api-common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import type { KafkaCluster, OffsetEntry } from '@libs/db';
import { platformKafkaConfig } from '@libs/kafka-clients';
import { SecretBox } from '@libs/secrets';

/** The consumer group a sink connector's tasks share (Kafka Connect: connect-<name>; here the lcc id). */
export const sinkGroupId = (connectorId: string): string => `connect-${connectorId}`;

/**
 * A sink connector's committed group offsets on its cluster, read and changed as the platform while
 * the connector has no running task (otherwise the runtime applies ConnectorOffsetRequests).
 */
@Injectable()
export class SinkGroupOffsets {
  private readonly logger = new Logger('SinkGroupOffsets');

  constructor(
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async withAdmin<T>(cluster: KafkaCluster, fn: (admin: Admin) => Promise<T>): Promise<T> {
    const base = platformKafkaConfig(
      cluster,
      {
        secrets: this.secrets,
        pepper: this.config.apiKeyPepper,
        embedded: { host: this.config.BROKER_HOST, port: this.config.BROKER_PORT },
      },
      `connectplane-connect-api-${cluster.id}`,
    );
    const kafka = new Kafka({
      ...base,
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { retries: 1, initialRetryTime: 100 },
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      return await fn(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async topicsOf(admin: Admin, config: Record<string, string>): Promise<string[]> {
    let topics = (config.topics ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    const existing = await admin.listTopics();
    const regex = (config['topics.regex'] ?? '').trim();
    if (topics.length === 0 && regex !== '') {
      const re = new RegExp(`^(?:${regex})$`);
      topics = existing.filter((t) => re.test(t));
    }
    const known = new Set(existing);
    return topics.filter((t) => known.has(t));
  }

  private async readWith(admin: Admin, connectorId: string, config: Record<string, string>): Promise<OffsetEntry[]> {
    const topics = await this.topicsOf(admin, config);
    if (topics.length === 0) return [];
    const res = await admin.fetchOffsets({ groupId: sinkGroupId(connectorId), topics });
    const out: OffsetEntry[] = [];
    for (const t of res) {
      for (const p of [...t.partitions].sort((a, b) => a.partition - b.partition)) {
        const offset = Number(p.offset);
        if (offset >= 0)
          out.push({
            partition: { kafka_topic: t.topic, kafka_partition: p.partition },
            offset: { kafka_offset: offset },
          });
      }
    }
    return out;
  }

  private failure(e: unknown, cluster: KafkaCluster, connectorId: string, what: string): ApiError {
    this.logger.warn({ err: e, cluster: cluster.id, connector: connectorId }, `sink offsets could not be ${what}`);
    return new ApiError(500, 'internal_error', 'Oops, something went wrong');
  }

  async read(cluster: KafkaCluster, connectorId: string, config: Record<string, string>): Promise<OffsetEntry[]> {
    try {
      return await this.withAdmin(cluster, (admin) => this.readWith(admin, connectorId, config));
    } catch (e) {
      throw this.failure(e, cluster, connectorId, 'read');
    }
  }

  /**
   * Alters (PATCH: each entry sets a partition; a null offset resets it to the earliest offset) or
   * resets (DELETE: the listed partitions to the earliest, or the whole group deleted) the group's
   * offsets. The group must have no members (the connector is stopped). Returns the offsets before.
   */
  async alter(
    cluster: KafkaCluster,
    connectorId: string,
    config: Record<string, string>,
    type: 'PATCH' | 'DELETE',
    entries: OffsetEntry[] | null,
  ): Promise<OffsetEntry[]> {
    const groupId = sinkGroupId(connectorId);
    return this.withAdmin(cluster, async (admin) => {
      const previous = await this.readWith(admin, connectorId, config);
      if (type === 'DELETE' && (!entries || entries.length === 0)) {
        try {
          await admin.deleteGroups([groupId]);
        } catch (e) {
          const groups = (e as { groups?: { error?: { type?: string } }[] }).groups ?? [];
          if (!groups.every((g) => g.error?.type === 'GROUP_ID_NOT_FOUND')) throw e;
        }
        return previous;
      }
      const byTopic = new Map<string, { partition: number; offset: number | null }[]>();
      for (const e of entries ?? []) {
        const topic = String(e.partition.kafka_topic);
        const offset = type === 'DELETE' || e.offset === null ? null : Number(e.offset.kafka_offset);
        (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push({
          partition: Number(e.partition.kafka_partition),
          offset,
        });
      }
      for (const [topic, parts] of byTopic) {
        const low = parts.some((p) => p.offset === null)
          ? new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.low]))
          : new Map<number, string>();
        await admin.setOffsets({
          groupId,
          topic,
          partitions: parts.map((p) => ({
            partition: p.partition,
            offset: p.offset === null ? (low.get(p.partition) ?? '0') : String(p.offset),
          })),
        });
      }
      return previous;
    });
  }
}
