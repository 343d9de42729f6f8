// HTTP to the control plane with HTTP Basic credentials. Every API family's error body is reduced
// to its message, so a failure prints as `Error: <the API's message>`.
import { CliError } from '../errors';
import { CliLog } from '../output/log';

export interface Credentials {
  key: string;
  secret: string;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
}

const RETRIABLE = new Set([429, 502, 503, 504]);
const MAX_ATTEMPTS = 3;

/** The message of any of the error shapes the APIs answer with (Confluent Failure, Connect v1, Kafka REST / SR). */
export function errorMessage(status: number, body: unknown, text: string): string {
  const b = body as {
    errors?: { detail?: string; title?: string }[];
    error?: { message?: string } | string;
    message?: string;
  } | null;
  const first = b?.errors?.[0];
  if (first) return first.detail || first.title || `HTTP ${status}`;
  if (b && typeof b.error === 'object' && b.error?.message) return b.error.message;
  if (b?.message) return b.message;
  if (b && typeof b.error === 'string') return b.error;
  return text.trim() || `HTTP ${status}`;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly credentials: Credentials,
    private readonly log: CliLog = CliLog.silent(),
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    opts: { allow?: number[]; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const url = path.startsWith('http') ? path : `${this.baseUrl.replace(/\/$/, '')}${path}`;
    const auth = Buffer.from(`${this.credentials.key}:${this.credentials.secret}`).toString('base64');
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      const headers = {
        authorization: `Basic ${auth}`,
        accept: 'application/json',
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...opts.headers,
      };
      const started = Date.now();
      this.log.log('debug', `${method} ${url}`);
      if (this.log.enabled('trace')) {
        this.log.log('trace', `request headers: ${this.log.headers(headers)}`);
        if (body !== undefined) this.log.log('trace', `request body: ${this.log.body(body)}`);
      }
      try {
        res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (e) {
        throw new CliError(`unable to reach ${new URL(url).origin}: ${(e as Error).cause ?? (e as Error).message}`);
      }
      const text = await res.text();
      this.log.log('debug', `${method} ${url}: ${res.status} ${res.statusText} (${Date.now() - started} ms)`);
      if (text && this.log.enabled('trace')) this.log.log('trace', `response body: ${this.log.body(text)}`);
      const parsed = parseJson(text);
      if (RETRIABLE.has(res.status) && attempt < MAX_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 250 * attempt));
        continue;
      }
      if (res.ok || opts.allow?.includes(res.status)) return { status: res.status, body: parsed as T };
      throw new ApiError(res.status, errorMessage(res.status, parsed, text));
    }
  }

  get = <T = unknown>(path: string, opts?: { allow?: number[]; headers?: Record<string, string> }) =>
    this.request<T>('GET', path, undefined, opts);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
