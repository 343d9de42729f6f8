import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { apiFamilyOf } from './api-family';
import { renderError } from './error-formats';
import { toApiError } from './to-api-error';
import { requestIdOf } from '../http/request-id';

/** Every error leaves in its API family's format; unexpected ones are logged, never leaked. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const err = toApiError(exception);
    if (err.status >= 500) this.logger.error({ err: exception, path: req.path }, 'unhandled error');
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(err.options.headers ?? {})) res.setHeader(name, value);
    res.status(err.status).json(renderError(apiFamilyOf(req.path), err, requestIdOf(req)));
  }
}
