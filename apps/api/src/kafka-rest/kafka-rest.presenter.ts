import { Injectable } from '@nestjs/common';
import { Urls } from '../common/urls';

/** Kafka REST v3 resource shapes (Confluent's kafkarest-v3.openapi.yaml, in test/fixtures/confluent-openapi). */
export interface TopicView {
  name: string;
  isInternal: boolean;
  partitionsCount: number;
  replicationFactor: number;
}

export type ConfigSourceName =
  | 'DYNAMIC_TOPIC_CONFIG'
  | 'DYNAMIC_BROKER_CONFIG'
  | 'DYNAMIC_DEFAULT_BROKER_CONFIG'
  | 'STATIC_BROKER_CONFIG'
  | 'DEFAULT_CONFIG'
  | 'DYNAMIC_BROKER_LOGGER_CONFIG'
  | 'UNKNOWN';

export interface ConfigView {
  name: string;
  value: string | null;
  isDefault: boolean;
  isReadOnly: boolean;
  isSensitive: boolean;
  source: ConfigSourceName;
  synonyms: Array<{ name: string; value: string | null; source: ConfigSourceName }>;
}

export interface PartitionView {
  partitionId: number;
  leader: number | null;
}

export interface GroupView {
  groupId: string;
  isSimple: boolean;
  partitionAssignor: string;
  state: string;
}

export interface ConsumerView {
  consumerId: string;
  clientId: string;
  instanceId: string | null;
}

export interface LagView {
  topic: string;
  partition: number;
  currentOffset: number;
  logEndOffset: number;
  lag: number;
  consumerId: string;
  clientId: string;
  instanceId: string | null;
}

@Injectable()
export class KafkaRestPresenter {
  constructor(private readonly urls: Urls) {}

  clusterUrl(clusterId: string): string {
    return `${this.urls.kafkaRest()}/kafka/v3/clusters/${clusterId}`;
  }

  private crn(clusterId: string, suffix = ''): string {
    return `crn:///kafka=${clusterId}${suffix}`;
  }

  private rel(related: string) {
    return { related };
  }

  list<T>(kind: string, self: string, data: T[]) {
    return { kind, metadata: { self, next: null }, data };
  }

  cluster(clusterId: string) {
    const base = this.clusterUrl(clusterId);
    return {
      kind: 'KafkaCluster',
      metadata: { self: base, resource_name: this.crn(clusterId) },
      cluster_id: clusterId,
      controller: this.rel(`${base}/brokers/0`),
      acls: this.rel(`${base}/acls`),
      brokers: this.rel(`${base}/brokers`),
      broker_configs: this.rel(`${base}/broker-configs`),
      consumer_groups: this.rel(`${base}/consumer-groups`),
      topics: this.rel(`${base}/topics`),
      partition_reassignments: this.rel(`${base}/topics/-/partitions/-/reassignment`),
    };
  }

  topic(clusterId: string, t: TopicView, authorizedOperations?: string[]) {
    const self = `${this.clusterUrl(clusterId)}/topics/${encodeURIComponent(t.name)}`;
    return {
      kind: 'KafkaTopic',
      metadata: { self, resource_name: this.crn(clusterId, `/topic=${t.name}`) },
      cluster_id: clusterId,
      topic_name: t.name,
      is_internal: t.isInternal,
      replication_factor: t.replicationFactor,
      partitions_count: t.partitionsCount,
      partitions: this.rel(`${self}/partitions`),
      configs: this.rel(`${self}/configs`),
      partition_reassignments: this.rel(`${self}/partitions/-/reassignment`),
      authorized_operations: authorizedOperations ?? [],
    };
  }

  topicList(clusterId: string, topics: TopicView[]) {
    return this.list(
      'KafkaTopicList',
      `${this.clusterUrl(clusterId)}/topics`,
      topics.map((t) => this.topic(clusterId, t)),
    );
  }

  private configBody(clusterId: string, c: ConfigView) {
    return {
      cluster_id: clusterId,
      name: c.name,
      value: c.isSensitive ? null : c.value,
      is_default: c.isDefault,
      is_read_only: c.isReadOnly,
      is_sensitive: c.isSensitive,
      source: c.source,
      synonyms: c.synonyms.map((s) => ({ name: s.name, value: c.isSensitive ? null : s.value, source: s.source })),
    };
  }

  topicConfig(clusterId: string, topic: string, c: ConfigView) {
    const self = `${this.clusterUrl(clusterId)}/topics/${encodeURIComponent(topic)}/configs/${encodeURIComponent(c.name)}`;
    return {
      kind: 'KafkaTopicConfig',
      metadata: { self, resource_name: this.crn(clusterId, `/topic=${topic}/config=${c.name}`) },
      ...this.configBody(clusterId, c),
      topic_name: topic,
    };
  }

  topicConfigList(clusterId: string, topic: string, configs: ConfigView[]) {
    return this.list(
      'KafkaTopicConfigList',
      `${this.clusterUrl(clusterId)}/topics/${encodeURIComponent(topic)}/configs`,
      configs.map((c) => this.topicConfig(clusterId, topic, c)),
    );
  }

  clusterConfig(clusterId: string, c: ConfigView) {
    const self = `${this.clusterUrl(clusterId)}/broker-configs/${encodeURIComponent(c.name)}`;
    return {
      kind: 'KafkaClusterConfig',
      metadata: { self, resource_name: this.crn(clusterId, `/broker-config=${c.name}`) },
      ...this.configBody(clusterId, c),
      config_type: 'BROKER',
    };
  }

  clusterConfigList(clusterId: string, configs: ConfigView[]) {
    return this.list(
      'KafkaClusterConfigList',
      `${this.clusterUrl(clusterId)}/broker-configs`,
      configs.map((c) => this.clusterConfig(clusterId, c)),
    );
  }

