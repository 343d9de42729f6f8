// The acting reconciler's part of the Metrics API: each connector's status sampled once a minute
// (connector_status), and series past the retention dropped once an hour.
import { background } from './guard';
import type { ConnectorTelemetry } from './connector-telemetry';
import { deriveConnectorState, type ConnectorStateInput } from './connector-status';
import type { RuntimeLog } from './runtime-log';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export class MetricsHousekeeping {
  private lastSample = 0;
  private lastPrune = 0;

  constructor(
    private readonly telemetry: ConnectorTelemetry,
    private readonly store: { prune(olderThan: Date): Promise<number> },
    private readonly log: RuntimeLog,
    private readonly retentionDays: number,
  ) {}

  /** After a reconciler pass over these connectors (every connector the reconciler acts for). */
  afterPass(connectors: readonly (ConnectorStateInput & { id: string })[], now = Date.now()): void {
    if (Math.floor(now / MINUTE_MS) !== Math.floor(this.lastSample / MINUTE_MS)) {
      this.lastSample = now;
      for (const c of connectors) this.telemetry.status(c.id, deriveConnectorState(c));
    }
    if (now - this.lastPrune >= HOUR_MS) {
      this.lastPrune = now;
      const olderThan = new Date(now - this.retentionDays * 24 * HOUR_MS);
      background(this.log, 'metric series not pruned', {}, () => this.store.prune(olderThan));
    }
  }
}
