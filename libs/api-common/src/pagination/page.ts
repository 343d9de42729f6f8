import { ApiError } from '../errors/api-error';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

/** Keyset position: rows are ordered by (createdAt, id). */
export interface Cursor {
  createdAt: Date;
  id: string;
}

export interface PageRequest {
  size: number;
  after?: Cursor;
}

export interface Page<T> {
  rows: T[];
  next?: Cursor;
  total: number;
}

export function encodePageToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.getTime(), cursor.id])).toString('base64url');
}

function decodePageToken(token: string): Cursor | undefined {
  if (token.length > 255 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [ms, id] = value as [unknown, unknown];
    if (typeof ms !== 'number' || !Number.isFinite(ms) || typeof id !== 'string' || id.length > 64) return undefined;
    return { createdAt: new Date(ms), id };
  } catch {
    return undefined;
  }
}

/** page_size / page_token from a query string, with Confluent's limits; bad values are a 400 naming the parameter. */
export function parsePageRequest(query: Record<string, unknown>): PageRequest {
  const rawSize = query.page_size;
  let size = DEFAULT_PAGE_SIZE;
  if (rawSize !== undefined) {
    const text = Array.isArray(rawSize) ? rawSize[rawSize.length - 1] : rawSize;
    if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_PAGE_SIZE) {
      throw new ApiError(400, 'invalid_page_size', `page_size must be an integer from 1 to ${MAX_PAGE_SIZE}`, {
        parameter: 'page_size',
      });
    }
    size = Number(text);
  }
  const rawToken = query.page_token;
  if (rawToken === undefined || rawToken === '') return { size };
  const after = typeof rawToken === 'string' ? decodePageToken(rawToken) : undefined;
  if (!after)
    throw new ApiError(400, 'invalid_page_token', 'page_token is not a token this API issued', {
      parameter: 'page_token',
    });
  return { size, after };
}

/** Prisma `where` fragment for rows after the cursor in (createdAt, id) order. */
export function afterCursor(after: Cursor | undefined): object {
  if (!after) return {};
  return {
    OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }],
  };
}

export const PAGE_ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/** Takes size+1 rows to learn whether a next page exists. */
export function toPage<T extends { createdAt: Date; id: string }>(rows: T[], size: number, total: number): Page<T> {
  const hasMore = rows.length > size;
  const pageRows = hasMore ? rows.slice(0, size) : rows;
  const last = pageRows[pageRows.length - 1];
  return { rows: pageRows, total, next: hasMore && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}
