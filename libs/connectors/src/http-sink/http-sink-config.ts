// HttpSinkV2's parsed configuration and its cross-property rules, with errors on the property at
// fault (Confluent's names). One ApiConfig per apiN block in use (apis.num); each topic is routed
// to one API (the last that lists it wins, as in Confluent; with one API and no apiN.topics, every
// topic goes to api1).
import { ConfigException, Password, type Props } from '@libs/connect-spi';
import { httpSinkConfigDef, MAX_APIS } from './http-sink-config-def';
import { parseStatusCodes, type StatusCodeSet } from './status-codes';
import type { BackoffPolicy } from './retry-policy';
import { parsePairs } from './templates';

export const AUTH_TYPES = ['NONE', 'BASIC', 'BEARER', 'OAUTH2', 'API_KEY'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];
export const INPUT_FORMATS = ['AVRO', 'JSON_SR', 'PROTOBUF', 'JSON', 'BYTES'];
const OAUTH_MODES = ['header', 'url', 'request_body'] as const;
const NULL_BEHAVIORS = ['IGNORE', 'DELETE', 'FAIL'] as const;
const ERROR_FORMATS = ['Error string', 'Http response'];

export interface ApiConfig {
  index: number;
  topics: string[];
  path: string;
  method: Method;
  headers: [string, string][];
  queryParams: [string, string][];
  pathParams: [string, string][];
  bodyFormat: 'JSON' | 'STRING';
  bodyTemplate: string | null;
  allowGetBody: boolean;
  maxBatchSize: number;
  batchKeyPattern: string | null;
  batchPrefix: string;
  batchSuffix: string;
  batchSeparator: string;
  jsonArray: boolean;
  onNull: (typeof NULL_BEHAVIORS)[number];
  regex: { pattern: RegExp; replacement: string }[];
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxRetries: number;
  backoffMs: number;
  backoffPolicy: BackoffPolicy;
  retryOn: StatusCodeSet;
  onlyStatusCode: boolean;
}

export interface TlsSettings {
  enabled: boolean;
  minVersion: 'TLSv1.2' | 'TLSv1.3';
  ca?: string;
  cert?: string;
  key?: string;
  pfx?: Buffer;
  passphrase?: string;
  verifyHost: boolean;
}

/** An HTTP forward proxy (CONNECT tunnels), optionally with Basic proxy authentication. */
export interface ProxySettings {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface OAuth2Settings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  authMode: (typeof OAUTH_MODES)[number];
  tokenProperty: string;
  headers: [string, string][];
}

export interface HttpSinkConfig {
  connectorName: string;
  baseUrl: string;
  auth: AuthType;
  user: string;
  password: string;
  bearerToken: string;
  apiKey: { location: 'HEADER' | 'QUERY'; name: string; value: string };
  oauth2: OAuth2Settings | null;
  tls: TlsSettings;
  proxy: ProxySettings | null;
  apis: ApiConfig[];
  /** topic → API (explicit routing); topics not listed go to the single API when there is one. */
  routes: Map<string, ApiConfig>;
  behaviorOnError: 'FAIL' | 'IGNORE';
  reportErrorsAs: 'Error string' | 'Http response';
  resultTopic: string;
  errorTopic: string;
}

const str = (props: Props, k: string, dflt = ''): string => {
  const v = props[k];
  return v === undefined || v === null ? dflt : String(v);
};

const upper = (s: string) => s.trim().toUpperCase();

