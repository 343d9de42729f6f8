// Confluent's connector log search (`POST /logs/v1/search`, behind `confluent connect logs`): the
// CRN names the connector (by name) in the caller's organization, environment and cluster; lines
// newest first, filtered by levels, text and time range, 1–200 per page, `metadata.next` while
// more may follow.
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { ConnectorLogRepository, type ConnectorLogLine } from '@libs/db';
import { ConnectScope } from './connect-scope';

const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG'];
const MAX_PAGE = 200;
const CRN =
  /^crn:\/\/confluent\.cloud\/organization=([^/]+)\/environment=([^/]+)\/cloud-cluster=([^/]+)\/connector=([^/]+)$/;

export interface LogSearchPage {
  api_version: 'v1';
  kind: 'LoggingSearchResponse';
  data: {
    timestamp: string;
    level: string;
    task_id: string;
    id: string;
    message: string;
    exception?: { stacktrace: string };
  }[];
  /** The page token of the next page (the controller makes it a URL); absent on the last page. */
  next?: string;
}

const bad = (message: string, pointer?: string) => ApiError.badRequest(message, pointer ? { pointer } : undefined);

function time(raw: unknown, field: string): Date | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const d = typeof raw === 'string' ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw bad(`${field} must be an RFC 3339 time`, `/${field}`);
  return d;
}

/** The opaque continuation: the last line's time and id. */
function encodeToken(line: ConnectorLogLine): string {
  return Buffer.from(JSON.stringify({ t: line.time.toISOString(), id: line.id.toString() })).toString('base64url');
}

function decodeToken(raw: string): { time: Date; id: bigint } {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { t: string; id: string };
    const t = new Date(v.t);
    if (Number.isNaN(t.getTime()) || !/^\d{1,19}$/.test(v.id)) throw new Error('bad');
    return { time: t, id: BigInt(v.id) };
  } catch {
    throw ApiError.badRequest('page_token is not a token this API issued', { parameter: 'page_token' });
  }
}

@Injectable()
export class SearchConnectorLogs {
  constructor(
    private readonly scope: ConnectScope,
    private readonly logs: ConnectorLogRepository,
  ) {}

  async execute(p: Principal, body: unknown, pageSize: unknown, pageToken: unknown): Promise<LogSearchPage> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('The request body must be a JSON object');
    const b = body as { crn?: unknown; search?: unknown; sort?: unknown; start_time?: unknown; end_time?: unknown };
    const m = typeof b.crn === 'string' ? CRN.exec(b.crn) : null;
    if (!m)
      throw bad(
        'crn must be crn://confluent.cloud/organization=<id>/environment=<id>/cloud-cluster=<id>/connector=<name>',
        '/crn',
      );
    const [, org, env, lkc, name] = m;
    if (org !== p.organizationId) throw new ApiError(404, 'resource_not_found', 'connector not found');
    const s = await this.scope.connector(p, env, lkc, decodeURIComponent(name), 'account');
    const search = (b.search ?? {}) as { level?: unknown; search_text?: unknown; id?: unknown };
    if (typeof search !== 'object' || Array.isArray(search)) throw bad('search must be an object', '/search');
    const levels = search.level === undefined ? [] : search.level;
    if (!Array.isArray(levels) || levels.some((l) => typeof l !== 'string' || !LEVELS.includes(l.toUpperCase())))
      throw bad(`search.level must be a list of ${LEVELS.join(', ')}`, '/search/level');
    if (search.search_text !== undefined && typeof search.search_text !== 'string')
      throw bad('search.search_text must be a string', '/search/search_text');
    if (search.id !== undefined && search.id !== s.connector.id)
      throw bad(`search.id ${String(search.id)} is not the id of connector ${s.connector.name}`, '/search/id');
    if (b.sort !== undefined && b.sort !== 'desc') throw bad('sort must be desc (newest first)', '/sort');
    const size = pageSize === undefined || pageSize === '' ? MAX_PAGE : Number(pageSize);
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE)
      throw ApiError.badRequest(`page_size must be 1 to ${MAX_PAGE}`, { parameter: 'page_size' });
    const lines = await this.logs.search(p.scope, {
      connectorId: s.connector.id,
      levels: (levels as string[]).map((l) => l.toUpperCase()),
      text: (search.search_text as string | undefined) || undefined,
      start: time(b.start_time, 'start_time'),
      end: time(b.end_time, 'end_time'),
      after: typeof pageToken === 'string' && pageToken !== '' ? decodeToken(pageToken) : undefined,
      limit: size,
    });
    return {
      api_version: 'v1',
      kind: 'LoggingSearchResponse',
      data: lines.map((l) => ({
        timestamp: l.time.toISOString(),
        level: l.level,
        task_id: l.taskId === null ? 'connector' : `task-${l.taskId}`,
        id: s.connector.id,
        message: l.message,
        ...(l.exception ? { exception: { stacktrace: l.exception } } : {}),
      })),
      ...(lines.length === size ? { next: encodeToken(lines[lines.length - 1]) } : {}),
    };
  }
}
