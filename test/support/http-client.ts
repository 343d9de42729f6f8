/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
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
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}
