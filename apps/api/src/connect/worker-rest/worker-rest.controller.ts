import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiError } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { parseExpand, parseFlag, type Expansion } from '../usecases/connect-query-params';
import { WorkerRestService } from './worker-rest.service';

const PREFIX = 'kafka-connect/:kafka_cluster_id';

/** Kafka Connect's `expand`: repeated parameters (or one comma list) of status and info. */
const WORKER_EXPANSIONS: readonly Expansion[] = ['status', 'info'];

function taskIdOf(name: string, raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new ApiError(404, 'not_found', `Task ${name}-${raw} not found`);
  return Number(raw);
}

/**
 * Apache Kafka Connect's worker REST API per Kafka cluster, for tools written for self-managed
 * Connect (kcctl, Kafka UI): https://kafka.apache.org/documentation/#connect_rest. Errors are
 * `{error_code, message}`. Cloud API keys, HTTP Basic.
 */
@ApiTags('Kafka Connect worker REST')
@ApiBasicAuth()
@UseGuards(CloudKeyGuard)
@Controller(PREFIX)
export class WorkerRestController {
  constructor(private readonly worker: WorkerRestService) {}

  @Get()
  @ApiOperation({ summary: 'Worker version, commit and Kafka cluster id' })
  root(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string) {
    return this.worker.root(p, lkc);
  }

  @Get('health')
  async health(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string) {
    await this.worker.cluster(p, lkc);
    return { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' };
  }

  @Get('connectors')
  connectors(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.worker.connectorNames(p, lkc, parseExpand(query.expand, WORKER_EXPANSIONS));
  }

  @Post('connectors')
  @HttpCode(201)
  async create(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const info = await this.worker.createConnector(p, lkc, body);
    res.setHeader('Location', `/kafka-connect/${lkc}/connectors/${encodeURIComponent(info.name)}`);
    return info;
  }

  @Get('connectors/:name')
  info(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    return this.worker.info(p, lkc, name);
  }

  @Delete('connectors/:name')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    await this.worker.deleteConnector(p, lkc, name);
  }

  @Get('connectors/:name/config')
  config(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    return this.worker.config(p, lkc, name);
  }

