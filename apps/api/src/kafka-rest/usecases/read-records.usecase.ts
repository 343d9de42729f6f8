import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { embeddedBrokerTarget, fetchRecords } from '@libs/kafka-clients';
import type { KafkaRecord } from '@libs/kafka-protocol';
import { kafkaCall, kafkaRest } from '../kafka-errors';
import { ClusterAccess } from './cluster-access';

/** Where each partition starts: a continuation (`positions`), a timestamp, an offset, or the tail. */
export interface ReadRecordsQuery {
  maxRecords: number;
  partition?: number;
  offset?: number;
  timestamp?: number;
  positions: Map<number, number>;
}

export interface ReadPartition {
  partition_id: number;
  log_start_offset: number;
  high_watermark: number;
  next_offset: number;
}

export interface ReadRecord {
  partition_id: number;
  offset: number;
  timestamp: string;
  key: string | null;
  value: string | null;
  headers: Array<{ name: string; value: string | null }>;
}

const b64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));

function present(partition: number, r: KafkaRecord): ReadRecord {
  return {
    partition_id: partition,
    offset: r.offset,
    timestamp: new Date(r.timestamp).toISOString(),
    key: b64(r.key),
    value: b64(r.value),
    headers: r.headers.map((h) => ({ name: h.key, value: b64(h.value) })),
  };
}

/**
 * GET …/topics/{t}/records (connectplane extension, for the web console): records of a topic read
 * without a consumer group (the group-less raw Fetch the transform preview uses), per partition
 * from a given position, so a viewer can tail a topic by passing back each partition's next_offset.
 */
@Injectable()
export class ReadRecords {
  constructor(
    private readonly access: ClusterAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(p: Principal, clusterId: string, topic: string, q: ReadRecordsQuery) {
    const { cluster, admin } = await this.access.admin(p, clusterId);
    if (!this.access.isEmbedded(cluster))
      throw kafkaRest.badRequest('Reading records is supported on embedded clusters only');
    const offsets = await kafkaCall(() => admin.fetchTopicOffsets(topic), { topic });
    const selected = offsets
      .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
      .filter((o) => q.partition === undefined || o.partition === q.partition)
      .sort((a, b) => a.partition - b.partition);
    if (selected.length === 0) throw kafkaRest.unknownTopic();
    const byTime =
      q.timestamp !== undefined
        ? new Map(
            (await kafkaCall(() => admin.fetchTopicOffsetsByTimestamp(topic, q.timestamp), { topic })).map((o) => [
              o.partition,
              Number(o.offset),
            ]),
          )
        : undefined;
    const target = embeddedBrokerTarget(cluster.id, {
      pepper: this.config.apiKeyPepper,
      embedded: { host: this.config.BROKER_HOST, port: this.config.BROKER_PORT },
    });
    const partitions: ReadPartition[] = [];
    const data: ReadRecord[] = [];
    await Promise.all(
      selected.map(async (o) => {
        const wanted =
          q.positions.get(o.partition) ??
          byTime?.get(o.partition) ??
          q.offset ??
          Math.max(o.low, o.high - q.maxRecords);
        const start = Math.min(Math.max(wanted, o.low), o.high);
        const recs = start < o.high ? await fetchRecords(target, topic, o.partition, start, q.maxRecords) : [];
        const next = recs.length > 0 ? recs[recs.length - 1].offset + 1 : start;
        partitions.push({
          partition_id: o.partition,
          log_start_offset: o.low,
          high_watermark: o.high,
          next_offset: next,
        });
        for (const r of recs) data.push(present(o.partition, r));
      }),
    );
    partitions.sort((a, b) => a.partition_id - b.partition_id);
    data.sort(
      (a, b) => a.timestamp.localeCompare(b.timestamp) || a.partition_id - b.partition_id || a.offset - b.offset,
    );
    return { kind: 'KafkaRecordList', cluster_id: cluster.id, topic_name: topic, partitions, data };
  }
}
