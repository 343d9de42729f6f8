import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { RedisService } from '@libs/redis';
import { LocalWindows, type WindowCount } from './local-windows';
import { FAILED_AUTH_SCRIPT, FAILURE_COUNTS_SCRIPT, REQUEST_SCRIPT } from './rate-limit-scripts';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (Confluent sends seconds-until, not an epoch). */
  resetSeconds: number;
  /** The failed-authentication limits decided this (not the key's request budget). */
  byFailures?: boolean;
}

/** Who tried to authenticate: the key id (or operator user) sent, and the client's address. */
export interface AuthAttempt {
  keyId: string;
  address: string;
}

type Scripted = {
  cpRateLimit(rl: string, fk: string, fa: string, windowMs: number, lk: number, la: number): Promise<number[]>;
  cpAuthFailed(fk: string, fa: string, windowMs: number): Promise<number[]>;
  cpAuthFailures(fk: string, fa: string): Promise<number[]>;
};

// Attacker-chosen key ids are cut short so they cannot make huge Redis keys.
const keyCounter = (a: AuthAttempt) => `af:k:${a.keyId.slice(0, 64)}:${a.address}`;
const addressCounter = (a: AuthAttempt) => `af:a:${a.address}`;

/**
 * Fixed windows in Redis, so limits hold across every API instance: requests per API key, and
 * failed authentications per (key id, client address) and per client address. Failures are limited
 * per address so that an attacker's failures never refuse a key's correct use from elsewhere.
 *
 * Redis unreachable: fails open to the same windows kept in this process (so each instance then
 * enforces the limits on its own share of the traffic), without waiting on Redis (RedisService.run).
 */
@Injectable()
export class RateLimiterService {
  private readonly logger = new Logger('RateLimiter');
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly failureLimit: number;
  private readonly addressFailureLimit: number;
  private readonly local = new LocalWindows();
  private degraded = false;

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limit = config.RATE_LIMIT_REQUESTS;
    this.windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    this.failureLimit = config.AUTH_FAILURE_LIMIT;
    this.addressFailureLimit = config.AUTH_FAILURE_ADDRESS_LIMIT;
    this.redis.client.defineCommand('cpRateLimit', { numberOfKeys: 3, lua: REQUEST_SCRIPT });
    this.redis.client.defineCommand('cpAuthFailed', { numberOfKeys: 2, lua: FAILED_AUTH_SCRIPT });
    this.redis.client.defineCommand('cpAuthFailures', { numberOfKeys: 2, lua: FAILURE_COUNTS_SCRIPT });
  }

  /**
   * An authenticated request of `keyId`: refused while the attempt's (key id, address) or address is
   * over its failure limit (else a correct guess would stand out among the 429s), else counted
   * against the key's request budget.
   */
  async hit(keyId: string, attempt: AuthAttempt): Promise<RateLimitResult> {
    const [fk, fa] = [keyCounter(attempt), addressCounter(attempt)];
    const r = await this.withFallback(
      (c) => c.cpRateLimit(`rl:${keyId}`, fk, fa, this.windowMs, this.failureLimit, this.addressFailureLimit),
      () => {
        const k = this.local.peek(fk);
        if (k.count >= this.failureLimit) return [0, k.count, k.ttlMs];
        const a = this.local.peek(fa);
        if (a.count >= this.addressFailureLimit) return [1, a.count, a.ttlMs];
        const w = this.local.incr(`rl:${keyId}`, this.windowMs);
        return [2, w.count, w.ttlMs];
      },
    );
    const window = { count: r[1], ttlMs: r[2] };
    if (r[0] === 0) return { ...result(this.failureLimit, window, false), byFailures: true };
    if (r[0] === 1) return { ...result(this.addressFailureLimit, window, false), byFailures: true };
    return result(this.limit, window, window.count <= this.limit);
  }

  /** A credential that was checked and refused: counted; not allowed once over either failure limit. */
  async failed(attempt: AuthAttempt): Promise<RateLimitResult> {
    const [fk, fa] = [keyCounter(attempt), addressCounter(attempt)];
    const r = await this.withFallback(
      (c) => c.cpAuthFailed(fk, fa, this.windowMs),
      () => {
        const k = this.local.incr(fk, this.windowMs);
        const a = this.local.incr(fa, this.windowMs);
        return [k.count, k.ttlMs, a.count, a.ttlMs];
      },
    );
    return this.failureResult({ count: r[0], ttlMs: r[1] }, { count: r[2], ttlMs: r[3] }, 0);
  }

  /** Whether a further attempt is refused by the failure limits, without counting anything. */
  async failures(attempt: AuthAttempt): Promise<RateLimitResult> {
    const [fk, fa] = [keyCounter(attempt), addressCounter(attempt)];
    const r = await this.withFallback(
      (c) => c.cpAuthFailures(fk, fa),
      () => {
        const k = this.local.peek(fk);
        const a = this.local.peek(fa);
        return [k.count, k.ttlMs, a.count, a.ttlMs];
      },
    );
    return this.failureResult({ count: r[0], ttlMs: r[1] }, { count: r[2], ttlMs: r[3] }, 1);
  }

  // `slack` 0: the counts include this attempt (allowed up to the limit); 1: the next attempt would add one.
  private failureResult(k: WindowCount, a: WindowCount, slack: number): RateLimitResult {
    const allowed = k.count + slack <= this.failureLimit && a.count + slack <= this.addressFailureLimit;
    // The headers describe whichever budget is closer to running out.
    const rate =
      this.failureLimit - k.count <= this.addressFailureLimit - a.count
        ? result(this.failureLimit, k, allowed)
        : result(this.addressFailureLimit, a, allowed);
    return { ...rate, byFailures: true };
  }

  private async withFallback(remote: (c: Scripted) => Promise<number[]>, local: () => number[]): Promise<number[]> {
    if (this.redis.available) {
      try {
        const r = await this.redis.run((c) => remote(c as unknown as Scripted));
        if (this.degraded) this.logger.log('rate limiter back on Redis');
        this.degraded = false;
        return r.map(Number);
      } catch (err) {
        if (!this.degraded) this.logger.warn(`rate limiter on per-process windows: ${(err as Error).message}`);
        this.degraded = true;
        return local();
      }
    }
    if (!this.degraded) this.logger.warn('rate limiter on per-process windows: redis unavailable');
    this.degraded = true;
    return local();
  }
}

function result(limit: number, w: WindowCount, allowed: boolean): RateLimitResult {
  const ttlMs = w.ttlMs > 0 ? w.ttlMs : 1000;
  return {
    allowed,
    limit,
    remaining: allowed ? Math.max(0, limit - w.count) : 0,
    resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
  };
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
