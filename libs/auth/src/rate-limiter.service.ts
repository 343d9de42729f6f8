import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { RedisService } from '@libs/redis';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (Confluent sends seconds-until, not an epoch). */
  resetSeconds: number;
}

// Fixed window in Redis so the limit holds across every API instance.
const SCRIPT = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {c, ttl}
`;

@Injectable()
export class RateLimiterService {
  private readonly logger = new Logger('RateLimiter');
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limit = config.RATE_LIMIT_REQUESTS;
    this.windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    this.redis.client.defineCommand('cpRateLimit', { numberOfKeys: 1, lua: SCRIPT });
  }

  async hit(keyId: string): Promise<RateLimitResult> {
    try {
      const [count, ttl] = (await (
        this.redis.client as unknown as { cpRateLimit(k: string, w: number): Promise<[number, number]> }
      ).cpRateLimit(`rl:${keyId}`, this.windowMs)) as [number, number];
      return {
        allowed: count <= this.limit,
        limit: this.limit,
        remaining: Math.max(0, this.limit - count),
        resetSeconds: Math.max(1, Math.ceil(ttl / 1000)),
      };
    } catch (err) {
      // Losing Redis must not take the API down; readiness reports it.
      this.logger.warn(`rate limiter unavailable: ${(err as Error).message}`);
      return { allowed: true, limit: this.limit, remaining: this.limit, resetSeconds: Math.ceil(this.windowMs / 1000) };
    }
  }
}

/** Confluent's rate-limit headers; every authenticated response carries them. */
export function setRateLimitHeaders(
  res: { setHeader(name: string, value: string): unknown },
  rate: RateLimitResult,
): void {
  res.setHeader('X-RateLimit-Limit', String(rate.limit));
  res.setHeader('X-RateLimit-Remaining', String(rate.remaining));
  res.setHeader('X-RateLimit-Reset', String(rate.resetSeconds));
}
