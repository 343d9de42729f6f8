// The Metrics API's writes (cross-tenant: a worker holds many tenants' tasks, the broker many
// tenants' clusters): per-minute samples added into the series' hour row, and the retention.
// Reads are the tenant's (repositories/metric-series.repository.ts).
import { PrismaService } from '../prisma.service';

export type MetricResourceType = 'connector' | 'kafka';

/** How a sample combines with what other processes wrote for the same series and minute. */
export type MetricCombine = 'sum' | 'max' | 'set';

export interface MetricSample {
  resourceType: MetricResourceType;
  /** lcc-… or lkc-…; the organization is the resource's own. */
  resourceId: string;
  metric: string;
  /** Metric labels (`topic`, `status`, …), without the `metric.` prefix. */
  labels: Record<string, string>;
  value: number;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The canonical key of a label set: sorted key=value pairs, unit-separated. */
export function metricLabelsKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u001f');
}

export class MetricSeriesWriter {
  constructor(private readonly db: PrismaService) {}

  /**
   * Writes samples of one minute in one statement. Each series must appear once (the caller sums
   * first). Samples of resources that no longer exist are dropped. Returns the rows written.
   */
  async add(minute: Date, combine: MetricCombine, samples: MetricSample[]): Promise<number> {
    if (samples.length === 0) return 0;
    const t = minute.getTime() - (minute.getTime() % MINUTE_MS);
    const hour = new Date(t - (t % HOUR_MS));
    // Postgres arrays are 1-based: minute 0 of the hour is element 1
    const m = Math.floor((t % HOUR_MS) / MINUTE_MS) + 1;
    const keys = samples.map((s) => metricLabelsKey(s.labels));
    const update =
      combine === 'sum'
        ? `coalesce(s.minutes[${m}], 0) + EXCLUDED.minutes[${m}]`
        : combine === 'max'
          ? `greatest(s.minutes[${m}], EXCLUDED.minutes[${m}])`
          : `EXCLUDED.minutes[${m}]`;
    // m is an integer computed above and `update` one of three fixed texts: no input reaches the SQL text
    return this.db.$executeRawUnsafe(
      `INSERT INTO "MetricSeriesHour" AS s ("organizationId", "resourceType", "resourceId", metric, "labelsKey", labels, hour, minutes)
       SELECT coalesce(c."organizationId", k."organizationId"), x.type, x.id, x.metric, x.key, x.labels::jsonb, $1,
              array_fill(NULL::float8, ARRAY[${m - 1}]) || x.value || array_fill(NULL::float8, ARRAY[${60 - m}])
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[])
              AS x(type, id, metric, key, labels, value)
         LEFT JOIN "Connector" c ON x.type = 'connector' AND c.id = x.id
         LEFT JOIN "KafkaCluster" k ON x.type = 'kafka' AND k.id = x.id
        WHERE coalesce(c."organizationId", k."organizationId") IS NOT NULL
       ON CONFLICT ("resourceId", metric, hour, "labelsKey") DO UPDATE SET minutes[${m}] = ${update}`,
      hour,
      samples.map((s) => s.resourceType),
      samples.map((s) => s.resourceId),
      samples.map((s) => s.metric),
      keys,
      samples.map((s) => JSON.stringify(s.labels)),
      samples.map((s) => s.value),
    );
  }

  /** Drops the hours that ended before `olderThan`. */
  async prune(olderThan: Date): Promise<number> {
    const gone = await this.db.metricSeriesHour.deleteMany({
      where: { hour: { lt: new Date(olderThan.getTime() - HOUR_MS) } },
    });
    return gone.count;
  }
}
