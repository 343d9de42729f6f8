// What the worker's tasks report to the Metrics API (issue 17 point 1): records and bytes each
// connector wrote or read, dead-lettered records and sink lag, per minute. Tasks call it once per
// batch; the accumulator sums in memory and writes once a minute (METRICS_FLUSH_MS).
import { CONNECT_METRICS, MinuteAccumulator, type MetricSeriesStore } from '@libs/telemetry';

/** A Kafka message's payload size as the Metrics API counts it: key and value bytes. */
export function messageBytes(
  key: Buffer | string | null | undefined,
  value: Buffer | string | null | undefined,
): number {
  const size = (x: Buffer | string | null | undefined) =>
    x == null ? 0 : typeof x === 'string' ? Buffer.byteLength(x) : x.length;
  return size(key) + size(value);
}

export class ConnectorTelemetry {
  readonly series: MinuteAccumulator;

  constructor(store: MetricSeriesStore, onError: (e: Error) => void, flushMs = 60_000) {
    this.series = new MinuteAccumulator(store, onError, { flushMs, maxPending: 200_000 });
  }

  /** A source task's acknowledged records. */
  sent(connectorId: string, records: number, bytes: number): void {
    this.count(connectorId, CONNECT_METRICS.sentRecords, records);
    this.count(connectorId, CONNECT_METRICS.sentBytes, bytes);
  }

  /** Records a sink task read from Kafka. */
  received(connectorId: string, records: number, bytes: number): void {
    this.count(connectorId, CONNECT_METRICS.receivedRecords, records);
    this.count(connectorId, CONNECT_METRICS.receivedBytes, bytes);
  }

  deadLettered(connectorId: string, records: number): void {
    this.count(connectorId, CONNECT_METRICS.deadLetterQueueRecords, records);
  }

  /** A sink task's largest partition lag; the connector's is the largest of its tasks'. */
  lag(connectorId: string, records: number): void {
    this.series.max({
      resourceType: 'connector',
      resourceId: connectorId,
      metric: CONNECT_METRICS.recordsLagMax,
      value: records,
    });
  }

  /** The connector's status this minute (the reconciler's view), as a 1 under its status label. */
  status(connectorId: string, status: string, at = Date.now()): void {
    this.series.set(
      {
        resourceType: 'connector',
        resourceId: connectorId,
        metric: CONNECT_METRICS.connectorStatus,
        labels: { status },
        value: 1,
      },
      at,
    );
  }

  private count(connectorId: string, metric: string, value: number): void {
    if (value > 0) this.series.count({ resourceType: 'connector', resourceId: connectorId, metric, value });
  }
}
