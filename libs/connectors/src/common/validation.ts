// Helpers shared by the connectors: merging per-property errors into ConfigValues, an
// interruptible sleep. (Task status messages and topic creation are runtime contracts: @libs/connect-spi.)
import { ConfigValue, type Config } from '@libs/connect-spi';

/**
 * Puts `errors` (property → messages) onto `base`. For the properties in `owned` the given messages
 * replace the ConfigDef's own (our validators word them as Confluent does); others are appended.
 */
export function mergeErrors(
  base: ConfigValue[],
  errors: Record<string, string[]>,
  owned: readonly string[] = [],
): Config {
  const byName = new Map(base.map((cv) => [cv.name, cv]));
  for (const name of owned) {
    const cv = byName.get(name);
    if (cv) cv.errorMessages.length = 0;
  }
  for (const [name, msgs] of Object.entries(errors)) {
    let cv = byName.get(name);
    if (!cv) {
      cv = new ConfigValue(name);
      byName.set(name, cv);
      base.push(cv);
    }
    for (const m of msgs) if (!cv.errorMessages.includes(m)) cv.addErrorMessage(m);
  }
  return { configValues: base };
}

/** Interruptible sleep: resolves early when `signal` fires. */
export function sleep(ms: number, signal?: { onAbort(cb: () => void): void }): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.onAbort(() => {
      clearTimeout(t);
      resolve();
    });
  });
}

export class Stopper {
  private stopped = false;
  private readonly listeners = new Set<() => void>();
  get isStopped(): boolean {
    return this.stopped;
  }
  stop(): void {
    this.stopped = true;
    for (const l of this.listeners) l();
    this.listeners.clear();
  }
  onAbort(cb: () => void): void {
    if (this.stopped) cb();
    else this.listeners.add(cb);
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (ms <= 0 || this.stopped) return resolve();
      const done = (): void => {
        clearTimeout(t);
        this.listeners.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.listeners.add(done);
    });
  }
}
