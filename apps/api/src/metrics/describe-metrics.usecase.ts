// GET /v2/metrics/cloud/descriptors/metrics and …/resources: the catalog, paged.
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import { METRICS, RESOURCES } from '@libs/telemetry';
import { decodePageToken, encodePageToken } from './page-token';

export interface DescriptorPage<T> {
  data: T[];
  meta: { pagination: { page_size: number; total_size: number; next_page_token?: string } };
  links?: { next: string };
}

function pageSize(raw: unknown): number {
  if (raw === undefined || raw === '') return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw ApiError.badRequest('page_size must be an integer from 1 to 1000', { parameter: 'page_size' });
  return n;
}

function page<T>(all: readonly T[], rawSize: unknown, rawToken: unknown, path: string): DescriptorPage<T> {
  const size = pageSize(rawSize);
  const offset = decodePageToken(rawToken);
  const data = all.slice(offset, offset + size);
  const next = offset + size < all.length ? encodePageToken(offset + size) : undefined;
  return {
    data,
    meta: { pagination: { page_size: size, total_size: all.length, ...(next ? { next_page_token: next } : {}) } },
    ...(next ? { links: { next: `${path}?page_size=${size}&page_token=${next}` } } : {}),
  };
}

@Injectable()
export class DescribeMetrics {
  metrics(resourceType: unknown, size: unknown, token: unknown, path: string) {
    if (
      resourceType !== undefined &&
      (typeof resourceType !== 'string' || !RESOURCES.some((r) => r.type === resourceType))
    )
      throw ApiError.badRequest(`resource_type must be one of ${RESOURCES.map((r) => r.type).join(', ')}`, {
        parameter: 'resource_type',
      });
    const list = resourceType ? METRICS.filter((m) => m.resources.includes(resourceType as 'kafka')) : METRICS;
    return page(list, size, token, path);
  }

  resources(size: unknown, token: unknown, path: string) {
    return page(RESOURCES, size, token, path);
  }
}
