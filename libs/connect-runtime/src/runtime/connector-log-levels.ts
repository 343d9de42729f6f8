// The logger levels (/admin/loggers) of the Kafka clusters whose connectors log on this worker, read
// at most every `ttlMs` per cluster: a level set through any API process reaches the running tasks
// of every worker within that time, with no signal to miss and one small query per flush at most.
import { effectiveLogLevel, logLevelEnabled, type LoggerLevelSetting, type LogLevel } from '@libs/db';

const FORGET_AFTER_MS = 10 * 60_000;

export interface LoggerLevelSource {
  loggerLevels(clusterIds: string[]): Promise<(LoggerLevelSetting & { clusterId: string })[]>;
}

/** Which logger a connector's line is logged by: its plugin class, in its Kafka cluster. */
export interface ConnectorLogger {
  clusterId: string;
  logger: string;
}

export class ConnectorLogLevels {
  private readonly byCluster = new Map<string, { settings: LoggerLevelSetting[]; readAt: number }>();

  constructor(
    private readonly source: LoggerLevelSource,
    private readonly ttlMs = 2000,
  ) {}

  /** Reads the levels of those clusters not read within the TTL (throws when the store does). */
  async refresh(clusterIds: Iterable<string>): Promise<void> {
    const now = Date.now();
    // clusters no line came from for a while (deleted, or their tasks moved) are not kept
    for (const [id, e] of this.byCluster) if (now - e.readAt > FORGET_AFTER_MS) this.byCluster.delete(id);
    const stale = [...new Set(clusterIds)].filter(
      (id) => now - (this.byCluster.get(id)?.readAt ?? -Infinity) >= this.ttlMs,
    );
    if (stale.length === 0) return;
    const rows = await this.source.loggerLevels(stale);
    for (const id of stale) this.byCluster.set(id, { settings: rows.filter((r) => r.clusterId === id), readAt: now });
  }

  /** Whether a line at `level` is kept, by the levels last read (the default ones before the first read). */
  enabled(at: ConnectorLogger, level: LogLevel): boolean {
    const settings = this.byCluster.get(at.clusterId)?.settings ?? [];
    return logLevelEnabled(effectiveLogLevel(settings, at.logger), level);
  }
}
