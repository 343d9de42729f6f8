// POST …/connectors/preview (connectplane extension): a connector config's converters and
// transformation chain run on sample records given inline; before/after per record with the
// error (stage, class, message). Creates nothing, produces nothing, registers no schema.
import { Inject, Injectable } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { ConfigException } from '@libs/connect-spi';
import { previewTransforms, type PreviewInputRecord } from '@libs/connect-runtime';
import { EnvironmentRepository, type KafkaCluster, type OrgScope } from '@libs/db';
import { embeddedBrokerTarget, fetchRecords, platformKafkaConfig } from '@libs/kafka-clients';
import {
  InProcessSchemaRegistryClient,
  ReadOnlySchemaRegistryClient,
  RegisterSchemaUsecases,
  SchemaReadUsecases,
} from '@libs/schema-registry';
import { SecretBox } from '@libs/secrets';
import { unknownConnectorClass } from '../unknown-plugin';
import { ConnectScope } from './connect-scope';

export const PREVIEW_MAX_RECORDS = 100;

const stripConnector = (s: string) => (s.endsWith('Connector') ? s.slice(0, -'Connector'.length) : s);

@Injectable()
export class PreviewTransforms {
  constructor(
    private readonly scope: ConnectScope,
    private readonly secrets: SecretBox,
    private readonly environments: EnvironmentRepository,
    private readonly schemaReads: SchemaReadUsecases,
    private readonly schemaRegistration: RegisterSchemaUsecases,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The caller's environment's Schema Registry, read-only: schemas are looked up (by id, subject,
   * version) but never registered; a schema a converter would register gets an id in memory only.
   */
  private async readOnlyRegistry(
    scope: OrgScope,
    cluster: KafkaCluster,
  ): Promise<ReadOnlySchemaRegistryClient | undefined> {
    const env = await this.environments.get(scope, cluster.environmentId);
    if (!env?.schemaRegistryId) return undefined;
    return new ReadOnlySchemaRegistryClient(
      new InProcessSchemaRegistryClient(
        { reads: this.schemaReads, register: this.schemaRegistration },
        { scope, id: env.schemaRegistryId },
      ),
    );
  }

  /** The first `limit` records of a topic (partition by partition), read without a consumer group. */
  private async readTopic(cluster: KafkaCluster, topic: string, limit: number): Promise<PreviewInputRecord[]> {
    if (cluster.backend !== 'EMBEDDED')
      throw ApiError.badRequest(
        'Previewing records read from "topic" is supported on embedded clusters only; pass "records" inline',
      );
    const embedded = { host: this.config.BROKER_HOST, port: this.config.BROKER_PORT };
    const kafka = new Kafka({
      ...platformKafkaConfig(
        cluster,
        { secrets: this.secrets, pepper: this.config.apiKeyPepper, embedded },
        'connectplane-preview',
      ),
      connectionTimeout: 3000,
      retry: { retries: 1, initialRetryTime: 100 },
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    let partitions: { partition: number; low: number; high: number }[];
    try {
      await admin.connect();
      if (!(await admin.listTopics()).includes(topic)) throw ApiError.badRequest(`Topic ${topic} does not exist`);
      partitions = (await admin.fetchTopicOffsets(topic))
        .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
        .sort((a, b) => a.partition - b.partition);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    const out: PreviewInputRecord[] = [];
    const target = embeddedBrokerTarget(cluster.id, { pepper: this.config.apiKeyPepper, embedded });
    for (const p of partitions) {
      if (out.length >= limit || p.high <= p.low) continue;
      const recs = await fetchRecords(target, topic, p.partition, p.low, limit - out.length);
      for (const r of recs) {
        const text = (b: Buffer | null) =>
          b === null
            ? null
            : Buffer.from(b.toString('utf8'), 'utf8').equals(b)
              ? b.toString('utf8')
              : { base64: b.toString('base64') };
        out.push({
          topic,
          partition: p.partition,
          offset: r.offset,
          key: text(r.key),
          value: text(r.value),
          headers: Object.fromEntries(
            r.headers.map((h) => [h.key, h.value === null ? null : h.value.toString('utf8')]),
          ),
          keyBytes: r.key,
          valueBytes: r.value,
        });
      }
    }
    return out;
  }

  async execute(p: Principal, env: string, lkc: string, body: unknown) {
    const cluster = await this.scope.cluster(p, env, lkc);
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw ApiError.badRequest('The request body must be a JSON object');
    const b = body as { config?: unknown; records?: unknown; topic?: unknown; limit?: unknown };
    if (!b.config || typeof b.config !== 'object' || Array.isArray(b.config))
      throw ApiError.badRequest('"config" must be a JSON object of connector configs');
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(b.config as Record<string, unknown>)) {
      if (v === null || v === undefined) continue;
      // As on create: scalars become strings; an object or array is not a connector config value.
      if (typeof v === 'object') throw ApiError.badRequest(`The value of connector config "${k}" must be a string`);
      config[k] = typeof v === 'string' ? v : String(v);
    }
    const cls = config['connector.class'];
    if (!cls) throw ApiError.badRequest('Connector config contains no connector type');
    const plugin = this.scope.registry.find(cls.trim()) ?? this.scope.registry.find(stripConnector(cls.trim()));
    if (!plugin) throw unknownConnectorClass(this.scope.registry, cls.trim());
    const limit = b.limit === undefined ? (b.records === undefined ? 10 : PREVIEW_MAX_RECORDS) : Number(b.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > PREVIEW_MAX_RECORDS)
      throw ApiError.badRequest(`"limit" must be an integer between 1 and ${PREVIEW_MAX_RECORDS}`);
    if (b.records === undefined && typeof b.topic === 'string' && b.topic !== '') {
      // the first records of a topic, read without a consumer group (sinks: the bytes they would consume)
      if (plugin.type !== 'sink')
        throw ApiError.badRequest(
          'Records read from "topic" can be previewed with a sink connector config only; pass "records" inline for a source',
        );
      const fromTopic = await this.readTopic(cluster, b.topic, limit);
      return this.run(p.scope, cluster, plugin, config, fromTopic, b.topic);
    }
    if (!Array.isArray(b.records) || b.records.length === 0)
      throw ApiError.badRequest('"records" (a non-empty array) or "topic" is required');
    const records: PreviewInputRecord[] = [];
    for (const [i, r] of (b.records as unknown[]).slice(0, limit).entries()) {
      if (!r || typeof r !== 'object' || Array.isArray(r) || !('value' in r))
        throw ApiError.badRequest(`records[${i}] must be an object with a "value"`);
      const rec = r as PreviewInputRecord;
      if (
        rec.headers !== undefined &&
        (typeof rec.headers !== 'object' || rec.headers === null || Array.isArray(rec.headers))
      )
        throw ApiError.badRequest(`records[${i}].headers must be an object of strings`);
      if (rec.partition !== undefined && !Number.isInteger(rec.partition))
        throw ApiError.badRequest(`records[${i}].partition must be an integer`);
      if (rec.offset !== undefined && !Number.isInteger(rec.offset))
        throw ApiError.badRequest(`records[${i}].offset must be an integer`);
      const { keyBytes: _k, valueBytes: _v, ...clean } = rec;
      records.push(clean);
    }
    const defaultTopic =
      typeof b.topic === 'string' && b.topic
        ? b.topic
        : plugin.type === 'sink'
          ? (config.topics ?? '').split(',')[0]?.trim() || 'preview'
          : config['kafka.topic'] || config.topic || 'preview';
    return this.run(p.scope, cluster, plugin, config, records, defaultTopic);
  }

  private async run(
    scope: OrgScope,
    cluster: KafkaCluster,
    plugin: { type: 'source' | 'sink'; className: string },
    config: Record<string, string>,
    records: PreviewInputRecord[],
    defaultTopic: string,
  ) {
    const managed = config['input.data.format'] !== undefined || config['output.data.format'] !== undefined;
    const client = managed ? await this.readOnlyRegistry(scope, cluster) : undefined;
    try {
      const results = await previewTransforms(plugin.type, config, records, defaultTopic, client ? { client } : {});
      return { connector_class: plugin.className, type: plugin.type, records: results };
    } catch (e) {
      if (e instanceof ConfigException) throw ApiError.badRequest(e.message);
      if (e instanceof Error && /^Unknown data format/.test(e.message)) throw ApiError.badRequest(e.message);
      throw e;
    }
  }
}
