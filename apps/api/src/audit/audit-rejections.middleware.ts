import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuditEventRepository } from '@libs/db';
import { auditEventOf, isAudited, MUTATIONS, type AuditedRequest } from './audit-event';

const logger = new Logger('Audit');

/**
 * Express middleware at the front of the chain: a mutating request that never reached the audit
 * interceptor (refused by authentication, a rate limit, the body parser or the router) is recorded
 * when its response is done, with the status the client got. Reads return at once, so a GET pays
 * one Set lookup.
 */
export function auditRejections(audit: AuditEventRepository) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!MUTATIONS.has(req.method)) return next();
    res.once('close', () => {
      if (isAudited(req)) return;
      const status = res.headersSent ? res.statusCode : 'aborted';
      audit
        .record(auditEventOf(req as AuditedRequest, status))
        .catch((err: unknown) => logger.error({ err }, 'audit event could not be written'));
    });
    next();
  };
}
