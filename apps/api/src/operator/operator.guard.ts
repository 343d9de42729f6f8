import { createHmac, timingSafeEqual } from 'node:crypto';
import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { BasicStrategy } from 'passport-http';
import { ApiError } from '@libs/api-common';
import { APP_CONFIG, type AppConfig } from '@libs/config';

export const OPERATOR_STRATEGY = 'operator';

const digest = (s: string) => createHmac('sha256', 'operator-credential').update(s).digest();

/** The hosting operator's own credential (OPERATOR_API_KEY/SECRET), never a tenant key. */
@Injectable()
export class OperatorStrategy extends PassportStrategy(BasicStrategy, OPERATOR_STRATEGY) {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  validate(key: string, secret: string): { operator: true } {
    const { OPERATOR_API_KEY: k, OPERATOR_API_SECRET: s } = this.config;
    if (!k || !s)
      throw ApiError.unauthenticated('The operator API is disabled (set OPERATOR_API_KEY and OPERATOR_API_SECRET)');
    const ok = timingSafeEqual(digest(`${key}:${secret}`), digest(`${k}:${s}`));
    if (!ok) throw ApiError.unauthenticated('Invalid operator credential');
    return { operator: true };
  }
}

@Injectable()
export class OperatorGuard extends AuthGuard(OPERATOR_STRATEGY) {
  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user)
      throw ApiError.unauthenticated(
        'Missing or malformed Authorization header; use Basic base64(OPERATOR_API_KEY:OPERATOR_API_SECRET)',
      );
    return user;
  }

  override canActivate(context: ExecutionContext) {
    return super.canActivate(context);
  }
}
