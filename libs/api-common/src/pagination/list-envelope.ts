import { encodePageToken, type Page } from './page';

/** Confluent's list shape: {api_version, kind: <Kind>List, metadata{first,next,total_size}, data}. */
export function listEnvelope<T, R>(
  apiVersion: string,
  kind: string,
  selfUrl: string,
  query: Record<string, unknown>,
  page: Page<T>,
  present: (row: T) => R,
): { api_version: string; kind: string; metadata: Record<string, unknown>; data: R[] } {
  const first = withQuery(selfUrl, query, undefined);
  return {
    api_version: apiVersion,
    kind: `${kind}List`,
    metadata: {
      first,
      ...(page.next ? { next: withQuery(selfUrl, query, encodePageToken(page.next)) } : {}),
      total_size: page.total,
    },
    data: page.rows.map(present),
  };
}

function withQuery(base: string, query: Record<string, unknown>, pageToken: string | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === 'page_token') continue;
    for (const item of Array.isArray(v) ? v : [v]) if (typeof item === 'string') params.append(k, item);
  }
  if (pageToken) params.set('page_token', pageToken);
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}
