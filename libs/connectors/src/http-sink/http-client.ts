// The HTTP client of one HttpSinkV2 task: an undici Agent with keep-alive and at most
// MAX_CONNECTIONS sockets per origin, whose every new connection (the API, the OAuth2 token
// endpoint, any redirect target) is first checked against the egress policy and then made to the
// checked address (no DNS rebinding window; TLS still names the host). Redirects are followed by
// hand (at most MAX_REDIRECTS hops) so each hop's URL goes through the same agent and check.
// Response bodies are read up to MAX_BODY_BYTES (they are reported, never buffered unbounded).
// With http.proxy.* the requests are tunnelled (CONNECT) through undici's ProxyAgent: the connection
// to the proxy goes through the same checked connector, and each target URL is checked by name
// before its request (the proxy resolves it again: a rebinding window the direct path does not have).
import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import { Agent, buildConnector, Client, ProxyAgent, type Dispatcher } from 'undici';
import type { EgressPolicy } from '../egress/egress-policy';
import type { ProxySettings, TlsSettings } from './http-sink-config';

export const MAX_CONNECTIONS = 8;
export const MAX_REDIRECTS = 5;
/** Bodies are reported (the success and error topics), so they are cut well below a Kafka record's 1 MB. */
export const MAX_BODY_BYTES = 256 * 1024;

export class EgressRefusedError extends Error {
  override readonly name = 'EgressRefusedError';
}

export interface HttpResponse {
  status: number;
  reason: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The URL that answered (after redirects). */
  url: string;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
}

export class HttpClient {
  private readonly agent: Dispatcher;

  constructor(
    private readonly policy: EgressPolicy,
    tls: TlsSettings,
    connectTimeoutMs: number,
    private readonly proxy: ProxySettings | null = null,
  ) {
    const tlsOptions: buildConnector.BuildOptions = {
      timeout: connectTimeoutMs,
      ...(tls.enabled
        ? {
            minVersion: tls.minVersion,
            ...(tls.ca ? { ca: tls.ca } : {}),
            ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}),
            ...(tls.pfx ? { pfx: tls.pfx } : {}),
            ...(tls.passphrase ? { passphrase: tls.passphrase } : {}),
          }
        : {}),
      ...(tls.verifyHost ? {} : { checkServerIdentity: () => undefined }),
    };
    const base = buildConnector(tlsOptions);
    const connect: buildConnector.connector = (opts, cb) => {
      const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
      const host = opts.hostname.replace(/^\[|\]$/g, '');
      policy.check(host, port).then(
        (d) => {
          if (!d.allowed) return cb(new EgressRefusedError(`egress to ${host}:${port} refused: ${d.reason}`), null);
          const servername = isIP(host) ? undefined : (opts.servername ?? host);
          base({ ...opts, hostname: d.addresses[0] ?? host, ...(servername ? { servername } : {}) }, cb);
        },
        (e: Error) => cb(e, null),
      );
    };
    const pooling = { connections: MAX_CONNECTIONS, keepAliveTimeout: 30_000, pipelining: 1 };
    this.agent = proxy
      ? new ProxyAgent({
          uri: `http://${proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host}:${proxy.port}`,
          ...(proxy.user
            ? { token: `Basic ${Buffer.from(`${proxy.user}:${proxy.password}`).toString('base64')}` }
            : {}),
          requestTls: tlsOptions,
          // the proxy connection itself goes through the checked connector
          clientFactory: (origin: URL, opts: object) => new Client(origin, { ...opts, connect }),
          ...pooling,
        })
      : new Agent({ connect, ...pooling });
  }

  /** Through a proxy the target is reached by name: its address is checked here first. */
  private async checkTarget(u: URL): Promise<void> {
    if (!this.proxy) return;
    const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const d = await this.policy.check(host, port);
    if (!d.allowed) throw new EgressRefusedError(`egress to ${host}:${port} refused: ${d.reason}`);
  }

  /** One exchange, following redirects (303: GET without body; others keep method and body). */
  async send(req: HttpRequest): Promise<HttpResponse> {
    let { method, body } = req;
    let url = req.url;
    for (let hop = 0; ; hop++) {
      const u = new URL(url);
      await this.checkTarget(u);
      const res = await this.agent.request({
        origin: u.origin,
        path: u.pathname + u.search,
        method: method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: body ?? undefined,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(res.statusCode) && location && hop < MAX_REDIRECTS) {
        await res.body.dump();
        url = new URL(String(location), url).toString();
        if (res.statusCode === 303) {
          method = 'GET';
          body = null;
        }
        continue;
      }
      return {
        status: res.statusCode,
        reason: STATUS_CODES[res.statusCode] ?? '',
        headers: res.headers,
        body: await readCapped(res.body),
        url,
      };
    }
  }

  async close(): Promise<void> {
    // destroy, not close: a stopping task must not wait for a slow endpoint's in-flight requests
    await this.agent.destroy().catch(() => undefined);
  }
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    const b = c as Buffer;
    if (size < MAX_BODY_BYTES) chunks.push(b.subarray(0, MAX_BODY_BYTES - size));
    size += b.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
