import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const HEADER = 'x-request-id';
const VALID = /^[A-Za-z0-9._-]{1,128}$/;

/** Honours a sane incoming X-Request-Id, else mints one; echoed on every response. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[HEADER];
  // 32 hex digits as before; randomUUID draws from a cached entropy pool, randomBytes asked OpenSSL every request.
  const id = typeof incoming === 'string' && VALID.test(incoming) ? incoming : randomUUID().replace(/-/g, '');
  (req as IncomingMessage & { id?: string }).id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

export function requestIdOf(req: IncomingMessage): string {
  return (req as IncomingMessage & { id?: string }).id ?? '';
}
