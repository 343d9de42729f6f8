import { Body, Controller, HttpCode, Inject, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { SearchConnectorLogs } from '../usecases/search-connector-logs.usecase';

/**
 * Connector log search as Confluent's logging API (`confluent connect logs`): a connector's own log
 * lines, newest first. Cloud API keys (HTTP Basic) where Confluent takes a data-plane token.
 */
@ApiTags('Connector logs')
@ApiBasicAuth()
@UseGuards(CloudKeyGuard)
@Controller('logs/v1')
export class ConnectorLogsController {
  constructor(
    private readonly search: SearchConnectorLogs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    summary: "Search a connector's log lines",
    description:
      'Body: {crn: crn://confluent.cloud/organization=…/environment=…/cloud-cluster=…/connector=<name>, search?: {level?: [ERROR|WARN|INFO|DEBUG], search_text?, id?}, sort?: desc, start_time?, end_time?}. Newest first; metadata.next continues.',
  })
  async searchLogs(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Query('page_size') pageSize: unknown,
    @Query('page_token') pageToken: unknown,
  ) {
    const { next, ...page } = await this.search.execute(p, body, pageSize, pageToken);
    if (!next) return page;
    const base = this.config.PUBLIC_URL ?? '';
    const size = typeof pageSize === 'string' && pageSize !== '' ? `page_size=${encodeURIComponent(pageSize)}&` : '';
    return { ...page, metadata: { next: `${base}/logs/v1/search?${size}page_token=${next}` } };
  }
}
