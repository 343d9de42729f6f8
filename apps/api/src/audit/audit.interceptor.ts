import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { toApiError } from '@libs/api-common';
import { AuditEventRepository } from '@libs/db';
import { auditEventOf, markAudited, MUTATIONS, type AuditedRequest } from './audit-event';

/**
 * Every mutation that reaches its handler leaves an audit event (who, what, when, result) before
 * the response goes out, failed ones too. Reads are not audited. Requests refused before the handler
 * (authentication, rate limits, body parser) are recorded by auditRejections().
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditEventRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuditedRequest>();
    if (!MUTATIONS.has(req.method)) return next.handle();
    markAudited(req);
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

  private async record(req: AuditedRequest, status: number, body: unknown): Promise<void> {
    try {
      await this.audit.record(auditEventOf(req, status, body));
    } catch (err) {
      this.logger.error({ err }, 'audit event could not be written');
    }
  }
}