/** Per-property errors (ConfigDef type errors come from the ConfigDef itself). */
export function httpSinkProblems(props: Props): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (k: string, m: string) => (errors[k] ??= []).push(m);
  const inv = (k: string, v: string, why: string) => add(k, `Invalid value ${v} for configuration ${k}: ${why}`);
  const oneOf = (k: string, dflt: string, values: readonly string[], caseSensitive = false) => {
    const v = str(props, k, dflt);
    const ok = caseSensitive ? values.includes(v.trim()) : values.some((x) => x.toUpperCase() === upper(v));
    if (!ok) inv(k, v, `must be one of ${values.join(', ')}`);
    return v;
  };

  const base = str(props, 'http.api.base.url').trim();
  if (!base) add('http.api.base.url', 'Missing required configuration "http.api.base.url" which has no default value.');
  else if (!httpUrl(base)) inv('http.api.base.url', base, 'must be an http:// or https:// URL');
  oneOf('input.data.format', 'JSON', INPUT_FORMATS);
  const auth = upper(oneOf('auth.type', 'NONE', AUTH_TYPES));
  const need = (k: string, why: string) => {
    if (!str(props, k).trim()) add(k, `${k} is required when ${why}`);
  };
  if (auth === 'BASIC') {
    need('connection.user', 'auth.type is BASIC');
    need('connection.password', 'auth.type is BASIC');
  }
  if (auth === 'BEARER') need('bearer.token', 'auth.type is BEARER');
  if (auth === 'API_KEY') {
    need('api.key.value', 'auth.type is API_KEY');
    oneOf('api.key.location', 'HEADER', ['HEADER', 'QUERY']);
  }
  if (auth === 'OAUTH2') {
    oneOf('oauth2.flow.type', 'CLIENT_CREDENTIALS_FLOW', ['CLIENT_CREDENTIALS_FLOW']);
    need('oauth2.token.url', 'auth.type is OAUTH2');
    need('oauth2.client.id', 'auth.type is OAUTH2');
    need('oauth2.client.secret', 'auth.type is OAUTH2');
    const tu = str(props, 'oauth2.token.url').trim();
    if (tu && !httpUrl(tu)) inv('oauth2.token.url', tu, 'must be an http:// or https:// URL');
    oneOf('oauth2.client.auth.mode', 'header', OAUTH_MODES, true);
  }
  oneOf('behavior.on.error', 'FAIL', ['FAIL', 'IGNORE']);
  oneOf('report.errors.as', 'Error string', ERROR_FORMATS);
  oneOf('https.ssl.protocol', 'TLSv1.3', ['TLSv1.2', 'TLSv1.3'], true);
  if (str(props, 'http.proxy.host').trim()) {
    const port = str(props, 'http.proxy.port').trim();
    if (!port) add('http.proxy.port', 'Missing required configuration "http.proxy.port" which has no default value.');
    else if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)
      inv('http.proxy.port', port, 'must be a port between 1 and 65535');
  }

  const n = Number(str(props, 'apis.num', '1'));
  if (!Number.isInteger(n) || n < 1 || n > MAX_APIS) {
    inv('apis.num', str(props, 'apis.num'), `must be between 1 and ${MAX_APIS}`);
    return errors;
  }
  const topics = list(str(props, 'topics'));
  for (let i = 1; i <= n; i++) {
    const p = (k: string) => `api${i}.${k}`;
    oneOf(p('http.request.method'), 'POST', METHODS);
    oneOf(p('request.body.format'), 'JSON', ['JSON', 'STRING']);
    oneOf(p('behavior.on.null.values'), 'IGNORE', NULL_BEHAVIORS);
    oneOf(p('retry.backoff.policy'), 'EXPONENTIAL_WITH_JITTER', ['CONSTANT_VALUE', 'EXPONENTIAL_WITH_JITTER']);
    const codes = parseStatusCodes(str(props, p('retry.on.status.codes'), '400-'));
    if (typeof codes === 'string') inv(p('retry.on.status.codes'), str(props, p('retry.on.status.codes')), codes);
    const size = Number(str(props, p('max.batch.size'), '1'));
    if (!Number.isInteger(size) || size < 1 || size > 1_000_000)
      inv(p('max.batch.size'), str(props, p('max.batch.size')), 'must be at least 1');
    const json = upper(str(props, p('request.body.format'), 'JSON')) === 'JSON';
    if (json && size > 1 && str(props, p('batch.json.as.array'), 'false').trim().toLowerCase() !== 'true')
      add(
        p('batch.json.as.array'),
        `${p('batch.json.as.array')} may be false only when ${p('max.batch.size')} is 1 (with ${p('request.body.format')}=JSON)`,
      );
    for (const k of ['max.retries', 'retry.backoff.ms', 'http.connect.timeout.ms', 'http.request.timeout.ms']) {
      const v = str(props, p(k));
      if (v !== '' && (!/^\d+$/.test(v.trim()) || (k.includes('timeout') && Number(v) === 0)))
        inv(p(k), v, k.includes('timeout') ? 'must be a positive number' : 'must not be negative');
    }
    for (const t of list(str(props, p('topics'))))
      if (topics.length > 0 && !topics.includes(t))
        add(p('topics'), `Topic ${t} of ${p('topics')} is not in topics (${topics.join(',')})`);
    const pats = str(props, p('regex.patterns'));
    if (pats) {
      const sep = str(props, p('regex.separator')) || '~';
      for (const pat of pats.split(sep))
        try {
          new RegExp(pat, 'g');
        } catch (e) {
          inv(p('regex.patterns'), pat, (e as Error).message);
        }
    }
  }
  if (n > 1) {
    const routed = new Set<string>();
    for (let i = 1; i <= n; i++) for (const t of list(str(props, `api${i}.topics`))) routed.add(t);
    const lost = topics.filter((t) => !routed.has(t));
    if (lost.length > 0) add('topics', `Topics ${lost.join(', ')} are not routed to any API (apiN.topics)`);
  }
  for (let i = n + 1; i <= MAX_APIS; i++)
    if (str(props, `api${i}.http.api.path`) || str(props, `api${i}.topics`))
      add(`api${i}.http.api.path`, `api${i} is configured but apis.num is ${n}`);
  return errors;
}

