// HTTP conventions of the Schema Registry API
// (https://docs.confluent.io/platform/current/schema-registry/develop/api.html):
// response media type negotiation and Confluent error codes for library errors.
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, switchMap, throwError, type Observable } from 'rxjs';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { EnvironmentRepository } from '@libs/db';
import { toSrError } from './sr-errors';

const V1 = 'application/vnd.schemaregistry.v1+json';
const GENERIC = 'application/vnd.schemaregistry+json';

/** Preferred: vnd.schemaregistry.v1+json (also for a missing Accept or any wildcard), then the generic type, then JSON. */
export function negotiateMediaType(accept: string | undefined): string {
  if (!accept) return V1;
  const types = accept.split(',').map((t) => t.split(';')[0]?.trim().toLowerCase());
  if (types.includes(V1) || types.includes('*/*') || types.includes('application/*')) return V1;
  if (types.includes(GENERIC)) return GENERIC;
  if (types.includes('application/json')) return 'application/json';
  return V1;
}

/**
 * Runs after SchemaRegistryKeyGuard: the key's registry must still belong to an environment of its
 * organization (a key outliving its environment gets 401, never the leftover registry), then sets the
 * negotiated media type and maps library errors to Confluent codes.
 */
@Injectable()
export class SchemaRegistryHttpInterceptor implements NestInterceptor {
  private readonly live = new Map<string, number>();

  constructor(private readonly environments: EnvironmentRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: Principal }>();
    const res = http.getResponse<Response>();
    res.setHeader('Content-Type', negotiateMediaType(req.headers.accept));
    return from(this.requireRegistry(req.user)).pipe(
      switchMap(() => next.handle()),
      catchError((e: unknown) => {
        // Errors are rendered as application/json by the global filter.
        res.removeHeader('Content-Type');
        return throwError(() => toSrError(e));
      }),
    );
  }

  private async requireRegistry(p: Principal | undefined): Promise<void> {
    if (!p?.resourceId) throw ApiError.unauthenticated('Authentication failed: use a Schema Registry API key');
    const key = `${p.organizationId}/${p.resourceId}`;
    const checkedAt = this.live.get(key);
    if (checkedAt !== undefined && Date.now() - checkedAt < 10_000) return;
    if (!(await this.environments.getBySchemaRegistry(p.scope, p.resourceId))) {
      this.live.delete(key);
      throw ApiError.unauthenticated('Authentication failed: this Schema Registry no longer exists');
    }
    if (this.live.size > 10_000) this.live.clear();
    this.live.set(key, Date.now());
  }
}

type Query = Record<string, unknown>;

const first = (v: unknown): string | undefined =>
  Array.isArray(v) ? (v[0] as string | undefined) : typeof v === 'string' ? v : undefined;

export const boolQuery = (q: Query, name: string): boolean => first(q[name])?.toLowerCase() === 'true';

export function intQuery(q: Query, name: string, fallback: number): number {
  const v = first(q[name]);
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  return Number.isInteger(n) ? n : fallback;
}

export const strQuery = (q: Query, name: string): string | undefined => first(q[name]);

export const listQuery = (q: Query) => ({
  deleted: boolQuery(q, 'deleted'),
  deletedOnly: boolQuery(q, 'deletedOnly'),
  offset: intQuery(q, 'offset', 0),
  limit: intQuery(q, 'limit', -1),
});
