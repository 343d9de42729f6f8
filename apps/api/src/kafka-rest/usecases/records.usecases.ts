import { Injectable } from '@nestjs/common';
import { Partitioners, type Message, type PartitionMetadata, type Producer } from 'kafkajs';
import type { Principal } from '@libs/auth';
import type { KafkaCluster } from '@libs/db';
import { KafkaClientCache } from '../kafka-client-cache.service';
import { toKafkaRestError, UNKNOWN_TOPIC_MESSAGE } from '../kafka-errors';
import { RecordError, type ParsedRecord, type ProduceResult } from '../records/produce-record';
import { ClusterAccess } from './cluster-access';
import { describeTopic } from './topics.usecases';

/** One produce request's target: a topic checked to exist, its partitions and the cluster's producer. */
export class ProduceSession {
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly partitionMetadata: PartitionMetadata[];

  constructor(
    readonly cluster: KafkaCluster,
    readonly topic: string,
    partitions: Array<{ partitionId: number; leader: number; replicas: number[] }>,
    private readonly producer: () => Promise<Producer>,
  ) {
    this.partitionMetadata = partitions.map((p) => ({
      partitionErrorCode: 0,
      partitionId: p.partitionId,
      leader: p.leader,
      replicas: p.replicas,
      isr: p.replicas,
    }));
  }

  /**
   * Sends the records in one kafkajs request (one batch per partition) and answers one delivery
   * report per entry, in order. Entries that are already errors (parse failures) pass through.
   */
  async produce(entries: Array<ParsedRecord | RecordError>): Promise<ProduceResult[]> {
    const results: ProduceResult[] = new Array(entries.length);
    const messages: Message[] = [];
    const slots: Array<{ index: number; partition: number; nth: number }> = [];
    const perPartition = new Map<number, number>();
    entries.forEach((e, index) => {
      if (e instanceof RecordError) {
        results[index] = { error_code: e.errorCode, message: e.message };
        return;
      }
      const message: Message = {
        key: e.key?.bytes ?? null,
        value: e.value?.bytes ?? null,
        headers: e.headers,
        timestamp: String(e.timestamp),
      };
      let partition = e.partition;
      if (partition === undefined) {
        partition = this.partitioner({ topic: this.topic, partitionMetadata: this.partitionMetadata, message });
      } else if (!this.partitionMetadata.some((p) => p.partitionId === partition)) {
        results[index] = { error_code: 40403, message: UNKNOWN_TOPIC_MESSAGE };
        return;
      }
      message.partition = partition;
      const nth = perPartition.get(partition) ?? 0;
      perPartition.set(partition, nth + 1);
      messages.push(message);
      slots.push({ index, partition, nth });
    });
    if (messages.length === 0) return results;
    try {
      const producer = await this.producer();
      const meta = await producer.send({ topic: this.topic, messages, acks: -1, timeout: 30_000 });
      const base = new Map(meta.map((m) => [m.partition, Number(m.baseOffset)]));
      for (const s of slots) {
        const e = entries[s.index] as ParsedRecord;
        results[s.index] = {
          error_code: 200,
          cluster_id: this.cluster.id,
          topic_name: this.topic,
          partition_id: s.partition,
          offset: (base.get(s.partition) ?? 0) + s.nth,
          timestamp: new Date(e.timestamp).toISOString(),
          key: e.key ? { type: e.key.type, size: e.key.bytes.length } : null,
          value: e.value ? { type: e.value.type, size: e.value.bytes.length } : null,
        };
      }
    } catch (err) {
      const api = toKafkaRestError(err, { topic: this.topic });
      for (const s of slots)
        results[s.index] = { error_code: api.options.errorCode ?? api.status, message: api.detail };
    }
    return results;
  }
}

@Injectable()
export class ProduceRecords {
  constructor(
    private readonly access: ClusterAccess,
    private readonly clients: KafkaClientCache,
  ) {}

  /** 404 (cluster) / 404 40403 (topic) before any record is read. */
  async open(p: Principal, clusterId: string, topic: string): Promise<ProduceSession> {
    const { cluster, admin } = await this.access.admin(p, clusterId);
    const partitions = await describeTopic(admin, topic);
    return new ProduceSession(cluster, topic, partitions, () =>
      this.access.producer(cluster).catch(async (err) => {
        await this.clients.reset(cluster.id);
        throw err;
      }),
    );
  }
}
