// Helpers shared by the connectors: merging per-property errors into ConfigValues, status
// messages a task exposes to the runtime, topic creation settings.
import { ConfigValue, type Config, type Props } from '@libs/connect-spi';

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

/**
 * A task that has something to say in its status (ConnectorTask.message) while RUNNING, e.g.
 * Datagen after its last iteration. The runtime polls `statusMessage()` after each poll()/put()
 * and stores it when it changed.
 */
export interface TaskStatusMessage {
  statusMessage(): string | null;
}

export function taskStatusMessage(task: unknown): string | null | undefined {
  const t = task as Partial<TaskStatusMessage> | null;
  return t && typeof t.statusMessage === 'function' ? t.statusMessage() : undefined;
}

/** A topic a source connector wants created when missing (KIP-158 `topic.creation.*`). */
export interface TopicCreationSpec {
  topic: string;
  /** -1 = the broker's default. */
  partitions: number;
  /** -1 = the broker's default. */
  replicationFactor: number;
  /** Other `topic.creation.default.<config>` entries as topic configs, e.g. max.message.bytes. */
  configs: Record<string, string>;
}

/** Cloud's defaults: 1 partition; replication from the broker (Cloud's template forces 3). */
export function topicCreationFor(topic: string, props: Props): TopicCreationSpec {
  const prefix = 'topic.creation.default.';
  const num = (k: string, d: number): number => {
    const v = props[prefix + k];
    const n = v === undefined || v === '' ? d : Number(v);
    return Number.isInteger(n) ? n : d;
  };
  const configs: Record<string, string> = {};
  for (const [k, v] of Object.entries(props))
    if (k.startsWith(prefix) && k !== prefix + 'partitions' && k !== prefix + 'replication.factor')
      configs[k.slice(prefix.length)] = String(v);
  return { topic, partitions: num('partitions', 1), replicationFactor: num('replication.factor', -1), configs };
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
