// Happy-path shortcut for the hottest Schema Registry call, GET /schemas/ids/{id} (every deserializer
// cache miss): a valid SR key of a live registry asking for a cached-or-existing id is answered here,
// before Nest's guard/interceptor chain. The checks are the same components the guard uses
// (passport's API-key strategy, RateLimiterService); ANY other case — no/odd credentials, wrong key kind,
// rate limit exceeded, unknown id, query parameters, errors — falls through to the regular route,
// which owns every error answer.
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import {
  authenticateApiKey,
  clientAddress,
  PassportBasicAuth,
  RateLimiterService,
  setRateLimitHeaders,
} from '@libs/auth';
import { EnvironmentRepository } from '@libs/db';
import { SchemaReadUsecases } from '@libs/schema-registry';
import { negotiateMediaType } from './sr-http';

const PATH = /^\/schemas\/ids\/(\d{1,10})$/;

@Injectable()
export class SchemaByIdFastPath implements NestMiddleware {
  private readonly live = new Map<string, number>();

  constructor(
    private readonly auth: PassportBasicAuth,
    private readonly rateLimiter: RateLimiterService,
    private readonly environments: EnvironmentRepository,
    private readonly sr: SchemaReadUsecases,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.tryServe(req, res).then(
      (served) => {
        if (!served) next();
      },
      () => next(),
    );
  }

  private async tryServe(req: Request, res: Response): Promise<boolean> {
    if (req.method !== 'GET') return false;
    const m = PATH.exec(req.originalUrl);
    // with Confluent-Accept-Unknown-Properties the answer carries the GUID: the regular route adds it
    if (!m || !req.headers.authorization || req.headers['confluent-accept-unknown-properties']) return false;
    const result = await authenticateApiKey(this.auth, req, res);
    if (!result.ok || result.user.resourceKind !== 'SCHEMA_REGISTRY' || !result.user.resourceId) return false;
    const p = result.user;
    const registryKey = `${p.organizationId}/${p.resourceId}`;
    const checkedAt = this.live.get(registryKey);
    if (checkedAt === undefined || Date.now() - checkedAt > 10_000) {
      if (!(await this.environments.getBySchemaRegistry(p.scope, p.resourceId as string))) return false;
      if (this.live.size > 10_000) this.live.clear();
      this.live.set(registryKey, Date.now());
    }
    let body: string;
    try {
      body = JSON.stringify(await this.sr.schemaById({ scope: p.scope, id: p.resourceId as string }, m[1] as string));
    } catch {
      return false; // unknown id and the like: the regular route answers (and counts) it
    }
    const rate = await this.rateLimiter.hit(p.apiKeyId, { keyId: p.apiKeyId, address: clientAddress(req) });
    if (!rate.allowed) return false;
    setRateLimitHeaders(res, rate);
    res.status(200).type(negotiateMediaType(req.headers.accept)).send(body);
    return true;
  }
}
