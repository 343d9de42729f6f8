import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { ClusterKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { parseAlterBatch, parseConfigValue } from './kafka-rest.body';
import { KafkaRestPresenter } from './kafka-rest.presenter';
import { ClusterAccess } from './usecases/cluster-access';
import { AlterClusterConfigs, GetClusterConfig, ListClusterConfigs } from './usecases/configs.usecases';

@ApiTags('Kafka REST v3')
@ApiBasicAuth()
@UseGuards(ClusterKeyGuard)
@Controller('kafka/v3/clusters/:cluster_id')
export class KafkaClusterController {
  constructor(
    private readonly present: KafkaRestPresenter,
    private readonly access: ClusterAccess,
    private readonly listConfigs: ListClusterConfigs,
    private readonly getConfig: GetClusterConfig,
    private readonly alterConfigs: AlterClusterConfigs,
  ) {}

  @Get()
  async get(@CurrentPrincipal() p: Principal, @Param('cluster_id') clusterId: string) {
    await this.access.cluster(p, clusterId);
    return this.present.cluster(clusterId);
  }

  @Get('broker-configs')
  async listBrokerConfigs(@CurrentPrincipal() p: Principal, @Param('cluster_id') clusterId: string) {
    return this.present.clusterConfigList(clusterId, await this.listConfigs.execute(p, clusterId));
  }

  @Post('broker-configs\\:alter')
  @HttpCode(204)
  async alterBrokerConfigs(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Body() body: unknown,
  ): Promise<void> {
    const { changes, validateOnly } = parseAlterBatch(body);
    await this.alterConfigs.execute(p, clusterId, changes, validateOnly);
  }

  @Get('broker-configs/:name')
  async getBrokerConfig(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('name') name: string,
  ) {
    return this.present.clusterConfig(clusterId, await this.getConfig.execute(p, clusterId, name));
  }

  @Put('broker-configs/:name')
  @HttpCode(204)
  async putBrokerConfig(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.alterConfigs.execute(p, clusterId, [{ name, value: parseConfigValue(body, name) }]);
  }

  @Delete('broker-configs/:name')
  @HttpCode(204)
  async deleteBrokerConfig(
    @CurrentPrincipal() p: Principal,
    @Param('cluster_id') clusterId: string,
    @Param('name') name: string,
  ): Promise<void> {
    await this.alterConfigs.execute(p, clusterId, [{ name, value: null }]);
  }
}
