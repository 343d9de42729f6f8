import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiError } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { confluentConfigInfos } from './connector-config';
import { parseExpand, parseFlag } from './usecases/connect-query-params';
import { CreateConnector, PatchConnectorConfig, PutConnectorConfig } from './usecases/connector-config.usecases';
import { DeleteConnector, RestartConnector, SetTargetState } from './usecases/connector-lifecycle.usecases';
import { ConnectorPlugins } from './usecases/connector-plugins.usecase';
import { GetConnector, ListConnectors } from './usecases/connector-reads.usecases';
import { ConnectorEventsQuery } from './usecases/connector-events.usecases';
import { ConnectorOffsets } from './usecases/offsets.usecases';
import { PreviewTransforms } from './usecases/preview.usecase';

const PREFIX = 'connect/v1/environments/:environment_id/clusters/:kafka_cluster_id';

function taskIdOf(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new ApiError(404, 'resource_not_found', 'resource not found');
  return Number(raw);
}

/**
 * Connect v1, Confluent Cloud managed connectors
 * (https://docs.confluent.io/cloud/current/api.html#tag/Connectors-(v1)), and Kafka Connect's extra routes.
 */
@ApiTags('Connect v1')
@ApiBasicAuth()
@UseGuards(CloudKeyGuard)
@Controller(PREFIX)
export class ConnectorsController {
  constructor(
    private readonly listConnectors: ListConnectors,
    private readonly createConnector: CreateConnector,
    private readonly getConnector: GetConnector,
    private readonly putConfig: PutConnectorConfig,
    private readonly patchConfig: PatchConnectorConfig,
    private readonly targetState: SetTargetState,
    private readonly restart: RestartConnector,
    private readonly deleteConnector: DeleteConnector,
    private readonly offsets: ConnectorOffsets,
    private readonly plugins: ConnectorPlugins,
    private readonly preview: PreviewTransforms,
    private readonly connectorEvents: ConnectorEventsQuery,
  ) {}

  /** Names, or with `expand=id,info,status` (comma-separated and/or repeated) a map name → expansions. */
  @Get('connectors')
  @ApiQuery({ name: 'expand', required: false, description: 'id, info, status (comma-separated or repeated)' })
  list(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.listConnectors.execute(p, env, lkc, parseExpand(query.expand));
  }

  @Post('connectors')
  @HttpCode(201)
  create(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Body() body: unknown,
  ) {
    return this.createConnector.execute(p, env, lkc, body);
  }

