// The acting reconciler's part of the Metrics API: each connector's status sampled on every pass
// (connector_status: a 1 under each status the connector had during the minute; the accumulator
// keeps one value per series and minute, so this costs a map write per connector and pass), and
// series past the retention dropped once an hour.
import { background } from './guard';
import type { ConnectorTelemetry } from './connector-telemetry';
import { deriveConnectorState, type ConnectorStateInput } from './connector-status';
import type { RuntimeLog } from './runtime-log';

const HOUR_MS = 3_600_000;

export class MetricsHousekeeping {
  private lastPrune = 0;

  constructor(
    private readonly telemetry: ConnectorTelemetry,
    private readonly store: { prune(olderThan: Date): Promise<number> },
    private readonly log: RuntimeLog,
    private readonly retentionDays: number,
  ) {}

  /** After a reconciler pass over these connectors (every connector the reconciler acts for). */
  afterPass(connectors: readonly (ConnectorStateInput & { id: string })[], now = Date.now()): void {
    for (const c of connectors) this.telemetry.status(c.id, deriveConnectorState(c), now);
    if (now - this.lastPrune >= HOUR_MS) {
      this.lastPrune = now;
      const olderThan = new Date(now - this.retentionDays * 24 * HOUR_MS);
      background(this.log, 'metric series not pruned', {}, () => this.store.prune(olderThan));
    }
  }
}
