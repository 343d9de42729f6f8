import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../errors/api-error';
import { apiFamilyOf } from '../errors/api-family';
import { renderError } from '../errors/error-formats';
import { requestIdOf } from './request-id';

const NUL_ESCAPE = /%00/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

// A UTF-16 surrogate without its pair: JSON's "\ud800" escape yields one, but it has no UTF-8 form.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * JSON.parse reviver for request bodies: Postgres text cannot hold NUL or a lone surrogate (no
 * UTF-8 form), so a string or member name carrying one is bad input (400) at the door instead of
 * a database error (500) later.
 */
export function rejectNulReviver(key: string, value: unknown): unknown {
  for (const s of typeof value === 'string' ? [key, value] : [key]) {
    if (s.includes('\u0000')) throw new SyntaxError('strings must not contain NUL (\\u0000) characters');
    if (LONE_SURROGATE.test(s)) throw new SyntaxError('strings must not contain unpaired UTF-16 surrogates');
  }
  return value;
}

function send(req: IncomingMessage & { path?: string }, res: ServerResponse, err: ApiError): void {
  const path = req.path ?? (req.url ?? '/').split('?')[0] ?? '/';
  res.statusCode = err.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(renderError(apiFamilyOf(path), err, requestIdOf(req))));
}

/**
 * Express middleware, before body parsing: a NUL in the path or query is a 400 (never reaches the
 * database); on the cloud APIs a request body that is not JSON is a 415 rather than silently ignored.
 */
export function inputGuards(jsonTypes: string[]) {
  return (
    req: IncomingMessage & { path?: string; is?: (types: string[]) => string | false | null },
    res: ServerResponse,
    next: () => void,
  ): void => {
    const url = req.url ?? '/';
    if (NUL_ESCAPE.test(url)) {
      const q = url.indexOf('?');
      const inQuery = q >= 0 && NUL_ESCAPE.test(url.slice(q));
      const param = inQuery
        ? [...new URLSearchParams(url.slice(q + 1)).entries()].find(([k, v]) => `${k}${v}`.includes('\u0000'))?.[0]
        : undefined;
      send(
        req,
        res,
        ApiError.badRequest(
          `The request ${inQuery ? 'query' : 'path'} contains a NUL character`,
          param ? { parameter: param } : {},
        ),
      );
      return;
    }
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const path = req.path ?? url.split('?')[0] ?? '/';
    if (
      hasBody &&
      BODY_METHODS.has(req.method ?? '') &&
      apiFamilyOf(path) === 'cloud' &&
      req.is &&
      !req.is(jsonTypes)
    ) {
      send(
        req,
        res,
        new ApiError(
          415,
          'unsupported_media_type',
          `Content-Type must be application/json, got ${req.headers['content-type'] ?? 'none'}`,
        ),
      );
      return;
    }
    next();
  };
}
