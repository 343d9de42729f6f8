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
    // An outage (503) is the dependency's fault, already visible in readiness: one line, no stack.
    if (err.status === 503) this.logger.warn(`${req.method} ${req.path}: unavailable: ${messageOf(exception)}`);
    else if (err.status >= 500) this.logger.error({ err: exception, path: req.path }, 'unhandled error');
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(err.options.headers ?? {})) res.setHeader(name, value);
    res.status(err.status).json(renderError(apiFamilyOf(req.path), err, requestIdOf(req)));
  }
}

function messageOf(exception: unknown): string {
  return exception instanceof Error ? exception.message.split('\n').slice(-1)[0]! : String(exception);
}
