import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from '@libs/api-common';
import type { ApiKeyResourceKind } from '@libs/db';
import { authenticateApiKey, clientAddress } from '../api-key-basic-auth';
import { refusedCredential, tooManyFailures } from '../auth-failures';
import { PassportBasicAuth } from '../basic-auth';
import type { Principal } from '../principal';
import { RateLimiterService, setRateLimitHeaders } from '../rate-limiter.service';

/**
 * Authenticates the API key (HTTP Basic base64(API_KEY:API_SECRET), through passport), checks it is
 * the kind this API family takes, then applies the per-key rate limit (Confluent's X-RateLimit-*
 * headers, 429 + Retry-After). Refused secrets count against the failed-authentication limits.
 */
@Injectable()
export abstract class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly auth: PassportBasicAuth,
    private readonly rateLimiter: RateLimiterService,
  ) {}

  protected abstract readonly kind: ApiKeyResourceKind;
  protected abstract readonly wrongKindMessage: string;

  /** Extra scoping, e.g. a cluster key only for its own cluster id in the path. */
  protected acceptsResource(_principal: Principal, _req: Request): boolean {
    return true;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: Principal }>();
    const res = context.switchToHttp().getResponse<Response>();
    const outcome = await authenticateApiKey(this.auth, req, res);
    const address = clientAddress(req);
    if (!outcome.ok) {
      if (outcome.attempted === undefined)
        throw ApiError.unauthenticated(
          'Missing or malformed Authorization header; use Basic base64(API_KEY:API_SECRET)',
        );
      const attempt = { keyId: outcome.attempted, address };
      throw await refusedCredential(this.rateLimiter, res, attempt, ApiError.unauthenticated('The API Key is invalid'));
    }
    const principal = outcome.user;
    const attempt = { keyId: principal.apiKeyId, address };
    req.user = principal;
    if (principal.resourceKind !== this.kind || !this.acceptsResource(principal, req)) {
      // While the failure limits refuse this key id here, a right secret must look like a wrong one.
      const failures = await this.rateLimiter.failures(attempt);
      if (!failures.allowed) {
        setRateLimitHeaders(res, failures);
        throw tooManyFailures(failures);
      }
      throw ApiError.unauthenticated(this.wrongKindMessage);
    }
    const rate = await this.rateLimiter.hit(principal.apiKeyId, attempt);
    setRateLimitHeaders(res, rate);
    if (rate.byFailures) throw tooManyFailures(rate);
    if (!rate.allowed) {
      throw new ApiError(429, 'too_many_requests', 'Too many requests for this API key; retry later', {
        headers: { 'Retry-After': String(rate.resetSeconds) },
      });
    }
    return true;
  }
}

/** Org/IAM/CMK/Connect: cloud keys only. */
@Injectable()
export class CloudKeyGuard extends ApiKeyGuard {
  protected readonly kind = 'CLOUD' as const;
  protected readonly wrongKindMessage = 'This API takes a Cloud API key; resource-scoped keys cannot authenticate here';
}

/** Kafka REST: a key of the cluster named in the path. */
@Injectable()
export class ClusterKeyGuard extends ApiKeyGuard {
  protected readonly kind = 'KAFKA_CLUSTER' as const;
  protected readonly wrongKindMessage = 'Authentication failed: use an API key of this Kafka cluster';

  protected override acceptsResource(principal: Principal, req: Request): boolean {
    const clusterId = req.params.cluster_id;
    return clusterId === undefined || principal.resourceId === clusterId;
  }
}

/** Schema Registry: a key of some registry (the key selects the registry). */
@Injectable()
export class SchemaRegistryKeyGuard extends ApiKeyGuard {
  protected readonly kind = 'SCHEMA_REGISTRY' as const;
  protected readonly wrongKindMessage = 'Authentication failed: use a Schema Registry API key';
}
