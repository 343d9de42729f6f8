import { createHmac, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '@libs/api-common';
import { parseBasicAuth } from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';

const digest = (s: string) => createHmac('sha256', 'operator-credential').update(s).digest();

/** The hosting operator's own credential (OPERATOR_API_KEY/SECRET, HTTP Basic), never a tenant key. */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { user?: { operator: true } }>();
    const credentials = parseBasicAuth(req.headers.authorization);
    if (!credentials)
      throw ApiError.unauthenticated(
        'Missing or malformed Authorization header; use Basic base64(OPERATOR_API_KEY:OPERATOR_API_SECRET)',
      );
    const { OPERATOR_API_KEY: k, OPERATOR_API_SECRET: s } = this.config;
    if (!k || !s)
      throw ApiError.unauthenticated('The operator API is disabled (set OPERATOR_API_KEY and OPERATOR_API_SECRET)');
    const ok = timingSafeEqual(digest(`${credentials.user}:${credentials.password}`), digest(`${k}:${s}`));
    if (!ok) throw ApiError.unauthenticated('Invalid operator credential');
    req.user = { operator: true };
    return true;
  }
}
