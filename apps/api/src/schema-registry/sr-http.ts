// HTTP conventions of the Schema Registry API (API-NOTES.md §14.3): response media type negotiation
// and Confluent error codes for library errors.
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
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

@Injectable()
export class SchemaRegistryHttpInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    res.setHeader('Content-Type', negotiateMediaType(req.headers.accept));
    return next.handle().pipe(
      catchError((e: unknown) => {
        // Errors are rendered as application/json by the global filter.
        res.removeHeader('Content-Type');
        return throwError(() => toSrError(e));
      }),
    );
  }
}

type Query = Record<string, unknown>;

const first = (v: unknown): string | undefined => (Array.isArray(v) ? (v[0] as string | undefined) : typeof v === 'string' ? v : undefined);

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
