/** A counter of one fixed window: its count and the milliseconds left. */
export interface WindowCount {
  count: number;
  ttlMs: number;
}

const MAX_WINDOWS = 100_000;

/**
 * Fixed-window counters in this process's memory: the rate limiter's fallback while Redis is
 * unreachable (the same windows as the Redis script, but per process, not per deployment).
 */
export class LocalWindows {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The window's current count, without counting. */
  peek(key: string): WindowCount {
    const w = this.live(key);
    return w ? { count: w.count, ttlMs: w.resetAt - this.now() } : { count: 0, ttlMs: 0 };
  }

  /** Counts one more in the window (opening one of `windowMs` if none is open). */
  incr(key: string, windowMs: number): WindowCount {
    let w = this.live(key);
    if (!w) {
      if (this.windows.size >= MAX_WINDOWS) this.sweep();
      w = { count: 0, resetAt: this.now() + windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return { count: w.count, ttlMs: w.resetAt - this.now() };
  }

  private live(key: string): { count: number; resetAt: number } | undefined {
    const w = this.windows.get(key);
    if (w && w.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  // Drops closed windows; if all are open (a flood of distinct keys), the oldest half.
  private sweep(): void {
    const now = this.now();
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    if (this.windows.size < MAX_WINDOWS) return;
    let drop = this.windows.size / 2;
    for (const k of this.windows.keys()) {
      if (drop-- <= 0) break;
      this.windows.delete(k);
    }
  }
}
