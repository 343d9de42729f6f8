// One record → what HttpSinkV2 sends for it: the URL (base URL + templated API path and path
// parameters + query parameters), the method (a tombstone with behavior.on.null.values=DELETE, or
// method DELETE, sends no body and appends /${key} unless the path names ${key} or ${topic}) and
// its payload (the record as JSON or as a string, or the http.request.body template), with the
// regex rewrites applied.
import type { SinkRecord } from '@libs/connect-spi';
import { JsonConverter } from '@libs/connect-converters';
import type { ApiConfig, Method } from './http-sink-config';
import { hasPlaceholder, renderTemplate } from './templates';

export interface RenderedRecord {
  record: SinkRecord;
  method: Method;
  url: string;
  /** null: no body (DELETE, GET without allow.get.request.body). */
  payload: string | null;
  /** Records with the same group go into the same requests (URL, method and batch key). */
  group: string;
}

export type RenderResult = RenderedRecord | { skip: true } | { error: Error };

export class NullRecordException extends Error {
  override readonly name = 'NullRecordException';
}

const json = new JsonConverter();
json.configure({ 'schemas.enable': false }, false);

/** The record value as the request body format renders it. */
export function payloadOf(api: ApiConfig, r: SinkRecord): string {
  let out: string;
  if (api.bodyTemplate !== null) out = renderTemplate(api.bodyTemplate, r);
  else if (api.bodyFormat === 'JSON')
    out = json.fromConnectData(r.topic, null, r.valueSchema, r.value)?.toString('utf8') ?? 'null';
  else
    out =
      typeof r.value === 'string'
        ? r.value
        : r.value instanceof Uint8Array
          ? Buffer.from(r.value).toString('utf8')
          : String(r.value);
  for (const { pattern, replacement } of api.regex) out = out.replace(pattern, renderTemplate(replacement, r));
  return out;
}

export function joinUrl(base: string, path: string): string {
  if (!path) return base;
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}

export function urlFor(baseUrl: string, api: ApiConfig, r: SinkRecord, method: Method): string {
  let path = api.path;
  if (method === 'DELETE' && !hasPlaceholder(path, ['key', 'topic'])) path = `${path.replace(/\/+$/, '')}/\${key}`;
  // path parameters first (their values may be templates themselves), then the record's placeholders
  for (const [name, value] of api.pathParams)
    path = path.replaceAll(`\${${name}}`, encodeURIComponent(renderTemplate(value, r)));
  let url = joinUrl(baseUrl, renderTemplate(path, r, encodeURIComponent));
  if (api.queryParams.length > 0) {
    const q = api.queryParams
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(renderTemplate(v, r))}`)
      .join('&');
    url += (url.includes('?') ? '&' : '?') + q;
  }
  return url;
}

export function renderRecord(baseUrl: string, api: ApiConfig, r: SinkRecord): RenderResult {
  try {
    const tombstone = r.value === null || r.value === undefined;
    if (tombstone && api.onNull === 'IGNORE') return { skip: true };
    if (tombstone && api.onNull === 'FAIL')
      return {
        error: new NullRecordException(
          `Null valued record at ${r.topic}-${r.kafkaPartition}@${r.kafkaOffset} (behavior.on.null.values=FAIL)`,
        ),
      };
    const method: Method = tombstone ? 'DELETE' : api.method;
    const url = urlFor(baseUrl, api, r, method);
    const body = method !== 'DELETE' && (method !== 'GET' || api.allowGetBody);
    const key = api.batchKeyPattern === null ? '' : renderTemplate(api.batchKeyPattern, r);
    return { record: r, method, url, payload: body ? payloadOf(api, r) : null, group: `${method} ${url}\u0000${key}` };
  } catch (e) {
    return { error: e instanceof Error ? e : new Error(String(e)) };
  }
}
