import { HttpException } from '@nestjs/common';
import { ApiError } from './api-error';
import { isDependencyUnavailable } from './unavailable';

// A database restart or failover usually completes within seconds.
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_input',
  401: 'user_unauthenticated',
  403: 'forbidden_access',
  404: 'resource_not_found',
  405: 'method_not_allowed',
  409: 'resource_already_exists',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid_configuration',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/**
 * Prisma request errors that only a race can cause (the use case checked first, another request
 * changed the rows in between): a conflict for the client to resolve, not a server crash.
 */
const PRISMA_RACES: Record<string, [number, string, string]> = {
  P2002: [409, 'resource_already_exists', 'A resource with the same identity was created concurrently'],
  P2003: [409, 'conflict', 'A related resource changed concurrently; retry the request'],
  P2025: [404, 'resource_not_found', 'Resource Not Found'],
};

/** Turns whatever was thrown (ours, Nest's, body-parser's, a bug) into an ApiError; 5xx hides details. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    const message =
      typeof res === 'string'
        ? res
        : Array.isArray((res as { message?: unknown }).message)
          ? (res as { message: string[] }).message.join('; ')
          : String((res as { message?: unknown }).message ?? err.message);
    return new ApiError(
      status,
      CODE_BY_STATUS[status] ?? 'error',
      status === 404 && /^Cannot /.test(message) ? 'HTTP 404 Not Found' : message,
    );
  }
  const e = err as {
    type?: string;
    status?: number;
    statusCode?: number;
    message?: string;
    limit?: number;
    code?: unknown;
    clientVersion?: unknown;
  };
  const raced = typeof e?.code === 'string' && typeof e.clientVersion === 'string' ? PRISMA_RACES[e.code] : undefined;
  if (raced) return new ApiError(raced[0], raced[1], raced[2]);
  if (e && e.type === 'entity.parse.failed')
    return ApiError.badRequest(`Malformed JSON in request body: ${e.message ?? 'parse error'}`);
  if (e && e.type === 'entity.too.large')
    return new ApiError(413, 'payload_too_large', `Request body is larger than the ${e.limit ?? 1048576}-byte limit`);
  if (e && typeof e.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new ApiError(e.status, CODE_BY_STATUS[e.status] ?? 'invalid_input', e.message ?? 'Bad Request');
  }
  if (isDependencyUnavailable(err))
    return new ApiError(503, 'service_unavailable', 'The service is temporarily unavailable; retry later', {
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    });
  return new ApiError(500, 'internal_error', 'Oops, something went wrong');
}
