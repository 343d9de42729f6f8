// apiN.retry.on.status.codes: codes and inclusive ranges, `404,408,500-` or `400-500`. Some codes
// are retried whatever the list says, as Confluent documents ("unauthorized, timeouts and too many
// requests"): 401 (after an OAuth2 token refresh), 408, 429 and 504.
export const ALWAYS_RETRIED = new Set([401, 408, 429, 504]);

export type StatusCodeSet = (code: number) => boolean;

/** The matcher, or an error message naming the bad entry. */
export function parseStatusCodes(text: string): StatusCodeSet | string {
  const ranges: [number, number][] = [];
  for (const raw of text.split(',')) {
    const e = raw.trim();
    if (!e) continue;
    const m = /^(\d{3})(?:\s*(-)\s*(\d{3})?)?$/.exec(e);
    if (!m) return `'${e}' is not a status code or a range of status codes (e.g. 404,408,500-)`;
    const lo = Number(m[1]);
    const hi = m[2] ? (m[3] ? Number(m[3]) : 999) : lo;
    if (hi < lo) return `range '${e}' ends before it starts`;
    ranges.push([lo, hi]);
  }
  return (code) => ranges.some(([lo, hi]) => code >= lo && code <= hi);
}

/** Whether a response with this status is tried again (given attempts are left). */
export function isRetriableStatus(code: number, configured: StatusCodeSet): boolean {
  if (code >= 200 && code < 300) return false;
  return ALWAYS_RETRIED.has(code) || configured(code);
}
