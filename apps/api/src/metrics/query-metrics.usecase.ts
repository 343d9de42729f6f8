// POST /v2/metrics/cloud/query: the caller's series of one metric, filtered, grouped and bucketed
// as Confluent's Metrics API does; FLAT or GROUPED; `limit` groups per page, `page_token` continues.
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { MetricSeriesRepository } from '@libs/db';
import { hourRange, MetricsQueryError, parseQueryRequest, runQuery, type QueryGroup } from '@libs/telemetry';
import { MetricResources } from './metric-resources';
import { decodePageToken, encodePageToken } from './page-token';

export interface QueryResponse {
  data: Record<string, unknown>[];
  meta?: { pagination: { page_size: number; next_page_token: string } };
}

export function badQuery(e: unknown): never {
  if (e instanceof MetricsQueryError)
    throw ApiError.badRequest(e.message, e.pointer ? { pointer: e.pointer } : undefined);
  throw e;
}

@Injectable()
export class QueryMetrics {
  constructor(
    private readonly resources: MetricResources,
    private readonly series: MetricSeriesRepository,
  ) {}

  async execute(p: Principal, body: unknown, pageToken: unknown, now = Date.now()): Promise<QueryResponse> {
    let q;
    try {
      q = parseQueryRequest(body, now);
    } catch (e) {
      badQuery(e);
    }
    const offset = decodePageToken(pageToken);
    const readable = (await this.resources.readable(p, q.resourceIds)).filter((r) =>
      q.metric.resources.includes(r.type),
    );
    const { from, to } = hourRange(q);
    const rows = await this.series.hours(
      p.scope,
      q.metric.name,
      readable.map((r) => r.id),
      from,
      to,
    );
    const groups = runQuery(q, rows);
    const page = groups.slice(offset, offset + q.limit);
    const data =
      q.format === 'GROUPED'
        ? page.map((g) => ({ ...g.labels, points: g.points }))
        : page.flatMap((g: QueryGroup) =>
            g.points.map((pt) => ({ timestamp: pt.timestamp, ...g.labels, value: pt.value })),
          );
    const next = offset + q.limit < groups.length ? encodePageToken(offset + q.limit) : undefined;
    return next ? { data, meta: { pagination: { page_size: q.limit, next_page_token: next } } } : { data };
  }
}
