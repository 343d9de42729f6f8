// Batches of HttpSinkV2: records of one group (same URL, method and batch key) in consumption
// order, at most max.batch.size per request. A body is a JSON array of the payloads
// (batch.json.as.array), or batch.prefix + payloads joined by batch.separator + batch.suffix.
import type { ApiConfig } from './http-sink-config';
import type { RenderedRecord } from './request-builder';

export interface Batch {
  api: ApiConfig;
  group: string;
  items: RenderedRecord[];
}

/** Groups in first-seen order, each cut into chunks of max.batch.size (order kept within a group). */
export function toBatches(api: ApiConfig, items: RenderedRecord[]): Batch[] {
  const groups = new Map<string, RenderedRecord[]>();
  for (const it of items) {
    let g = groups.get(it.group);
    if (!g) groups.set(it.group, (g = []));
    g.push(it);
  }
  const out: Batch[] = [];
  for (const [group, list] of groups)
    for (let i = 0; i < list.length; i += api.maxBatchSize)
      out.push({ api, group, items: list.slice(i, i + api.maxBatchSize) });
  return out;
}

/** The request body of a batch, or null when its records send none (DELETE, GET). */
export function batchBody(api: ApiConfig, payloads: (string | null)[]): string | null {
  const present = payloads.filter((p): p is string => p !== null);
  if (present.length === 0) return null;
  if (api.jsonArray) return `[${present.join(',')}]`;
  return api.batchPrefix + present.join(api.batchSeparator) + api.batchSuffix;
}
