import { Injectable } from '@nestjs/common';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import type { Principal } from '@libs/auth';
import type { KafkaCluster } from '@libs/db';
import { kafkaCall, kafkaRest } from '../kafka-errors';
import type { PartitionView, TopicView } from '../kafka-rest.presenter';
import { ClusterAccess } from './cluster-access';

export interface CreateTopicInput {
  topicName: string;
  partitionsCount?: number;
  replicationFactor?: number;
  configs: Array<{ name: string; value: string | null }>;
  validateOnly: boolean;
}

/** What a cluster API key may do on a topic (it holds the whole cluster, like CloudClusterAdmin). */
export const TOPIC_OPERATIONS = [
  'READ',
  'WRITE',
  'CREATE',
  'DELETE',
  'ALTER',
  'DESCRIBE',
  'DESCRIBE_CONFIGS',
  'ALTER_CONFIGS',
];

const isInternal = (name: string) => name.startsWith('__') || name.startsWith('_confluent');

interface RawPartition {
  partitionId: number;
  leader: number;
  replicas: number[];
}

function topicView(cluster: KafkaCluster, name: string, partitions: RawPartition[]): TopicView {
  const replicas = partitions[0]?.replicas.length ?? 0;
  return {
    name,
    isInternal: isInternal(name),
    partitionsCount: partitions.length,
    // One node serves an embedded cluster: every topic has exactly one replica whatever was asked.
    replicationFactor: cluster.backend === 'EMBEDDED' ? 1 : replicas,
  };
}

/** Metadata of one topic; 404 40403 when the cluster does not have it. */
export async function describeTopic(admin: Admin, name: string): Promise<RawPartition[]> {
  const md = await kafkaCall(() => admin.fetchTopicMetadata({ topics: [name] }), { topic: name });
  const t = md.topics.find((x) => x.name === name);
  if (!t || t.partitions.length === 0) throw kafkaRest.unknownTopic();
  return t.partitions
    .map((p) => ({ partitionId: p.partitionId, leader: p.leader, replicas: p.replicas }))
    .sort((a, b) => a.partitionId - b.partitionId);
}

/** The cluster's num.partitions and default.replication.factor (from the controller's broker configs). */
async function brokerDefaults(admin: Admin): Promise<{ partitions: number; replicationFactor: number }> {
  const d = await kafkaCall(() => admin.describeCluster());
  const node = String(d.controller ?? d.brokers[0]?.nodeId ?? 0);
  const res = await kafkaCall(() =>
    admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.BROKER, name: node, configNames: ['num.partitions', 'default.replication.factor'] },
      ],
    }),
  );
  const entries = res.resources[0]?.configEntries ?? [];
  const num = (name: string, def: number) => {
    const v = Number(entries.find((e) => e.configName === name)?.configValue);
    return Number.isInteger(v) && v > 0 ? v : def;
  };
  return {
    partitions: num('num.partitions', 1),
    replicationFactor: Math.min(num('default.replication.factor', 1), d.brokers.length || 1),
  };
}

