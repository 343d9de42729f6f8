// A Metrics API query body (POST /v2/metrics/cloud/query) checked and turned into what the engine
// runs. Field names and rules are Confluent's (METRICS-AND-LOGS.md §A.3).
import { metricDescriptor, type MetricDescriptor } from './metric-catalog';
import { GRANULARITIES, isGranularity, type Granularity } from './granularity';
import { parseInterval, type TimeInterval } from './intervals';
import { MetricsQueryError } from './query-error';
import { parseFilter, pinnedResourceIds, type QueryFilter } from './query-filter';

export const AGGREGATIONS = ['SUM', 'MAX', 'MIN', 'AVG', 'COUNT'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface MetricsQuery {
  metric: MetricDescriptor;
  /** Across the series of a group, per minute. */
  agg: Aggregation;
  /** Across the minutes of a bucket: counters sum, gauges average, unless the request says. */
  timeAgg: Aggregation;
  groupBy: string[];
  granularity: Granularity;
  filter: QueryFilter;
  resourceIds: string[];
  intervals: TimeInterval[];
  limit: number;
  format: 'FLAT' | 'GROUPED';
  order: 'ASCENDING' | 'DESCENDING';
}

const isAggregation = (a: unknown): a is Aggregation => AGGREGATIONS.includes(a as Aggregation);

/** Labels a metric can be filtered and grouped by. */
export function labelNames(d: MetricDescriptor): string[] {
  return [...d.resources.map((r) => `resource.${r}.id`), ...d.labels.map((l) => `metric.${l.key}`)];
}

export function parseQueryRequest(body: unknown, now: number): MetricsQuery {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new MetricsQueryError('The request body must be a JSON object');
  const b = body as Record<string, unknown>;

  if (!Array.isArray(b.aggregations) || b.aggregations.length !== 1)
    throw new MetricsQueryError('aggregations must hold exactly one aggregation', '/aggregations');
  const a = b.aggregations[0] as { metric?: unknown; agg?: unknown; time_agg?: unknown } | null;
  if (!a || typeof a !== 'object' || typeof a.metric !== 'string')
    throw new MetricsQueryError('aggregations[0].metric must be a metric name', '/aggregations/0/metric');
  const metric = metricDescriptor(a.metric);
  if (!metric) throw new MetricsQueryError(`Unknown metric '${a.metric}'`, '/aggregations/0/metric');
  if (a.agg !== undefined && !isAggregation(a.agg))
    throw new MetricsQueryError(`agg must be one of ${AGGREGATIONS.join(', ')}`, '/aggregations/0/agg');
  if (a.time_agg !== undefined && !isAggregation(a.time_agg))
    throw new MetricsQueryError(`time_agg must be one of ${AGGREGATIONS.join(', ')}`, '/aggregations/0/time_agg');
  const counter = metric.type.startsWith('COUNTER');

  if (!isGranularity(b.granularity))
    throw new MetricsQueryError(`granularity must be one of ${Object.keys(GRANULARITIES).join(', ')}`, '/granularity');
  const granularity = b.granularity;

  if (b.filter === undefined)
    throw new MetricsQueryError(
      'filter is required and must name the resource (resource.connector.id or resource.kafka.id)',
      '/filter',
    );
  const filter = parseFilter(b.filter, '/filter');
  const resourceIds = pinnedResourceIds(filter);
  if (!resourceIds)
    throw new MetricsQueryError(
      `filter must pin the resource with EQ on ${metric.resources.map((r) => `resource.${r}.id`).join(' or ')}`,
      '/filter',
    );

  const allowed = labelNames(metric);
  const groupBy = b.group_by ?? [];
  if (!Array.isArray(groupBy) || groupBy.some((g) => typeof g !== 'string'))
    throw new MetricsQueryError('group_by must be a list of labels', '/group_by');
  groupBy.forEach((g: string, i) => {
    if (!allowed.includes(g))
      throw new MetricsQueryError(
        `${a.metric} cannot be grouped by '${g}' (labels: ${allowed.join(', ')})`,
        `/group_by/${i}`,
      );
  });

  if (!Array.isArray(b.intervals) || b.intervals.length === 0 || b.intervals.some((i) => typeof i !== 'string'))
    throw new MetricsQueryError('intervals must hold at least one ISO-8601 interval', '/intervals');
  if (b.intervals.length > 10) throw new MetricsQueryError('at most 10 intervals', '/intervals');
  const intervals = (b.intervals as string[]).map((i) => parseInterval(i, now));
  const maxMs = GRANULARITIES[granularity].maxIntervalMs;
  for (const i of intervals)
    if (i.end - i.start > maxMs)
      throw new MetricsQueryError(
        `An interval at granularity ${granularity} may cover at most ${maxMs / 3_600_000} hours`,
        '/intervals',
      );

  const limit = b.limit ?? 100;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new MetricsQueryError('limit must be an integer from 1 to 1000', '/limit');

  const format = b.format ?? 'FLAT';
  if (format !== 'FLAT' && format !== 'GROUPED')
    throw new MetricsQueryError('format must be FLAT or GROUPED', '/format');
  if (format === 'GROUPED' && groupBy.length === 0)
    throw new MetricsQueryError('format GROUPED needs a non-empty group_by', '/format');

  let order: MetricsQuery['order'] = 'DESCENDING';
  if (b.order_by !== undefined) {
    if (granularity !== 'ALL')
      throw new MetricsQueryError('order_by is only allowed with granularity ALL', '/order_by');
    const o = Array.isArray(b.order_by) ? (b.order_by[0] as { order?: unknown } | undefined) : undefined;
    if (!o || (o.order !== undefined && o.order !== 'ASCENDING' && o.order !== 'DESCENDING'))
      throw new MetricsQueryError('order_by must be [{metric, agg?, order: ASCENDING|DESCENDING}]', '/order_by');
    order = (o.order as MetricsQuery['order'] | undefined) ?? 'DESCENDING';
  }

  return {
    metric,
    agg: (a.agg as Aggregation | undefined) ?? 'SUM',
    timeAgg: (a.time_agg as Aggregation | undefined) ?? (counter ? 'SUM' : 'AVG'),
    groupBy,
    granularity,
    filter,
    resourceIds,
    intervals,
    limit,
    format,
    order,
  };
}
