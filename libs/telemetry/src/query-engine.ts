// Runs a checked query over the hour rows the store returned: filter the series, group them,
// combine the series of a group per minute (agg), then the minutes of a bucket (time agg).
import type { MetricSeriesRow } from '@libs/db';
import { GRANULARITIES } from './granularity';
import { matches, type SeriesLabels } from './query-filter';
import type { Aggregation, MetricsQuery } from './query-request';

export interface QueryPoint {
  timestamp: string;
  value: number;
}

export interface QueryGroup {
  labels: Record<string, string>;
  points: QueryPoint[];
}

const MINUTE_MS = 60_000;

class Accumulator {
  n = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  add(v: number): void {
    this.n++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
  value(agg: Aggregation): number {
    switch (agg) {
      case 'SUM':
        return this.sum;
      case 'MAX':
        return this.max;
      case 'MIN':
        return this.min;
      case 'AVG':
        return this.sum / this.n;
      case 'COUNT':
        return this.n;
    }
  }
}

function seriesLabels(row: MetricSeriesRow): SeriesLabels {
  const out: SeriesLabels = { [`resource.${row.resourceType}.id`]: row.resourceId };
  for (const [k, v] of Object.entries(row.labels)) out[`metric.${k}`] = v;
  return out;
}

/** Timestamps as Confluent writes them: RFC 3339 UTC, whole seconds. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** All groups of the query, in the API's order (by label values; by value for ALL). */
export function runQuery(q: MetricsQuery, rows: readonly MetricSeriesRow[]): QueryGroup[] {
  // group key → minute → values of the group's series in that minute
  const groups = new Map<string, { labels: Record<string, string>; minutes: Map<number, Accumulator> }>();
  for (const row of rows) {
    const labels = seriesLabels(row);
    if (!matches(q.filter, labels)) continue;
    const groupLabels = Object.fromEntries(q.groupBy.map((g) => [g, labels[g] ?? '']));
    const key = JSON.stringify(q.groupBy.map((g) => groupLabels[g]));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels: groupLabels, minutes: new Map() }));
    const hour = row.hour.getTime();
    row.minutes.forEach((v, i) => {
      if (v === null || v === undefined) return;
      const t = hour + i * MINUTE_MS;
      if (!q.intervals.some((iv) => t >= iv.start && t < iv.end)) return;
      let acc = group.minutes.get(t);
      if (!acc) group.minutes.set(t, (acc = new Accumulator()));
      acc.add(v);
    });
  }
  const width = GRANULARITIES[q.granularity].ms;
  const out: QueryGroup[] = [];
  for (const { labels, minutes } of groups.values()) {
    const buckets = new Map<number, Accumulator>();
    for (const [t, perMinute] of minutes) {
      const start = width === Infinity ? q.intervals.find((iv) => t >= iv.start && t < iv.end)!.start : t - (t % width);
      let b = buckets.get(start);
      if (!b) buckets.set(start, (b = new Accumulator()));
      b.add(perMinute.value(q.agg));
    }
    if (buckets.size === 0) continue;
    const points = [...buckets]
      .sort((a, b) => a[0] - b[0])
      .map(([t, acc]) => ({ timestamp: rfc3339(t), value: acc.value(q.timeAgg) }));
    out.push({ labels, points });
  }
  if (q.granularity === 'ALL') {
    const total = (g: QueryGroup) => g.points.reduce((s, p) => s + p.value, 0);
    out.sort((a, b) => (q.order === 'ASCENDING' ? total(a) - total(b) : total(b) - total(a)));
  } else {
    const key = (g: QueryGroup) => q.groupBy.map((l) => g.labels[l]);
    out.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
      return 0;
    });
  }
  return out;
}

/** The hours whose rows can hold points of these intervals: [from, to). */
export function hourRange(q: MetricsQuery): { from: Date; to: Date } {
  const start = Math.min(...q.intervals.map((i) => i.start));
  const end = Math.max(...q.intervals.map((i) => i.end));
  return { from: new Date(start - (start % 3_600_000)), to: new Date(end) };
}
