import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from '@libs/api-common';
import type { ApiKeyResourceKind } from '@libs/db';
import { ApiKeyVerifierService } from '../api-key-verifier.service';
import { parseBasicAuth } from '../basic-auth';
import type { Principal } from '../principal';
import { RateLimiterService, setRateLimitHeaders } from '../rate-limiter.service';

/**
 * Authenticates the API key (HTTP Basic base64(API_KEY:API_SECRET)), checks it is the kind this API
 * family takes, then applies the per-key rate limit (Confluent's X-RateLimit-* headers, 429 +
 * Retry-After).
 */
@Injectable()
export abstract class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly verifier: ApiKeyVerifierService,
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
    const principal = await this.authenticate(req.headers.authorization);
    req.user = principal;
    if (principal.resourceKind !== this.kind || !this.acceptsResource(principal, req)) {
      throw ApiError.unauthenticated(this.wrongKindMessage);
    }
    const res = context.switchToHttp().getResponse<Response>();
    const rate = await this.rateLimiter.hit(principal.apiKeyId);
    setRateLimitHeaders(res, rate);
    if (!rate.allowed) {
      throw new ApiError(429, 'too_many_requests', 'Too many requests for this API key; retry later', {
        headers: { 'Retry-After': String(rate.resetSeconds) },
      });
    }
    return true;
  }

  private async authenticate(authorization: string | undefined): Promise<Principal> {
    const credentials = parseBasicAuth(authorization);
    if (!credentials)
      throw ApiError.unauthenticated('Missing or malformed Authorization header; use Basic base64(API_KEY:API_SECRET)');
    const result = await this.verifier.verify(credentials.user, credentials.password);
    if (result.ok) return result.principal;
    if (result.reason === 'suspended')
      throw new ApiError(403, 'organization_suspended', 'The organization of this API key is suspended');
    throw ApiError.unauthenticated('The API Key is invalid');
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
