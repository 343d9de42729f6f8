import { ApiError, parsePageRequest } from '@libs/api-common';
import type { AuditEventFilter } from '@libs/db';

export interface AuditEventsQuery {
  filter: Omit<AuditEventFilter, 'organization'>;
  size: number;
  beforeId?: bigint;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

const bad = (parameter: string, detail: string) => new ApiError(400, 'invalid_parameter', detail, { parameter });

/** The last value of a query parameter (repeated ones: the last wins, as for page_size). */
function single(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  if (last === undefined || last === '') return undefined;
  if (typeof last !== 'string') throw bad(name, `${name} must be a single value`);
  return last;
}

function time(query: Record<string, unknown>, name: string): Date | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  const ms = RFC3339.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw bad(name, `${name} must be an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z`);
  return new Date(ms);
}

/** page_size/page_token and the filters of GET /audit/v1/events; bad values are a 400 naming the parameter. */
export function parseAuditEventsQuery(query: Record<string, unknown>): AuditEventsQuery {
  const page = parsePageRequest(query);
  let beforeId: bigint | undefined;
  if (page.after) {
    if (!/^\d{1,19}$/.test(page.after.id))
      throw new ApiError(400, 'invalid_page_token', 'page_token is not a token this API issued', {
        parameter: 'page_token',
      });
    beforeId = BigInt(page.after.id);
  }
  const since = time(query, 'start_time');
  const until = time(query, 'end_time');
  if (since && until && since >= until) throw bad('end_time', 'end_time must be after start_time');
  const principal = single(query, 'principal');
  if (principal !== undefined && principal.length > 128) throw bad('principal', 'principal is too long');
  const method = single(query, 'method')?.toUpperCase();
  if (method !== undefined && !['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
    throw bad('method', 'method must be one of POST, PUT, PATCH, DELETE (reads are not audited)');
  const path = single(query, 'path');
  if (path !== undefined && (!path.startsWith('/') || path.length > 512))
    throw bad('path', 'path must start with / (at most 512 characters)');
  const result = single(query, 'result')?.toLowerCase();
  if (result !== undefined && !/^(success|aborted|[1-5]\d\d)$/.test(result))
    throw bad('result', 'result must be "success", "aborted" or an HTTP status such as 401');
  return {
    size: page.size,
    beforeId,
    filter: { since, until, actor: principal, method, pathPrefix: path, result },
  };
}