  /** 201 when the PUT created the connector, 200 when it updated it. */
  @Put('connectors/:name/config')
  async putConfig(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, info } = await this.worker.putConfig(p, lkc, name, body);
    res.status(created ? 201 : 200);
    if (created) res.setHeader('Location', `/kafka-connect/${lkc}/connectors/${encodeURIComponent(name)}`);
    return info;
  }

  @Patch('connectors/:name/config')
  patchConfig(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('name') name: string,
    @Body() body: unknown,
  ) {
    return this.worker.patchConfig(p, lkc, name, body);
  }

  @Get('connectors/:name/status')
  status(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    return this.worker.status(p, lkc, name);
  }

  /** KIP-745: 204 for the instance alone, else 202 with what restarts shown RESTARTING. */
  @Post('connectors/:name/restart')
  async restart(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('name') name: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const snapshot = await this.worker.restartConnector(
      p,
      lkc,
      name,
      parseFlag(query.includeTasks, 'includeTasks'),
      parseFlag(query.onlyFailed, 'onlyFailed'),
    );
    res.status(snapshot ? 202 : 204);
    return snapshot ?? undefined;
  }

  @Put('connectors/:name/pause')
  @HttpCode(202)
  async pause(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    await this.worker.setTarget(p, lkc, name, 'PAUSED');
  }

  @Put('connectors/:name/resume')
  @HttpCode(202)
  async resume(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    await this.worker.setTarget(p, lkc, name, 'RUNNING');
  }

  @Put('connectors/:name/stop')
  @HttpCode(204)
  async stop(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    await this.worker.setTarget(p, lkc, name, 'STOPPED');
  }

  @Get('connectors/:name/tasks')
  tasks(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    return this.worker.tasks(p, lkc, name);
  }

  @Get('connectors/:name/tasks/:task/status')
  taskStatus(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('name') name: string,
    @Param('task') task: string,
  ) {
    return this.worker.taskStatus(p, lkc, name, taskIdOf(name, task));
  }

  @Post('connectors/:name/tasks/:task/restart')
  @HttpCode(204)
  async restartTask(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('name') name: string,
    @Param('task') task: string,
  ) {
    await this.worker.restartTask(p, lkc, name, taskIdOf(name, task));
  }

  /** KIP-558: the topics the connector's tasks actually used. */
  @Get('connectors/:name/topics')
  topics(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    return this.worker.activeTopics(p, lkc, name);
  }

  @Put('connectors/:name/topics/reset')
  @HttpCode(202)
  async resetTopics(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('name') name: string,
  ) {
    await this.worker.resetActiveTopics(p, lkc, name);
  }

  @Get('connectors/:name/offsets')
  getOffsets(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    return this.worker.getOffsets(p, lkc, name);
  }

  @Patch('connectors/:name/offsets')
  patchOffsets(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('name') name: string,
    @Body() body: unknown,
  ) {
    return this.worker.alterOffsets(p, lkc, name, 'PATCH', body);
  }

  @Delete('connectors/:name/offsets')
  deleteOffsets(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('name') name: string) {
    return this.worker.alterOffsets(p, lkc, name, 'DELETE', undefined);
  }

  @Get('connector-plugins')
  plugins(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Query('connectorsOnly') connectorsOnly: string | undefined,
  ) {
    return this.worker.pluginList(
      p,
      lkc,
      connectorsOnly === undefined ? true : parseFlag(connectorsOnly, 'connectorsOnly'),
    );
  }

  @Get('connector-plugins/:plugin/config')
  pluginConfig(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('plugin') plugin: string,
  ) {
    return this.worker.pluginConfig(p, lkc, plugin);
  }

  @Put('connector-plugins/:plugin/config/validate')
  @HttpCode(200)
  validate(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('plugin') plugin: string,
    @Body() body: unknown,
  ) {
    return this.worker.validate(p, lkc, plugin, body);
  }

  @Get('admin/loggers')
  @ApiOperation({ summary: 'Logger levels set on the cluster, and root (KIP-495)' })
  loggers(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string) {
    return this.worker.loggerLevels(p, lkc);
  }

  @Get('admin/loggers/:logger')
  @ApiOperation({ summary: "A logger's level, its own or inherited (404 for a logger that does not exist)" })
  logger(@CurrentPrincipal() p: Principal, @Param('kafka_cluster_id') lkc: string, @Param('logger') logger: string) {
    return this.worker.loggerLevel(p, lkc, logger);
  }

  /**
   * KIP-976: scope=worker (the default, also for an unknown value) answers 200 with the loggers set,
   * scope=cluster 204. Both set the level for the whole cluster: every worker reads it from there.
   */
  @Put('admin/loggers/:logger')
  @ApiOperation({
    summary: "Sets a logger's level and its configured child loggers' for the cluster's connectors (KIP-495, KIP-976)",
    description:
      'The level decides which lines the connectors whose class the logger covers keep in their log. ' +
      'scope=worker and scope=cluster both apply to the whole cluster; they differ only in the answer.',
  })
  @ApiQuery({ name: 'scope', required: false, schema: { type: 'string', enum: ['worker', 'cluster'] } })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['level'],
      properties: {
        level: { type: 'string', enum: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'OFF', 'ALL'] },
      },
    },
  })
  @ApiResponse({ status: 200, description: 'scope=worker: the names of the loggers set' })
  @ApiResponse({ status: 204, description: 'scope=cluster' })
  @ApiResponse({ status: 400, description: 'no level in the body' })
  @ApiResponse({ status: 404, description: 'not a log level (as Kafka Connect answers it)' })
  async setLogger(
    @CurrentPrincipal() p: Principal,
    @Param('kafka_cluster_id') lkc: string,
    @Param('logger') logger: string,
    @Query('scope') scope: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const applied = await this.worker.setLoggerLevel(p, lkc, logger, body);
    if (typeof scope === 'string' && scope.toLowerCase() === 'cluster') {
      res.status(204);
      return undefined;
    }
    res.status(200);
    return applied;
  }
}
