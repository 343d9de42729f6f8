// GET /v2/metrics/cloud/export: for each named resource, the last complete minute of every
// exportable series (or of the `metric`s asked for), in Prometheus or OpenMetrics text. The minute
// is two minutes back, so every worker's and the broker's once-a-minute flush has landed.
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { MetricSeriesRepository } from '@libs/db';
import { METRICS, metricDescriptor, renderExport, type ExportFormat } from '@libs/telemetry';
import { MetricResources } from './metric-resources';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
export const EXPORT_RESOURCE_PARAMS = ['resource.connector.id', 'resource.kafka.id'] as const;

@Injectable()
export class ExportMetrics {
  constructor(
    private readonly resources: MetricResources,
    private readonly series: MetricSeriesRepository,
  ) {}

  async execute(p: Principal, params: URLSearchParams, format: ExportFormat, now = Date.now()): Promise<string> {
    const ids = EXPORT_RESOURCE_PARAMS.flatMap((k) => params.getAll(k));
    if (ids.length === 0)
      throw ApiError.badRequest(`Name at least one resource: ${EXPORT_RESOURCE_PARAMS.join(' or ')}`, {
        parameter: 'resource.kafka.id',
      });
    const asked = params.getAll('metric');
    for (const m of asked)
      if (!metricDescriptor(m)) throw ApiError.badRequest(`Unknown metric '${m}'`, { parameter: 'metric' });
    const metrics = (asked.length > 0 ? asked : METRICS.map((m) => m.name)).filter(
      (m) => metricDescriptor(m)?.exportable,
    );
    const readable = await this.resources.readable(p, ids);
    const at = now - 2 * MINUTE_MS - (now % MINUTE_MS);
    const hour = at - (at % HOUR_MS);
    const rows = await this.series.hours(
      p.scope,
      metrics,
      readable.map((r) => r.id),
      new Date(hour),
      new Date(hour + 1),
    );
    const index = (at - hour) / MINUTE_MS;
    const samples = rows.flatMap((r) => {
      const value = r.minutes[index];
      if (value === null || value === undefined) return [];
      const labels: Record<string, string> = { [`resource.${r.resourceType}.id`]: r.resourceId };
      for (const [k, v] of Object.entries(r.labels)) labels[`metric.${k}`] = v;
      return [{ metric: r.metric, labels, value }];
    });
    return renderExport(samples, at, format);
  }
}
