// A tenant's Metrics API reads: the hour rows of one metric for some of its resources, and where
// those resources live (for the role check).
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma.service';
import type { OrgScope } from '../scope/org-scope';
import type { MetricResourceType } from '../platform/metric-series-writer';

export interface MetricSeriesRow {
  resourceType: string;
  metric: string;
  resourceId: string;
  labels: Record<string, string>;
  hour: Date;
  /** 60 one-minute values (null: no sample). */
  minutes: (number | null)[];
}

export interface MetricResource {
  type: MetricResourceType;
  id: string;
  environmentId: string;
  clusterId: string;
}

@Injectable()
export class MetricSeriesRepository {
  constructor(private readonly db: PrismaService) {}

  /** Hour rows of the metric (or metrics) for these resources with `hour` in [from, to). */
  async hours(
    scope: OrgScope,
    metric: string | readonly string[],
    resourceIds: string[],
    from: Date,
    to: Date,
  ): Promise<MetricSeriesRow[]> {
    if (resourceIds.length === 0) return [];
    const metrics = typeof metric === 'string' ? [metric] : [...metric];
    // Raw SQL because Prisma's Float[] decoder rejects the NULLs that mark minutes without a sample.
    const rows = await this.db.$queryRaw<MetricSeriesRow[]>`
      SELECT "resourceType", "resourceId", metric, labels, hour, minutes
        FROM "MetricSeriesHour"
       WHERE "organizationId" = ${scope.organizationId}::uuid
         AND "resourceId" = ANY(${resourceIds}::text[])
         AND metric = ANY(${metrics}::text[])
         AND hour >= ${from} AND hour < ${to}`;
    return rows;
  }

  /** The organization's connectors and clusters among `ids` (others' and unknown ids are left out). */
  async resources(scope: OrgScope, ids: string[]): Promise<MetricResource[]> {
    if (ids.length === 0) return [];
    const where = { organizationId: scope.organizationId, id: { in: ids } };
    const [connectors, clusters] = await Promise.all([
      this.db.connector.findMany({ where, select: { id: true, environmentId: true, clusterId: true } }),
      this.db.kafkaCluster.findMany({ where, select: { id: true, environmentId: true } }),
    ]);
    return [
      ...connectors.map((c) => ({ type: 'connector' as const, ...c })),
      ...clusters.map((k) => ({ type: 'kafka' as const, id: k.id, environmentId: k.environmentId, clusterId: k.id })),
    ];
  }
}
