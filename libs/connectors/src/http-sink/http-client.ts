// The HTTP client of one HttpSinkV2 task: an undici Agent with keep-alive and at most
// MAX_CONNECTIONS sockets per origin, whose every new connection (the API, the OAuth2 token
// endpoint, any redirect target) is first checked against the egress policy and then made to the
// checked address (no DNS rebinding window; TLS still names the host). Redirects are followed by
// hand (at most MAX_REDIRECTS hops) so each hop's URL goes through the same agent and check.
// Response bodies are read up to MAX_BODY_BYTES (they are reported, never buffered unbounded).
import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { EgressPolicy } from '../egress/egress-policy';
import type { TlsSettings } from './http-sink-config';

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
  private readonly agent: Agent;

  constructor(policy: EgressPolicy, tls: TlsSettings, connectTimeoutMs: number) {
    const base = buildConnector({
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
    });
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
    this.agent = new Agent({ connect, connections: MAX_CONNECTIONS, keepAliveTimeout: 30_000, pipelining: 1 });
  }

  /** One exchange, following redirects (303: GET without body; others keep method and body). */
  async send(req: HttpRequest): Promise<HttpResponse> {
    let { method, body } = req;
    let url = req.url;
    for (let hop = 0; ; hop++) {
      const u = new URL(url);
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