  /** connectplane extension: the config's converters + transforms on sample records; creates nothing. */
  @Post('connectors/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Preview converters and transforms (connectplane extension)',
    description:
      "Runs the connector config's converters and transformation chain on the sample records and returns each record before and after, with the error (stage, class, message) when one failed. Creates nothing, produces nothing, registers no schema.",
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['config'],
      properties: {
        config: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'A connector config (connector.class, converters, transforms, predicates).',
        },
        records: {
          type: 'array',
          maxItems: 100,
          items: {
            type: 'object',
            required: ['value'],
            properties: {
              key: {},
              value: {},
              headers: { type: 'object', additionalProperties: { type: 'string', nullable: true } },
              topic: { type: 'string' },
              partition: { type: 'integer' },
              offset: { type: 'integer' },
              keyBase64: { type: 'string', description: 'Sinks: the key bytes (e.g. Schema Registry wire format)' },
              valueBase64: { type: 'string', description: 'Sinks: the value bytes (e.g. Schema Registry wire format)' },
              keySchema: { description: 'Sources: the key Connect schema (JsonConverter envelope form)' },
              valueSchema: { description: 'Sources: the value Connect schema (JsonConverter envelope form)' },
            },
          },
        },
        topic: {
          type: 'string',
          description:
            'Without records (sink configs, embedded clusters): preview the first limit records of this topic, read without a consumer group. With records: their default topic.',
        },
        limit: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
  })
  previewTransforms(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Body() body: unknown,
  ) {
    return this.preview.execute(p, env, lkc, body);
  }

  @Get('connectors/:connector_name')
  get(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ) {
    return this.getConnector.info(p, env, lkc, name);
  }

  @Delete('connectors/:connector_name')
  @HttpCode(200)
  remove(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ) {
    return this.deleteConnector.execute(p, env, lkc, name);
  }

  @Get('connectors/:connector_name/config')
  getConfig(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ) {
    return this.getConnector.config(p, env, lkc, name);
  }

  /** Create-or-update with the flat config map; 200 either way (as Confluent Cloud). */
  @Put('connectors/:connector_name/config')
  @HttpCode(200)
  put(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
    @Body() body: unknown,
  ) {
    return this.putConfig.execute(p, env, lkc, name, body);
  }

  /** Kafka Connect's partial update (KIP-477): keys set or, with null, removed; validated as PUT. */
  @Patch('connectors/:connector_name/config')
  @HttpCode(200)
  patch(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
    @Body() body: unknown,
  ) {
    return this.patchConfig.execute(p, env, lkc, name, body);
  }

  @Get('connectors/:connector_name/status')
  @ApiQuery({ name: 'expand', required: false, description: 'id' })
  status(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.getConnector.status(p, env, lkc, name, parseExpand(query.expand));
  }

  @Get('connectors/:connector_name/error-recommendations')
  errorRecommendations(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ) {
    return this.getConnector.errorRecommendations(p, env, lkc, name);
  }

  @Get('connectors/:connector_name/tasks')
  tasks(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ) {
    return this.getConnector.tasks(p, env, lkc, name);
  }

  @Get('connectors/:connector_name/tasks/:task_id/status')
  taskStatus(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
    @Param('task_id') taskId: string,
  ) {
    return this.getConnector.taskStatus(p, env, lkc, name, taskIdOf(taskId));
  }

  @Put('connectors/:connector_name/pause')
  @HttpCode(202)
  async pause(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ): Promise<void> {
    await this.targetState.execute(p, env, lkc, name, 'PAUSED');
  }

  @Put('connectors/:connector_name/resume')
  @HttpCode(202)
  async resume(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ): Promise<void> {
    await this.targetState.execute(p, env, lkc, name, 'RUNNING');
  }

  /** Kafka Connect's STOPPED (KIP-875): tasks shut down, offsets may then be altered. */
  @Put('connectors/:connector_name/stop')
  @HttpCode(202)
  async stop(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ): Promise<void> {
    await this.targetState.execute(p, env, lkc, name, 'STOPPED');
  }

  @Post('connectors/:connector_name/restart')
  @HttpCode(202)
  @ApiQuery({ name: 'includeTasks', required: false })
  @ApiQuery({ name: 'onlyFailed', required: false })
  async restartConnector(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    await this.restart.execute(
      p,
      env,
      lkc,
      name,
      parseFlag(query.includeTasks, 'includeTasks'),
      parseFlag(query.onlyFailed, 'onlyFailed'),
    );
  }

  @Post('connectors/:connector_name/tasks/:task_id/restart')
  @HttpCode(204)
  async restartTask(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
    @Param('task_id') taskId: string,
  ): Promise<void> {
    await this.restart.task(p, env, lkc, name, taskIdOf(taskId));
  }

  @Get('connectors/:connector_name/offsets')
  getOffsets(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ) {
    return this.offsets.get(p, env, lkc, name);
  }

  /** Kafka Connect's alter (STOPPED connectors only). */
  @Patch('connectors/:connector_name/offsets')
  @HttpCode(200)
  alterOffsets(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
    @Body() body: unknown,
  ) {
    return this.offsets.alter(p, env, lkc, name, 'PATCH', body);
  }

  /** Kafka Connect's reset (STOPPED connectors only). */
  @Delete('connectors/:connector_name/offsets')
  @HttpCode(200)
  resetOffsets(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ) {
    return this.offsets.alter(p, env, lkc, name, 'DELETE', undefined);
  }

  /** Confluent's alter/reset on a running connector (stop, apply, resume). */
  @Post('connectors/:connector_name/offsets/request')
  @HttpCode(202)
  requestOffsets(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
    @Body() body: unknown,
  ) {
    return this.offsets.request(p, env, lkc, name, body);
  }

  @Get('connectors/:connector_name/offsets/request/status')
  offsetsRequestStatus(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
  ) {
    return this.offsets.requestStatus(p, env, lkc, name);
  }

  /** connectplane: the connector's recent events (CloudEvents: TaskFailed, ConnectorFailed, recoveries). */
  @Get('connectors/:connector_name/events')
  @ApiQuery({ name: 'limit', required: false, description: '1 to 100 (default 100), newest first' })
  events(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('connector_name') name: string,
    @Query('limit') limit: unknown,
  ) {
    return this.connectorEvents.list(p, env, lkc, name, limit);
  }

  /** connectplane: where the cluster's connector events stream is (`confluent connect event describe`). */
  @Get('events')
  describeEvents(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
  ) {
    return this.connectorEvents.describe(p, env, lkc);
  }

  @Get('connector-plugins')
  listPlugins(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
  ) {
    return this.plugins.list(p, env, lkc);
  }

  @Get('connector-plugins/:plugin_name/config')
  pluginConfig(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('plugin_name') plugin: string,
  ) {
    return this.plugins.definitions(p, env, lkc, plugin);
  }

  @Put('connector-plugins/:plugin_name/config/validate')
  @HttpCode(200)
  async validate(
    @CurrentPrincipal() p: Principal,
    @Param('environment_id') env: string,
    @Param('kafka_cluster_id') lkc: string,
    @Param('plugin_name') plugin: string,
    @Body() body: unknown,
  ) {
    return confluentConfigInfos(await this.plugins.validate(p, env, lkc, plugin, body));
  }
}
