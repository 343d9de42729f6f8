/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * The tests' own connection pool. The API closes a keep-alive connection after 5 s idle and says so
 * (`Keep-Alive: timeout=5`); fetch's default pool keeps it until 4 s, a 1 s margin that a loaded CI
 * machine's event-loop lag eats: the next request went out on a socket the server had just closed
 * ("fetch failed"). Idle sockets are dropped after 2 s here instead.
 */
const pool = new Agent({ keepAliveTimeout: 2000, keepAliveMaxTimeout: 2000 });
export interface Credentials {
  key: string;
  secret: string;
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export const basic = (c: Credentials): string => `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;

/** Plain fetch over real HTTP; `body` is parsed JSON when the response is JSON. */
export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  opts: { auth?: Credentials | string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.auth) headers.authorization = typeof opts.auth === 'string' ? opts.auth : basic(opts.auth);
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await undiciFetch(`${baseUrl}${path}`, { method, headers, body, dispatcher: pool }).catch((e: Error) => {
    // fetch's own message is only "fetch failed": name the socket error and the request
    const cause = e.cause as { code?: string; message?: string } | undefined;
    throw new Error(`${method} ${baseUrl}${path}: ${e.message} (${cause?.code ?? ''} ${cause?.message ?? ''})`, {
      cause: e,
    });
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers as unknown as Headers, body: parsed as T, text };
}
