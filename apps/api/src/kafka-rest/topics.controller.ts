import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { ClusterKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import {
  parseAlterBatch,
  parseConfigValue,
  parseCreateTopic,
  parsePartitionsCount,
  partitionIdParam,
} from './kafka-rest.body';
import { TopicNamePipe } from './kafka-limits';
import { KafkaRestPresenter } from './kafka-rest.presenter';
import { AlterTopicConfigs, GetTopicConfig, ListTopicConfigs } from './usecases/configs.usecases';
import {
  CreateTopic,
  DeleteTopic,
  GetPartition,
  GetTopic,
  ListPartitions,
  ListTopics,
  TOPIC_OPERATIONS,
  UpdatePartitionCount,
} from './usecases/topics.usecases';

@ApiTags('Kafka REST v3')
@ApiBasicAuth()
@UseGuards(ClusterKeyGuard)
@Controller('kafka/v3/clusters/:cluster_id/topics')
export class TopicsController {
  constructor(
    private readonly present: KafkaRestPresenter,
    private readonly listTopics: ListTopics,
    private readonly getTopic: GetTopic,
    private readonly createTopic: CreateTopic,
    private readonly updatePartitions: UpdatePartitionCount,
    private readonly deleteTopic: DeleteTopic,
    private readonly listPartitions: ListPartitions,
    private readonly getPartition: GetPartition,
    private readonly listConfigs: ListTopicConfigs,
    private readonly getConfig: GetTopicConfig,
    private readonly alterConfigs: AlterTopicConfigs,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Param('cluster_id') clusterId: string) {
    return this.present.topicList(clusterId, await this.listTopics.execute(p, clusterId));
  }

  @Post()
  @HttpCode(201)
  async create(@CurrentPrincipal() p: Principal, @Param('cluster_id') clusterId: string, @Body() body: unknown) {
    return this.present.topic(clusterId, await this.createTopic.execute(p, clusterId, parseCreateTopic(body)));
  }

  @Get(':topic_name')
  async get(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Query('include_authorized_operations') includeOps?: string,
  ) {
    return this.present.topic(
      clusterId,
      await this.getTopic.execute(p, clusterId, topic),
      includeOps === 'true' ? TOPIC_OPERATIONS : [],
    );
  }

  @Patch(':topic_name')
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Body() body: unknown,
  ) {
    return this.present.topic(
      clusterId,
      await this.updatePartitions.execute(p, clusterId, topic, parsePartitionsCount(body)),
    );
  }

  @Delete(':topic_name')
  @HttpCode(204)
  async remove(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
  ): Promise<void> {
    await this.deleteTopic.execute(p, clusterId, topic);
  }

  @Get(':topic_name/partitions')
  async partitions(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
  ) {
    return this.present.partitionList(clusterId, topic, await this.listPartitions.execute(p, clusterId, topic));
  }

  @Get(':topic_name/partitions/:partition_id')
  async partition(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Param('partition_id') partitionId: string,
  ) {
    return this.present.partition(
      clusterId,
      topic,
      await this.getPartition.execute(p, clusterId, topic, partitionIdParam(partitionId)),
    );
  }

  @Get(':topic_name/configs')
  async configs(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
  ) {
    return this.present.topicConfigList(clusterId, topic, await this.listConfigs.execute(p, clusterId, topic));
  }

  @Post(':topic_name/configs\\:alter')
  @HttpCode(204)
  async alter(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Body() body: unknown,
  ): Promise<void> {
    const { changes, validateOnly } = parseAlterBatch(body);
    await this.alterConfigs.execute(p, clusterId, topic, changes, validateOnly);
  }

  @Get(':topic_name/configs/:name')
  async config(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Param('name') name: string,
  ) {
    return this.present.topicConfig(clusterId, topic, await this.getConfig.execute(p, clusterId, topic, name));
  }

  @Put(':topic_name/configs/:name')
  @HttpCode(204)
  async putConfig(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.alterConfigs.execute(p, clusterId, topic, [{ name, value: parseConfigValue(body, name) }], false, name);
  }

  @Delete(':topic_name/configs/:name')
  @HttpCode(204)
  async deleteConfig(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Param('name') name: string,
  ): Promise<void> {
    await this.alterConfigs.execute(p, clusterId, topic, [{ name, value: null }], false, name);
  }
}
