import { Module } from '@nestjs/common';
import { ConsumerGroupsController } from './consumer-groups.controller';
import { KafkaClusterController } from './cluster.controller';
import { KafkaClientCache } from './kafka-client-cache.service';
import { KafkaRestPresenter } from './kafka-rest.presenter';
import { ReadRecordsController } from './read-records.controller';
import { RecordsController } from './records.controller';
import { TopicsController } from './topics.controller';
import { ClusterAccess } from './usecases/cluster-access';
import {
  AlterClusterConfigs,
  AlterTopicConfigs,
  GetClusterConfig,
  GetTopicConfig,
  ListClusterConfigs,
  ListTopicConfigs,
} from './usecases/configs.usecases';
import {
  GetConsumer,
  GetConsumerGroup,
  GetConsumerLag,
  ListConsumerGroups,
  ListConsumerLags,
  ListConsumers,
} from './usecases/consumer-groups.usecases';
import { ReadRecords } from './usecases/read-records.usecase';
import { ProduceRecords } from './usecases/records.usecases';
import {
  CreateTopic,
  DeleteTopic,
  GetPartition,
  GetTopic,
  ListPartitions,
  ListTopics,
  UpdatePartitionCount,
} from './usecases/topics.usecases';

/** Kafka REST v3 (the Cluster API) over kafkajs, for embedded and external clusters. */
@Module({
  // The records controller first: its path is more specific than the topics controller's.
  controllers: [
    KafkaClusterController,
    RecordsController,
    ReadRecordsController,
    TopicsController,
    ConsumerGroupsController,
  ],
  providers: [
    KafkaClientCache,
    KafkaRestPresenter,
    ClusterAccess,
    ListTopics,
    GetTopic,
    CreateTopic,
    UpdatePartitionCount,
    DeleteTopic,
    ListPartitions,
    GetPartition,
    ListTopicConfigs,
    GetTopicConfig,
    AlterTopicConfigs,
    ListClusterConfigs,
    GetClusterConfig,
    AlterClusterConfigs,
    ListConsumerGroups,
    GetConsumerGroup,
    ListConsumers,
    GetConsumer,
    ListConsumerLags,
    GetConsumerLag,
    ProduceRecords,
    ReadRecords,
  ],
  exports: [KafkaClientCache],
})
export class KafkaRestModule {}
