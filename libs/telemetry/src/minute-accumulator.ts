// Per-minute sums (or maxima, or last values) of the samples a process records, written to the
// Metrics API's store every flush. Recording is a map update, so a task can record every batch;
// the store sees one statement per minute and combine mode per flush, however many tasks there are.
// Several processes write the same series (a connector's tasks on several workers): counters add
// up in the store, gauges keep the maximum or the last value.
import type { MetricCombine, MetricSample } from '@libs/db';
import { metricLabelsKey } from '@libs/db';

export interface MetricSeriesStore {
  add(minute: Date, combine: MetricCombine, samples: MetricSample[]): Promise<number>;
}

type Pending = Map<string, MetricSample>;

const MINUTE_MS = 60_000;

export interface MinuteAccumulatorOptions {
  flushMs: number;
  /** Series kept while the store is down; beyond it samples are counted as dropped. */
  maxPending: number;
}

export class MinuteAccumulator {
  /** minute (epoch ms) → combine → series key → sample */
  private pending = new Map<number, Map<MetricCombine, Pending>>();
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Samples not kept because the store was unreachable for long. */
  dropped = 0;

  constructor(
    private readonly store: MetricSeriesStore,
    private readonly onError: (e: Error) => void,
    private readonly opts: MinuteAccumulatorOptions = { flushMs: 60_000, maxPending: 200_000 },
  ) {}

  start(): void {
    this.timer = setInterval(
      () => void this.flush().catch((e: unknown) => this.onError(e as Error)),
      this.opts.flushMs,
    );
    this.timer.unref();
  }

  /** Adds to a counter's current minute. */
  count(sample: Omit<MetricSample, 'labels'> & { labels?: Record<string, string> }, at = Date.now()): void {
    this.record('sum', sample, at);
  }

  /** A gauge's value; several in the same minute keep the largest. */
  max(sample: Omit<MetricSample, 'labels'> & { labels?: Record<string, string> }, at = Date.now()): void {
    this.record('max', sample, at);
  }

  /** A gauge's value; the last in the minute wins. */
  set(sample: Omit<MetricSample, 'labels'> & { labels?: Record<string, string> }, at = Date.now()): void {
    this.record('set', sample, at);
  }

  private record(
    combine: MetricCombine,
    s: Omit<MetricSample, 'labels'> & { labels?: Record<string, string> },
    at: number,
    restoring = false,
  ): void {
    const minute = at - (at % MINUTE_MS);
    let byCombine = this.pending.get(minute);
    if (!byCombine) this.pending.set(minute, (byCombine = new Map()));
    let series = byCombine.get(combine);
    if (!series) byCombine.set(combine, (series = new Map()));
    const labels = s.labels ?? {};
    const key = `${s.resourceId}\u001e${s.metric}\u001e${metricLabelsKey(labels)}`;
    const prev = series.get(key);
    if (prev) {
      // A failed write's 'set' value is older than one recorded while it was in flight: keep the newer.
      if (restoring && combine === 'set') return;
      prev.value =
        combine === 'sum' ? prev.value + s.value : combine === 'max' ? Math.max(prev.value, s.value) : s.value;
      return;
    }
    if (this.size >= this.opts.maxPending) {
      this.dropped++;
      return;
    }
    this.size++;
    series.set(key, {
      resourceType: s.resourceType,
      resourceId: s.resourceId,
      metric: s.metric,
      labels,
      value: s.value,
    });
  }

  /** Writes everything recorded so far; what a failed write held is merged back for the next flush. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.size = 0;
    let failure: Error | undefined;
    for (const [minute, byCombine] of [...batch].sort((a, b) => a[0] - b[0])) {
      for (const [combine, series] of byCombine) {
        if (failure) {
          this.restore(minute, combine, series);
          continue;
        }
        try {
          await this.store.add(new Date(minute), combine, [...series.values()]);
        } catch (e) {
          failure = e as Error;
          this.restore(minute, combine, series);
        }
      }
    }
    if (failure) throw failure;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush().catch((e: unknown) => this.onError(e as Error));
  }

  private restore(minute: number, combine: MetricCombine, series: Pending): void {
    for (const s of series.values()) this.record(combine, s, minute, true);
  }
}
