// The Metrics API's page tokens: an opaque offset into the ordered list (groups or descriptors).
import { ApiError } from '@libs/api-common';

export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodePageToken(raw: unknown): number {
  if (raw === undefined || raw === '') return 0;
  try {
    const v = JSON.parse(Buffer.from(String(raw), 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0) return v.o;
  } catch {
    // falls through to the 400
  }
  throw ApiError.badRequest('page_token is not a token this API issued (or it expired): start over without it', {
    parameter: 'page_token',
  });
}
