// Which of the requested resources the caller may read metrics of: its organization's connectors
// and clusters on which it holds MetricsViewer or an admin role. Another tenant's or an unknown id
// reads nothing (as if it had no data); one of its own it may not read is a 403.
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import { AccessService, type Principal } from '@libs/auth';
import { MetricSeriesRepository, type MetricResource } from '@libs/db';

@Injectable()
export class MetricResources {
  constructor(
    private readonly series: MetricSeriesRepository,
    private readonly access: AccessService,
  ) {}

  async readable(p: Principal, ids: readonly string[]): Promise<MetricResource[]> {
    const found = await this.series.resources(p.scope, [...new Set(ids)]);
    for (const r of found)
      if (!(await this.access.canViewMetrics(p, r.environmentId, r.clusterId)))
        throw new ApiError(403, 'forbidden', `Not authorized to read the metrics of ${r.type}.id:${r.id}`);
    return found;
  }
}
