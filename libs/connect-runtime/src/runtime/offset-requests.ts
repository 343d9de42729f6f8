// Confluent's `POST …/offsets/request` applied by the reconciler once the connector's tasks are
// stopped: a source's SourceOffset rows through the tenant's ConnectorRepository, a sink's
// consumer group connect-<id> through the Kafka admin API; the outcome is recorded on the request
// and the connector's previous target state restored.
import type { ConnectorRepository, ConnectorRuntimeRepository, OffsetEntry, RuntimeConnectorRow } from '@libs/db';
import type { KafkaClientPool } from './kafka-pool';
import type { RuntimeLog } from './runtime-log';

export interface OffsetRequest {
  id: string;
  type: 'PATCH' | 'DELETE';
  offsets: unknown;
  previousState: 'RUNNING' | 'PAUSED' | 'STOPPED';
}

export class OffsetRequests {
  constructor(
    private readonly deps: {
      repo: ConnectorRuntimeRepository;
      connectors: ConnectorRepository;
      pool: KafkaClientPool;
      log: RuntimeLog;
    },
  ) {}

  async apply(c: RuntimeConnectorRow, r: OffsetRequest): Promise<void> {
    const connectors = this.deps.connectors;
    const entries = (Array.isArray(r.offsets) ? r.offsets : null) as OffsetEntry[] | null;
    let outcome: { status: 'APPLIED' | 'FAILED'; previousOffsets?: OffsetEntry[]; error?: string };
    try {
      if (c.type === 'SOURCE') {
        const previous = await connectors.alterSourceOffsets(c.scope, c.clusterId, c.id, r.type, entries);
        outcome = { status: 'APPLIED', previousOffsets: previous ?? [] };
      } else {
        outcome = { status: 'APPLIED', previousOffsets: await this.alterSinkOffsets(c, r.type, entries) };
      }
    } catch (e) {
      outcome = { status: 'FAILED', error: (e as Error).message };
    }
    await connectors.finishOffsetRequest(c.scope, c.clusterId, c.id, r.id, outcome);
    await this.deps.repo.setTargetState(c.id, r.previousState);
    this.deps.log('info', 'offset request applied', { connector: c.id, request: r.id, status: outcome.status });
  }

  /** Sink offsets live in the consumer group connect-<id> (empty now: the tasks are stopped). */
  private async alterSinkOffsets(
    c: RuntimeConnectorRow,
    type: 'PATCH' | 'DELETE',
    entries: OffsetEntry[] | null,
  ): Promise<OffsetEntry[]> {
    const groupId = `connect-${c.id}`;
    const kafka = await this.deps.pool.acquire(c.clusterId);
    const admin = kafka.admin();
    try {
      await admin.connect();
      const topics = String((c.config as Record<string, unknown>).topics ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const fetched = topics.length ? await admin.fetchOffsets({ groupId, topics }) : [];
      const previous: OffsetEntry[] = fetched.flatMap((t) =>
        t.partitions
          .filter((p) => Number(p.offset) >= 0)
          .map((p) => ({
            partition: { kafka_topic: t.topic, kafka_partition: p.partition },
            offset: { kafka_offset: Number(p.offset) },
          })),
      );
      if (type === 'DELETE') {
        if (previous.length > 0) await admin.deleteGroups([groupId]);
        return previous;
      }
      const byTopic = new Map<string, { partition: number; offset: string }[]>();
      for (const e of entries ?? []) {
        const topic = String(e.partition.kafka_topic);
        if (e.offset === null)
          throw new Error('removing a single sink partition offset is not supported; use DELETE to reset all');
        const list = byTopic.get(topic) ?? [];
        list.push({ partition: Number(e.partition.kafka_partition), offset: String(e.offset.kafka_offset) });
        byTopic.set(topic, list);
      }
      for (const [topic, partitions] of byTopic) await admin.setOffsets({ groupId, topic, partitions });
      return previous;
    } finally {
      await admin.disconnect().catch(() => undefined);
      await this.deps.pool.release(c.clusterId);
    }
  }
}
