import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { ClusterKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { partitionIdParam } from './kafka-rest.body';
import { TopicNamePipe } from './kafka-limits';
import { KafkaRestPresenter } from './kafka-rest.presenter';
import {
  GetConsumer,
  GetConsumerGroup,
  GetConsumerLag,
  ListConsumerGroups,
  ListConsumerLags,
  ListConsumers,
} from './usecases/consumer-groups.usecases';

@ApiTags('Kafka REST v3')
@ApiBasicAuth()
@UseGuards(ClusterKeyGuard)
@Controller('kafka/v3/clusters/:cluster_id/consumer-groups')
export class ConsumerGroupsController {
  constructor(
    private readonly present: KafkaRestPresenter,
    private readonly listGroups: ListConsumerGroups,
    private readonly getGroup: GetConsumerGroup,
    private readonly listConsumers: ListConsumers,
    private readonly getConsumer: GetConsumer,
    private readonly listLags: ListConsumerLags,
    private readonly getLag: GetConsumerLag,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Param('cluster_id') clusterId: string) {
    return this.present.consumerGroupList(clusterId, await this.listGroups.execute(p, clusterId));
  }

  @Get(':group_id')
  async get(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('group_id') groupId: string,
  ) {
    return this.present.consumerGroup(clusterId, await this.getGroup.execute(p, clusterId, groupId));
  }

  @Get(':group_id/consumers')
  async consumers(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('group_id') groupId: string,
  ) {
    return this.present.consumerList(clusterId, groupId, await this.listConsumers.execute(p, clusterId, groupId));
  }

  @Get(':group_id/consumers/:consumer_id')
  async consumer(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('group_id') groupId: string,
    @Param('consumer_id') consumerId: string,
  ) {
    return this.present.consumer(clusterId, groupId, await this.getConsumer.execute(p, clusterId, groupId, consumerId));
  }

  @Get(':group_id/lag-summary')
  async lagSummary(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('group_id') groupId: string,
  ) {
    return this.present.lagSummary(clusterId, groupId, await this.listLags.execute(p, clusterId, groupId));
  }

  @Get(':group_id/lags')
  async lags(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('group_id') groupId: string,
  ) {
    return this.present.lagList(clusterId, groupId, await this.listLags.execute(p, clusterId, groupId));
  }

  @Get(':group_id/lags/:topic_name/partitions/:partition_id')
  async lag(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('group_id') groupId: string,
    @Param('topic_name', TopicNamePipe) topic: string,
    @Param('partition_id') partitionId: string,
  ) {
    return this.present.lag(
      clusterId,
      groupId,
      await this.getLag.execute(p, clusterId, groupId, topic, partitionIdParam(partitionId)),
    );
  }
}
