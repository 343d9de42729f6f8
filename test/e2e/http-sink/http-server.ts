// A local HTTP endpoint for the HttpSinkV2 tests: records every request (method, path, headers,
// body) and answers through per-path handlers the test sets; an OAuth2 token endpoint issuing
// numbered tokens with a short lifetime, and a way to revoke the current one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Seen, n: number) => { status: number; body?: string; headers?: Record<string, string> };

export class TestEndpoint {
  readonly seen: Seen[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly counts = new Map<string, number>();
  private server: Server | null = null;
  port = 0;
  /** OAuth2: tokens issued so far; the valid one is the latest unless revoked. */
  tokensIssued = 0;
  revoked = new Set<string>();
  tokenLifetimeS = 3600;

  on(path: string, h: Handler): void {
    this.handlers.set(path, h);
  }

  requests(prefix: string): Seen[] {
    return this.seen.filter((s) => s.path.startsWith(prefix));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private answer(req: IncomingMessage, body: string, res: ServerResponse): void {
    const seen: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
    this.seen.push(seen);
    const path = seen.path.split('?')[0];
    if (path === '/oauth/token') {
      const token = `tok-${++this.tokensIssued}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeS }));
      return;
    }
    const key = [...this.handlers.keys()].filter((p) => path.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    const n = (this.counts.get(key ?? '') ?? 0) + 1;
    this.counts.set(key ?? '', n);
    const out = key ? this.handlers.get(key)!(seen, n) : { status: 404, body: 'no handler' };
    res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
    res.end(out.body ?? '');
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}