  partition(clusterId: string, topic: string, p: PartitionView) {
    const base = this.clusterUrl(clusterId);
    const self = `${base}/topics/${encodeURIComponent(topic)}/partitions/${p.partitionId}`;
    return {
      kind: 'KafkaPartition',
      metadata: { self, resource_name: this.crn(clusterId, `/topic=${topic}/partition=${p.partitionId}`) },
      cluster_id: clusterId,
      topic_name: topic,
      partition_id: p.partitionId,
      ...(p.leader !== null ? { leader: this.rel(`${self}/replicas/${p.leader}`) } : {}),
      replicas: this.rel(`${self}/replicas`),
      reassignment: this.rel(`${self}/reassignment`),
    };
  }

  partitionList(clusterId: string, topic: string, partitions: PartitionView[]) {
    return this.list(
      'KafkaPartitionList',
      `${this.clusterUrl(clusterId)}/topics/${encodeURIComponent(topic)}/partitions`,
      partitions.map((p) => this.partition(clusterId, topic, p)),
    );
  }

  private groupUrl(clusterId: string, groupId: string): string {
    return `${this.clusterUrl(clusterId)}/consumer-groups/${encodeURIComponent(groupId)}`;
  }

  consumerGroup(clusterId: string, g: GroupView) {
    const self = this.groupUrl(clusterId, g.groupId);
    return {
      kind: 'KafkaConsumerGroup',
      metadata: { self, resource_name: this.crn(clusterId, `/consumer-group=${g.groupId}`) },
      cluster_id: clusterId,
      consumer_group_id: g.groupId,
      is_simple: g.isSimple,
      partition_assignor: g.partitionAssignor,
      state: g.state,
      type: 'CLASSIC',
      is_mixed_consumer_group: false,
      coordinator: this.rel(`${this.clusterUrl(clusterId)}/brokers/0`),
      consumers: this.rel(`${self}/consumers`),
      lag_summary: this.rel(`${self}/lag-summary`),
    };
  }

  consumerGroupList(clusterId: string, groups: GroupView[]) {
    return this.list(
      'KafkaConsumerGroupList',
      `${this.clusterUrl(clusterId)}/consumer-groups`,
      groups.map((g) => this.consumerGroup(clusterId, g)),
    );
  }

  consumer(clusterId: string, groupId: string, c: ConsumerView) {
    const self = `${this.groupUrl(clusterId, groupId)}/consumers/${encodeURIComponent(c.consumerId)}`;
    return {
      kind: 'KafkaConsumer',
      metadata: { self, resource_name: this.crn(clusterId, `/consumer-group=${groupId}/consumer=${c.consumerId}`) },
      cluster_id: clusterId,
      consumer_group_id: groupId,
      consumer_id: c.consumerId,
      instance_id: c.instanceId,
      client_id: c.clientId,
      assignments: this.rel(`${self}/assignments`),
    };
  }

  consumerList(clusterId: string, groupId: string, consumers: ConsumerView[]) {
    return this.list(
      'KafkaConsumerList',
      `${this.groupUrl(clusterId, groupId)}/consumers`,
      consumers.map((c) => this.consumer(clusterId, groupId, c)),
    );
  }

  lag(clusterId: string, groupId: string, l: LagView) {
    const self = `${this.groupUrl(clusterId, groupId)}/lags/${encodeURIComponent(l.topic)}/partitions/${l.partition}`;
    return {
      kind: 'KafkaConsumerLag',
      metadata: {
        self,
        resource_name: this.crn(clusterId, `/consumer-group=${groupId}/lag=${l.topic}/partition=${l.partition}`),
      },
      cluster_id: clusterId,
      consumer_group_id: groupId,
      topic_name: l.topic,
      partition_id: l.partition,
      current_offset: l.currentOffset,
      log_end_offset: l.logEndOffset,
      lag: l.lag,
      consumer_id: l.consumerId,
      instance_id: l.instanceId,
      client_id: l.clientId,
    };
  }

  lagList(clusterId: string, groupId: string, lags: LagView[]) {
    return this.list(
      'KafkaConsumerLagList',
      `${this.groupUrl(clusterId, groupId)}/lags`,
      lags.map((l) => this.lag(clusterId, groupId, l)),
    );
  }

  lagSummary(clusterId: string, groupId: string, lags: LagView[]) {
    const self = `${this.groupUrl(clusterId, groupId)}/lag-summary`;
    const max = lags.reduce<LagView | undefined>((m, l) => (!m || l.lag > m.lag ? l : m), undefined);
    const total = lags.reduce((s, l) => s + l.lag, 0);
    const base = this.clusterUrl(clusterId);
    return {
      kind: 'KafkaConsumerGroupLagSummary',
      metadata: { self, resource_name: this.crn(clusterId, `/consumer-group=${groupId}/lag-summary`) },
      cluster_id: clusterId,
      consumer_group_id: groupId,
      max_lag_consumer_id: max?.consumerId ?? '',
      max_lag_instance_id: max?.instanceId ?? null,
      max_lag_client_id: max?.clientId ?? '',
      max_lag_topic_name: max?.topic ?? '',
      max_lag_partition_id: max?.partition ?? 0,
      max_lag: max?.lag ?? 0,
      total_lag: total,
      max_lag_consumer: this.rel(
        `${this.groupUrl(clusterId, groupId)}/consumers/${encodeURIComponent(max?.consumerId ?? '')}`,
      ),
      max_lag_partition: this.rel(
        `${base}/topics/${encodeURIComponent(max?.topic ?? '')}/partitions/${max?.partition ?? 0}`,
      ),
    };
  }
}
