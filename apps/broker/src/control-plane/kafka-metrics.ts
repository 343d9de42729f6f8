// The embedded broker's series for the Metrics API (io.confluent.kafka.server/*): per-topic traffic
// drained from the broker every few seconds (so each count lands in the minute it happened, within
// that period), consumer lag sampled right before each flush, written through a MinuteAccumulator.
// A failing store never stops the broker: the accumulator keeps what it could not write for the
// next flush, and the error is logged at most once a minute.
import type { BrokerHandle, Logger } from '@libs/broker';
import { KAFKA_METRICS, MinuteAccumulator, type MetricSeriesStore } from '@libs/telemetry';

export type KafkaMetricsSource = Pick<BrokerHandle, 'takeTopicTraffic' | 'consumerLag'>;

export interface KafkaMetricsOptions {
  flushMs: number;
  /** How often traffic is drained into the current minute; default min(5 s, flushMs). */
  drainMs?: number;
  /** Series kept while the store is down. */
  maxPending?: number;
}

export interface KafkaMetrics {
  /** Drains traffic, samples lag and writes everything now (throws what the store threw). */
  flush(): Promise<void>;
  /** Stops the timers and writes what is left (errors logged). */
  close(): Promise<void>;
}

const ERROR_LOG_INTERVAL_MS = 60_000;

export function startKafkaMetrics(
  broker: KafkaMetricsSource,
  store: MetricSeriesStore,
  log: Logger,
  opts: KafkaMetricsOptions,
): KafkaMetrics {
  let lastErrorLog = 0;
  let suppressed = 0;
  const onError = (err: Error) => {
    const now = Date.now();
    if (now - lastErrorLog < ERROR_LOG_INTERVAL_MS) {
      suppressed++;
      return;
    }
    log.error({ err, suppressed }, 'writing Kafka metrics failed; kept for the next flush');
    lastErrorLog = now;
    suppressed = 0;
  };
  const series = new MinuteAccumulator(store, onError, {
    flushMs: opts.flushMs,
    maxPending: opts.maxPending ?? 200_000,
  });

  const drainTraffic = () => {
    for (const t of broker.takeTopicTraffic()) {
      const base = { resourceType: 'kafka' as const, resourceId: t.tenant, labels: { topic: t.topic } };
      if (t.recordsIn > 0) {
        series.count({ ...base, metric: KAFKA_METRICS.receivedBytes, value: t.bytesIn });
        series.count({ ...base, metric: KAFKA_METRICS.receivedRecords, value: t.recordsIn });
      }
      if (t.recordsOut > 0) {
        series.count({ ...base, metric: KAFKA_METRICS.sentBytes, value: t.bytesOut });
        series.count({ ...base, metric: KAFKA_METRICS.sentRecords, value: t.recordsOut });
      }
    }
  };
  const sampleLag = () => {
    for (const l of broker.consumerLag()) {
      series.set({
        resourceType: 'kafka',
        resourceId: l.tenant,
        metric: KAFKA_METRICS.consumerLagOffsets,
        labels: { consumer_group_id: l.group, topic: l.topic },
        value: l.lag,
      });
    }
  };
  const collect = () => {
    drainTraffic();
    sampleLag();
  };

  let flushing: Promise<void> | undefined;
  const flush = (): Promise<void> => {
    collect();
    // one write at a time: a slow store must not pile up overlapping flushes
    const run = (flushing ?? Promise.resolve()).then(() => series.flush());
    flushing = run.catch(() => undefined);
    return run;
  };

  const drainTimer = setInterval(drainTraffic, opts.drainMs ?? Math.min(5_000, opts.flushMs));
  const flushTimer = setInterval(() => void flush().catch(onError), opts.flushMs);
  drainTimer.unref();
  flushTimer.unref();

  return {
    flush,
    async close() {
      clearInterval(drainTimer);
      clearInterval(flushTimer);
      await flushing;
      collect();
      await series.close();
    },
  };
}
