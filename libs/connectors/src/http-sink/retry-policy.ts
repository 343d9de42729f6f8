// Backoff between attempts of one request (apiN.retry.backoff.policy): CONSTANT_VALUE waits
// retry.backoff.ms each time; EXPONENTIAL_WITH_JITTER doubles it per attempt and picks a random
// wait in the upper half of that (so concurrent tasks do not retry in step), capped. A server's
// Retry-After (seconds or an HTTP date, on 429/503) is honoured up to the same cap.
export type BackoffPolicy = 'CONSTANT_VALUE' | 'EXPONENTIAL_WITH_JITTER';

/** No single wait longer than this, whatever the attempt number or Retry-After says. */
export const MAX_BACKOFF_MS = 60_000;

export function backoffMs(
  policy: BackoffPolicy,
  baseMs: number,
  attempt: number,
  random: () => number = Math.random,
): number {
  if (baseMs <= 0) return 0;
  if (policy === 'CONSTANT_VALUE') return Math.min(baseMs, MAX_BACKOFF_MS);
  const exp = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Retry-After in ms, or null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Math.min(MAX_BACKOFF_MS, Number(v.trim()) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.min(MAX_BACKOFF_MS, Math.max(0, at - now));
}

/** The wait before attempt `attempt + 1`: the server's Retry-After when it gave one, else the policy's. */
export function nextDelayMs(
  policy: BackoffPolicy,
  baseMs: number,
  attempt: number,
  retryAfter: string | string[] | undefined,
): number {
  return retryAfterMs(retryAfter) ?? backoffMs(policy, baseMs, attempt);
}
