import { createHmac, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from '@libs/api-common';
import {
  clientAddress,
  PassportBasicAuth,
  RateLimiterService,
  refusedCredential,
  setRateLimitHeaders,
  tooManyFailures,
} from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';

const digest = (s: string) => createHmac('sha256', 'operator-credential').update(s).digest();
const OPERATOR_STRATEGY = 'operator';
// Operator failures are counted apart from tenant key ids of the same spelling.
const attemptKey = (user: string) => `operator:${user}`;

/**
 * The hosting operator's own credential (OPERATOR_API_KEY/SECRET, HTTP Basic through passport),
 * never a tenant key. Refused credentials count against the failed-authentication limits.
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: PassportBasicAuth,
    private readonly rateLimiter: RateLimiterService,
  ) {
    this.auth.use<{ operator: true }>(OPERATOR_STRATEGY, async (user, password) => {
      const { OPERATOR_API_KEY: k, OPERATOR_API_SECRET: s } = this.config;
      if (!k || !s)
        throw ApiError.unauthenticated('The operator API is disabled (set OPERATOR_API_KEY and OPERATOR_API_SECRET)');
      return timingSafeEqual(digest(`${user}:${password}`), digest(`${k}:${s}`)) && { operator: true };
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: { operator: true } }>();
    const res = context.switchToHttp().getResponse<Response>();
    const outcome = await this.auth.authenticate<{ operator: true }>(OPERATOR_STRATEGY, req, res);
    const address = clientAddress(req);
    if (!outcome.ok) {
      if (outcome.attempted === undefined)
        throw ApiError.unauthenticated(
          'Missing or malformed Authorization header; use Basic base64(OPERATOR_API_KEY:OPERATOR_API_SECRET)',
        );
      const attempt = { keyId: attemptKey(outcome.attempted), address };
      throw await refusedCredential(
        this.rateLimiter,
        res,
        attempt,
        ApiError.unauthenticated('Invalid operator credential'),
      );
    }
    // While the failure limits refuse this address, the right credential must look like a wrong one.
    const failures = await this.rateLimiter.failures({
      keyId: attemptKey(this.config.OPERATOR_API_KEY ?? ''),
      address,
    });
    if (!failures.allowed) {
      setRateLimitHeaders(res, failures);
      throw tooManyFailures(failures);
    }
    req.user = outcome.user;
    return true;
  }
}
