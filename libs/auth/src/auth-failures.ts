import type { Response } from 'express';
import { ApiError } from '@libs/api-common';
import {
  RateLimiterService,
  setRateLimitHeaders,
  type AuthAttempt,
  type RateLimitResult,
} from './rate-limiter.service';

/** 429 for an attempt refused by the failed-authentication limits (same headers as the request limit). */
export function tooManyFailures(rate: RateLimitResult): ApiError {
  return new ApiError(429, 'too_many_requests', 'Too many failed authentication attempts; retry later', {
    headers: { 'Retry-After': String(rate.resetSeconds) },
  });
}

/**
 * The error for a credential that was checked and refused: `refusal` (a 401), or a 429 once the
 * attempt's key id and address, or its address, are over their failure limits. Either way the
 * response carries the failure budget's X-RateLimit-* headers.
 */
export async function refusedCredential(
  limiter: RateLimiterService,
  res: Response,
  attempt: AuthAttempt,
  refusal: ApiError,
): Promise<ApiError> {
  const rate = await limiter.failed(attempt);
  setRateLimitHeaders(res, rate);
  return rate.allowed ? refusal : tooManyFailures(rate);
}
