// Endpoint authentication of HttpSinkV2: NONE, BASIC (Authorization: Basic base64(user:password)),
// BEARER, API_KEY (a header or a query parameter) and OAUTH2 client credentials. The OAuth2 token is
// fetched through the task's egress-checked client, cached until shortly before its expires_in,
// shared by concurrent requests, and dropped on a 401 so the retry fetches a new one.
import type { HttpClient } from './http-client';
import type { HttpSinkConfig, OAuth2Settings } from './http-sink-config';

/** A token is refreshed this long before it expires (or at 90 % of a short lifetime). */
const REFRESH_MARGIN_MS = 30_000;

export class OAuth2TokenError extends Error {
  override readonly name = 'OAuth2TokenError';
}

export class EndpointAuth {
  private token: { value: string; expiresAt: number } | null = null;
  private inflight: Promise<string> | null = null;
  /** Token requests made (tests and metrics). */
  tokenRequests = 0;

  constructor(
    private readonly config: HttpSinkConfig,
    private readonly client: HttpClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** The URL with an API key query parameter added when configured so. */
  decorateUrl(url: string): string {
    const k = this.config.apiKey;
    if (this.config.auth !== 'API_KEY' || k.location !== 'QUERY') return url;
    return `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(k.name)}=${encodeURIComponent(k.value)}`;
  }

  async headers(): Promise<Record<string, string>> {
    const c = this.config;
    switch (c.auth) {
      case 'BASIC':
        return { authorization: `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}` };
      case 'BEARER':
        return { authorization: `Bearer ${c.bearerToken}` };
      case 'API_KEY':
        return c.apiKey.location === 'HEADER' ? { [c.apiKey.name]: c.apiKey.value } : {};
      case 'OAUTH2':
        return { authorization: `Bearer ${await this.accessToken()}` };
      default:
        return {};
    }
  }

  /** A 401 from the API: the cached token is not good any more. */
  unauthorized(): void {
    this.token = null;
  }

  private accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt) return Promise.resolve(this.token.value);
    return (this.inflight ??= this.fetchToken(this.config.oauth2 as OAuth2Settings).finally(
      () => (this.inflight = null),
    ));
  }

  private async fetchToken(o: OAuth2Settings): Promise<string> {
    this.tokenRequests++;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (o.scope) form.set('scope', o.scope);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    for (const [k, v] of o.headers) headers[k] = v;
    let url = o.tokenUrl;
    if (o.authMode === 'header')
      headers.authorization = `Basic ${Buffer.from(`${o.clientId}:${o.clientSecret}`).toString('base64')}`;
    else if (o.authMode === 'url')
      url += `${url.includes('?') ? '&' : '?'}client_id=${encodeURIComponent(o.clientId)}&client_secret=${encodeURIComponent(o.clientSecret)}`;
    else {
      form.set('client_id', o.clientId);
      form.set('client_secret', o.clientSecret);
    }
    const res = await this.client.send({ method: 'POST', url, headers, body: form.toString(), timeoutMs: 30_000 });
    if (res.status < 200 || res.status >= 300)
      throw new OAuth2TokenError(
        `OAuth2 token request to ${o.tokenUrl} failed: HTTP ${res.status} ${res.body.slice(0, 200)}`,
      );
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(res.body) as Record<string, unknown>;
    } catch {
      throw new OAuth2TokenError(`OAuth2 token response of ${o.tokenUrl} is not JSON`);
    }
    const value = parsed[o.tokenProperty];
    if (typeof value !== 'string' || !value)
      throw new OAuth2TokenError(`OAuth2 token response of ${o.tokenUrl} has no "${o.tokenProperty}"`);
    const life = Number(parsed.expires_in) * 1000;
    const expiresAt =
      Number.isFinite(life) && life > 0 ? this.now() + Math.max(life * 0.9, life - REFRESH_MARGIN_MS) - 1 : Infinity;
    this.token = { value, expiresAt };
    return value;
  }
}
