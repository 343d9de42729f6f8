import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { listEnvelope, parsePageRequest } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { singleQuery } from '../common/query';
import { Urls } from '../common/urls';
import { ClusterPresenter } from './cluster.presenter';
import { CreateClusterDto, UpdateClusterDto } from './dto/cluster.dto';
import { CreateCluster, DeleteCluster, GetCluster, ListClusters, UpdateCluster } from './usecases/clusters.usecases';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ClusterListModel,
  ClusterModel,
  FailureResponses,
  PageQuery,
} from '../common/openapi-models';

@ApiTags('CMK v2')
@ApiBasicAuth()
@FailureResponses()
@UseGuards(CloudKeyGuard)
@Controller('cmk/v2/clusters')
export class ClustersController {
  constructor(
    private readonly present: ClusterPresenter,
    private readonly urls: Urls,
    private readonly listClusters: ListClusters,
    private readonly getCluster: GetCluster,
    private readonly createCluster: CreateCluster,
    private readonly updateCluster: UpdateCluster,
    private readonly deleteCluster: DeleteCluster,
  ) {}

  @Get()
  @ApiQuery({ name: 'environment', required: true, type: String })
  @PageQuery()
  @ApiOkResponse({ type: ClusterListModel })
  async list(@CurrentPrincipal() p: Principal, @Query() query: Record<string, unknown>) {
    const env = singleQuery(query, 'environment', true) as string;
    const page = await this.listClusters.execute(p, env, parsePageRequest(query));
    return listEnvelope('cmk/v2', 'Cluster', `${this.urls.base}/cmk/v2/clusters`, query, page, (c) =>
      this.present.cluster(c),
    );
  }

  /** 202: the cluster is PROVISIONING and becomes PROVISIONED (embedded: at once). */
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: ClusterModel,
    description: 'Accepted: status.phase is PROVISIONING, then PROVISIONED (or FAILED)',
  })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateClusterDto) {
    return this.present.cluster(await this.createCluster.execute(p, dto));
  }

  @Get(':id')
  @ApiQuery({ name: 'environment', required: true, type: String })
  @ApiOkResponse({ type: ClusterModel })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.present.cluster(
      await this.getCluster.execute(p, id, singleQuery(query, 'environment', true) as string),
    );
  }

  @Patch(':id')
  @ApiOkResponse({ type: ClusterModel })
  async update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: UpdateClusterDto) {
    return this.present.cluster(await this.updateCluster.execute(p, id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiQuery({ name: 'environment', required: true, type: String })
  async remove(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    await this.deleteCluster.execute(p, id, singleQuery(query, 'environment', true) as string);
  }
}
