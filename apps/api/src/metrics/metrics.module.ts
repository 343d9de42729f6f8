import { Module } from '@nestjs/common';
import { DescribeMetrics } from './describe-metrics.usecase';
import { ExportMetrics } from './export-metrics.usecase';
import { MetricResources } from './metric-resources';
import { MetricsController } from './metrics.controller';
import { QueryMetrics } from './query-metrics.usecase';

/** The Metrics API (v2): /v2/metrics/cloud/{query, descriptors/metrics, descriptors/resources, export}. */
@Module({
  controllers: [MetricsController],
  providers: [MetricResources, QueryMetrics, DescribeMetrics, ExportMetrics],
})
export class MetricsModule {}