/**
 * Batch prefix/suffix/separator as written (the ConfigDef trims strings, which would lose a newline
 * separator), with \\n, \\r and \\t escapes read as the characters.
 */
function raw(props: Props, k: string, dflt: string): string {
  const v = props[k];
  if (v === undefined || v === null) return dflt;
  return String(v).replace(/\\([nrt\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '\\': '\\' })[c] ?? c);
}

function list(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function httpUrl(s: string): URL | null {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** The parsed config; throws ConfigException naming the first bad property. */
/** `connectorId`: what `${connector}` in the reporter topic names stands for (Confluent: the lcc id). */
export function parseHttpSinkConfig(props: Props, connectorId?: string): HttpSinkConfig {
  const parsed = httpSinkConfigDef().parseWithErrors(props);
  const problems = { ...parsed.errors, ...httpSinkProblems(props) };
  const first = Object.entries(problems)[0];
  if (first) throw ConfigException.forKey(first[0], first[1][0]);
  const v = parsed.values;
  const s = (k: string): string => {
    const x = v[k];
    return x instanceof Password ? x.value() : x === null || x === undefined ? '' : String(x);
  };
  const connectorName = connectorId ?? props.name ?? 'HttpSinkV2';
  const apis: ApiConfig[] = [];
  const n = Number(v['apis.num']);
  for (let i = 1; i <= n; i++) {
    const p = (k: string) => s(`api${i}.${k}`);
    const size = Number(p('max.batch.size'));
    const format = upper(p('request.body.format')) as 'JSON' | 'STRING';
    const headers = parsePairs(p('http.request.headers'), p('http.request.headers.separator') || '|', ':');
    const sensitive = parsePairs(p('http.request.sensitive.headers'), p('http.request.headers.separator') || '|', ':');
    const merged = new Map<string, [string, string]>();
    for (const h of [...headers, ...sensitive]) merged.set(h[0].toLowerCase(), h);
    const regexSep = p('regex.separator') || '~';
    const pats = p('regex.patterns') ? p('regex.patterns').split(regexSep) : [];
    const reps = p('regex.replacements') ? p('regex.replacements').split(regexSep) : [];
    apis.push({
      index: i,
      topics: (v[`api${i}.topics`] as string[]) ?? [],
      path: p('http.api.path'),
      method: upper(p('http.request.method')) as Method,
      headers: [...merged.values()],
      queryParams: parsePairs(p('http.request.parameters'), p('http.request.parameters.separator') || '&', '='),
      pathParams: parsePairs(p('http.path.parameters'), p('http.path.parameters.separator') || '|', ':'),
      bodyFormat: format,
      bodyTemplate: p('http.request.body') || null,
      allowGetBody: v[`api${i}.allow.get.request.body`] === true,
      maxBatchSize: size,
      batchKeyPattern: p('batch.key.pattern') || null,
      batchPrefix: raw(props, `api${i}.batch.prefix`, ''),
      batchSuffix: raw(props, `api${i}.batch.suffix`, ''),
      batchSeparator: raw(props, `api${i}.batch.separator`, ','),
      jsonArray: format === 'JSON' && v[`api${i}.batch.json.as.array`] === true,
      onNull: upper(p('behavior.on.null.values')) as ApiConfig['onNull'],
      regex: pats.map((pat, j) => ({ pattern: new RegExp(pat, 'g'), replacement: reps[j] ?? '' })),
      connectTimeoutMs: Number(p('http.connect.timeout.ms')),
      requestTimeoutMs: Number(p('http.request.timeout.ms')),
      maxRetries: Number(p('max.retries')),
      backoffMs: Number(p('retry.backoff.ms')),
      backoffPolicy: upper(p('retry.backoff.policy')) as BackoffPolicy,
      retryOn: parseStatusCodes(p('retry.on.status.codes')) as StatusCodeSet,
      onlyStatusCode: String(v[`api${i}.report.only.status.code.to.success.topic`]) === 'true',
    });
  }
  const routes = new Map<string, ApiConfig>();
  for (const api of apis) for (const t of api.topics) routes.set(t, api); // the last API listing a topic wins
  const auth = upper(s('auth.type')) as AuthType;
  const keystore = s('https.ssl.keystorefile');
  const pem = keystore.includes('-----BEGIN');
  const oauth2: OAuth2Settings | null =
    auth === 'OAUTH2'
      ? {
          tokenUrl: s('oauth2.token.url').trim(),
          clientId: s('oauth2.client.id'),
          clientSecret: s('oauth2.client.secret'),
          scope: s('oauth2.client.scope'),
          authMode: s('oauth2.client.auth.mode').trim() as OAuth2Settings['authMode'],
          tokenProperty: s('oauth2.token.property') || 'access_token',
          headers: parsePairs(s('oauth2.client.headers'), s('oauth2.client.header.separator') || '|', ':'),
        }
      : null;
  const name = (tpl: string) => tpl.replaceAll('${connector}', connectorName);
  return {
    connectorName,
    baseUrl: s('http.api.base.url').trim(),
    auth,
    user: s('connection.user'),
    password: s('connection.password'),
    bearerToken: s('bearer.token'),
    apiKey: {
      location: upper(s('api.key.location')) === 'QUERY' ? 'QUERY' : 'HEADER',
      name: s('api.key.name') || 'X-API-KEY',
      value: s('api.key.value'),
    },
    oauth2,
    tls: {
      enabled: v['https.ssl.enabled'] === true,
      minVersion: s('https.ssl.protocol') === 'TLSv1.2' ? 'TLSv1.2' : 'TLSv1.3',
      ca: s('https.ssl.truststorefile') || undefined,
      ...(keystore && pem ? { cert: keystore, key: keystore } : {}),
      ...(keystore && !pem ? { pfx: Buffer.from(keystore, 'base64') } : {}),
      passphrase: (pem ? s('https.ssl.key.password') : s('https.ssl.keystore.password')) || undefined,
      verifyHost: s('https.host.verifier.enabled').trim().toLowerCase() !== 'false',
    },
    proxy: s('http.proxy.host').trim()
      ? {
          host: s('http.proxy.host').trim(),
          port: Number(s('http.proxy.port')),
          user: s('http.proxy.user'),
          password: s('http.proxy.password'),
        }
      : null,
    apis,
    routes,
    behaviorOnError: upper(s('behavior.on.error')) === 'IGNORE' ? 'IGNORE' : 'FAIL',
    reportErrorsAs: upper(s('report.errors.as')) === 'HTTP RESPONSE' ? 'Http response' : 'Error string',
    resultTopic: name(s('reporter.result.topic.name') || 'success-${connector}'),
    errorTopic: name(s('reporter.error.topic.name') || 'error-${connector}'),
  };
}

/** The API a topic's records go to, or null when none is configured for it. */
export function apiFor(config: HttpSinkConfig, topic: string): ApiConfig | null {
  return config.routes.get(topic) ?? (config.apis.length === 1 ? config.apis[0] : null);
}