@Injectable()
export class ListTopics {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string): Promise<TopicView[]> {
    const { cluster, admin } = await this.access.admin(p, clusterId);
    const names = await kafkaCall(() => admin.listTopics());
    if (names.length === 0) return [];
    const md = await kafkaCall(() => admin.fetchTopicMetadata({ topics: names }));
    return md.topics
      .map((t) =>
        topicView(
          cluster,
          t.name,
          t.partitions.map((x) => ({ partitionId: x.partitionId, leader: x.leader, replicas: x.replicas })),
        ),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

@Injectable()
export class GetTopic {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, topic: string): Promise<TopicView> {
    const { cluster, admin } = await this.access.admin(p, clusterId);
    return topicView(cluster, topic, await describeTopic(admin, topic));
  }
}

@Injectable()
export class CreateTopic {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, input: CreateTopicInput): Promise<TopicView> {
    const { cluster, admin } = await this.access.admin(p, clusterId);
    const rf = input.replicationFactor;
    if (rf !== undefined && !(rf === -1 || rf >= 1))
      throw kafkaRest.badRequest('Replication factor must be larger than 0, or -1 to use the default value.');
    if (cluster.backend === 'EMBEDDED' && rf !== undefined && ![-1, 1, 3].includes(rf)) {
      throw kafkaRest.badRequest(
        `Replication factor ${rf} is not allowed; use 3 (Confluent Cloud's value, stored as 1 on this single-node cluster), 1 or omit it.`,
      );
    }
    if (input.partitionsCount !== undefined && input.partitionsCount < 1)
      throw kafkaRest.badRequest('Number of partitions must be larger than 0.');
    const configEntries = input.configs
      .filter((c) => c.value !== null)
      .map((c) => ({ name: c.name, value: c.value as string }));
    let numPartitions = input.partitionsCount ?? -1;
    let replicationFactor = rf ?? -1;
    if (cluster.backend === 'EXTERNAL' && (numPartitions === -1 || replicationFactor === -1)) {
      // kafkajs speaks CreateTopics v3 at most, where -1 ("broker default") is not valid on Apache Kafka.
      const defaults = await brokerDefaults(admin);
      if (numPartitions === -1) numPartitions = defaults.partitions;
      if (replicationFactor === -1) replicationFactor = defaults.replicationFactor;
    }
    const created = await kafkaCall(
      () =>
        admin.createTopics({
          validateOnly: input.validateOnly,
          waitForLeaders: !input.validateOnly,
          topics: [{ topic: input.topicName, numPartitions, replicationFactor, configEntries }],
        }),
      { topic: input.topicName },
    );
    if (!created) throw kafkaRest.badRequest(`Topic '${input.topicName}' already exists.`);
    if (input.validateOnly) {
      return {
        name: input.topicName,
        isInternal: false,
        partitionsCount: input.partitionsCount ?? 0,
        replicationFactor: cluster.backend === 'EMBEDDED' ? 1 : (rf ?? 0),
      };
    }
    return topicView(cluster, input.topicName, await describeTopic(admin, input.topicName));
  }
}

@Injectable()
export class UpdatePartitionCount {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, topic: string, count: number): Promise<TopicView> {
    const { cluster, admin } = await this.access.admin(p, clusterId);
    const current = await describeTopic(admin, topic);
    if (count < current.length) {
      throw kafkaRest.badRequest(
        `Topic currently has ${current.length} partitions, which is higher than the requested ${count}.`,
      );
    }
    if (count > current.length) {
      await kafkaCall(() => admin.createPartitions({ topicPartitions: [{ topic, count }] }), { topic });
    }
    return topicView(cluster, topic, count > current.length ? await describeTopic(admin, topic) : current);
  }
}

@Injectable()
export class DeleteTopic {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, topic: string): Promise<void> {
    const { admin } = await this.access.admin(p, clusterId);
    await describeTopic(admin, topic);
    await kafkaCall(() => admin.deleteTopics({ topics: [topic] }), { topic });
  }
}

@Injectable()
export class ListPartitions {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, topic: string): Promise<PartitionView[]> {
    const { admin } = await this.access.admin(p, clusterId);
    return (await describeTopic(admin, topic)).map((x) => ({
      partitionId: x.partitionId,
      leader: x.leader >= 0 ? x.leader : null,
    }));
  }
}

@Injectable()
export class GetPartition {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, topic: string, partitionId: number): Promise<PartitionView> {
    const { admin } = await this.access.admin(p, clusterId);
    const found = (await describeTopic(admin, topic)).find((x) => x.partitionId === partitionId);
    if (!found) throw kafkaRest.unknownTopic();
    return { partitionId: found.partitionId, leader: found.leader >= 0 ? found.leader : null };
  }
}
