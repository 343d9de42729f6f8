import type { Credentials } from './session';

/** A failed call, with the API's own message whichever of its error shapes it answered with. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** The message of any of the APIs' error bodies (Org/IAM/CMK, Connect, Kafka REST, SR, Metrics). */
export function errorMessage(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const errors = b.errors as Array<Record<string, unknown>> | undefined;
    if (Array.isArray(errors) && errors[0]) return String(errors[0].detail ?? errors[0].title ?? `HTTP ${status}`);
    const error = b.error as Record<string, unknown> | null | undefined;
    if (error && typeof error === 'object' && error.message) return String(error.message);
    if (typeof b.message === 'string') return b.message;
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
  return `HTTP ${status}`;
}

export interface CallOptions {
  auth: Credentials;
  body?: unknown;
  signal?: AbortSignal;
}

function basic(c: Credentials): string {
  return `Basic ${btoa(`${c.key}:${c.secret}`)}`;
}

/** Same-origin call to the public APIs: the console talks only to what a script would use. */
export async function call<T>(method: string, path: string, opts: CallOptions): Promise<T> {
  const headers: Record<string, string> = {
    Authorization: basic(opts.auth),
    Accept: 'application/json',
    // the API then answers 401 without a Basic challenge, so the browser opens no prompt of its own
    'X-Requested-With': 'XMLHttpRequest',
  };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  const text = await res.text();
  let body: unknown = text;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      /* plain text answer */
    }
  } else body = undefined;
  if (!res.ok) throw new ApiFailure(res.status, errorMessage(body, res.status), body);
  return body as T;
}
