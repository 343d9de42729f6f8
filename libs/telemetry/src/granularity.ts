// Query granularities and how long an interval each may cover (Confluent: PT1M → 6 h, PT5M → 1 day,
// PT15M → 4 days, PT30M → 7 days, PT1H and coarser unlimited). Ours lets PT1M cover a day: a
// day of one connector's minutes is 1,440 points, cheap from hour rows, and every request
// Confluent accepts is still accepted. Buckets are aligned to UTC.
export const GRANULARITIES = {
  PT1M: { ms: 60_000, maxIntervalMs: 86_400_000 },
  PT5M: { ms: 300_000, maxIntervalMs: 86_400_000 },
  PT15M: { ms: 900_000, maxIntervalMs: 4 * 86_400_000 },
  PT30M: { ms: 1_800_000, maxIntervalMs: 7 * 86_400_000 },
  PT1H: { ms: 3_600_000, maxIntervalMs: Infinity },
  PT4H: { ms: 4 * 3_600_000, maxIntervalMs: Infinity },
  PT6H: { ms: 6 * 3_600_000, maxIntervalMs: Infinity },
  PT12H: { ms: 12 * 3_600_000, maxIntervalMs: Infinity },
  P1D: { ms: 86_400_000, maxIntervalMs: Infinity },
  ALL: { ms: Infinity, maxIntervalMs: Infinity },
} as const;

export type Granularity = keyof typeof GRANULARITIES;

// Own keys only: `in` also sees Object.prototype ('constructor', 'toString'), which would pass as a
// granularity without a width.
export const isGranularity = (g: unknown): g is Granularity => typeof g === 'string' && Object.hasOwn(GRANULARITIES, g);
