import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiError } from '@libs/api-common';
import { CloudKeyGuard, CurrentPrincipal, type Principal } from '@libs/auth';
import { EXPORT_CONTENT_TYPES } from '@libs/telemetry';
import { DescribeMetrics } from './describe-metrics.usecase';
import { ExportMetrics } from './export-metrics.usecase';
import { QueryMetrics } from './query-metrics.usecase';

/** Confluent has one dataset, `cloud`. */
function dataset(name: string): void {
  if (name !== 'cloud') throw ApiError.notFound(`Dataset '${name}' not found; the only dataset is 'cloud'`);
}

/**
 * The Metrics API as Confluent Cloud's v2 (api.telemetry.confluent.cloud): per-minute connector and
 * Kafka series of the caller's organization. Cloud API keys (HTTP Basic).
 */
@ApiTags('Metrics (v2)')
@ApiBasicAuth()
@UseGuards(CloudKeyGuard)
@Controller('v2/metrics/:dataset')
export class MetricsController {
  constructor(
    private readonly query: QueryMetrics,
    private readonly describe: DescribeMetrics,
    private readonly exporter: ExportMetrics,
  ) {}

  @Post('query')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Query metric values',
    description:
      'Body: {aggregations: [{metric, agg?: SUM|MAX|MIN|AVG|COUNT, time_agg?}], filter (must pin resource.connector.id or resource.kafka.id with EQ), group_by?, granularity: PT1M…P1D|ALL, intervals: ["now-1h|m/now"], limit?, format?: FLAT|GROUPED}. Points in ascending time.',
  })
  queryMetrics(
    @Param('dataset') ds: string,
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Query('page_token') pageToken: unknown,
  ) {
    dataset(ds);
    return this.query.execute(p, body, pageToken);
  }

  @Get('descriptors/metrics')
  @ApiOperation({ summary: 'List metric descriptors', description: 'Query: resource_type?, page_size?, page_token?' })
  metricDescriptors(
    @Param('dataset') ds: string,
    @Query('resource_type') resourceType: unknown,
    @Query('page_size') size: unknown,
    @Query('page_token') token: unknown,
  ) {
    dataset(ds);
    return this.describe.metrics(resourceType, size, token, `/v2/metrics/${ds}/descriptors/metrics`);
  }

  @Get('descriptors/resources')
  @ApiOperation({ summary: 'List resource descriptors', description: 'Query: page_size?, page_token?' })
  resourceDescriptors(
    @Param('dataset') ds: string,
    @Query('page_size') size: unknown,
    @Query('page_token') token: unknown,
  ) {
    dataset(ds);
    return this.describe.resources(size, token, `/v2/metrics/${ds}/descriptors/resources`);
  }

  @Get('export')
  @ApiOperation({
    summary: 'Export metric values in Prometheus format',
    description:
      'Query: resource.connector.id / resource.kafka.id (repeatable, at least one), metric (repeatable). The last complete minute of each series (two minutes back), as Prometheus text or, with Accept: application/openmetrics-text, OpenMetrics.',
  })
  async exportMetrics(
    @Param('dataset') ds: string,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Headers('accept') accept: string | undefined,
    @Res() res: Response,
  ) {
    dataset(ds);
    const format = accept?.includes('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
    const params = new URL(req.originalUrl, 'http://local').searchParams;
    const text = await this.exporter.execute(p, params, format);
    res.status(200).type(EXPORT_CONTENT_TYPES[format]).send(text);
  }
}
