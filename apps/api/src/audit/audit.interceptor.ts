import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { requestIdOf, toApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { AuditEventRepository } from '@libs/db';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every mutation leaves an audit event (who, what, when, result) before the response goes out,
 * failed ones too. Reads are not audited.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditEventRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { user?: Principal | { operator: true } }>();
    if (!MUTATIONS.has(req.method)) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const run = async (): Promise<unknown> => {
      try {
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await this.record(req, res.statusCode, body);
        return body;
      } catch (err) {
        await this.record(req, toApiError(err).status, undefined);
        throw err;
      }
    };
    return from(run());
  }

  private async record(
    req: Request & { user?: Principal | { operator: true } },
    status: number,
    body: unknown,
  ): Promise<void> {
    const user = req.user;
    const principal = user && 'apiKeyId' in user ? user : undefined;
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const bodyId = body && typeof body === 'object' && 'id' in body ? String((body as { id: unknown }).id) : undefined;
    const resourceId = (req.params.id ?? req.params.connector_name ?? req.params.topic_name ?? bodyId ?? null) as
      string | null;
    // Operator actions carry the organization they act on in resourceId: a deleted one could not be
    // referenced here.
    const organizationId = principal?.organizationId ?? null;
    try {
      await this.audit.record({
        organizationId,
        actor: principal ? principal.apiKeyId : user ? 'operator' : 'anonymous',
        action: `${req.method} ${route}`,
        resourceType: route.split('/').filter((s) => s && !s.startsWith(':'))[2] ?? route,
        resourceId,
        result: status < 400 ? 'success' : String(status),
        requestId: requestIdOf(req) || null,
      });
    } catch (err) {
      this.logger.error({ err }, 'audit event could not be written');
    }
  }
}
