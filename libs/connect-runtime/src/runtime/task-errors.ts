// Binds the pure KIP-298 error library (../errors) to a running task: the operator with its log
// and DLQ reporters, the DLQ sender on the cluster's shared producer (the topic is created with 1
// partition when missing, topic-ensurer.ts), and the per-task error metrics.
import type { Kafka } from 'kafkajs';
import type { ErrantRecordReporter, SinkRecord } from '@libs/connect-spi';
import { FORMAT_CONVERTER_CLASS } from '@libs/connect-converters';
import {
  DeadLetterQueueReporter,
  LogReporter,
  RetryWithToleranceOperator,
  resolveErrorHandling,
  type ConsumedRecord,
  type ErrorContext,
  type ErrorMetrics,
  type ErrorReporter,
  type RawHeader,
} from '../errors';
import type { KafkaClientPool } from './kafka-pool';
import { topicEnsurer } from './topic-ensurer';
import type { KafkaCredential } from './kafka-credential';
import type { RuntimeMetrics, TaskLabels } from './metrics';
import type { ConnectorTelemetry } from './connector-telemetry';
import type { RuntimeLog } from './runtime-log';

export const DEFAULT_KEY_CONVERTER_CLASS = 'org.apache.kafka.connect.storage.StringConverter';
export const DEFAULT_VALUE_CONVERTER_CLASS = 'org.apache.kafka.connect.json.JsonConverter';
export const DEFAULT_HEADER_CONVERTER_CLASS = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

export interface TaskErrorHandling {
  operator: RetryWithToleranceOperator;
  dlq: DeadLetterQueueReporter | null;
  /** errors.log.include.messages with logging on: a failed record's key and value are logged. */
  logsMessages?: boolean;
  /** Pushes the operator's counters into the worker metrics (deltas since the last sync). */
  sync(): void;
}

export function createTaskErrorHandling(opts: {
  props: Record<string, string>;
  type: 'source' | 'sink';
  connectorId: string;
  clusterId: string;
  /** The connector's Kafka login, shared with its producer (null: the platform identity). */
  credential: KafkaCredential | null;
  kafka: Kafka;
  pool: KafkaClientPool;
  metrics: RuntimeMetrics;
  telemetry?: ConnectorTelemetry;
  labels: TaskLabels;
  log: RuntimeLog;
  signal: AbortSignal;
  /** Runs before each DLQ send: throws when the task's epoch is no longer current (fenced). */
  beforeSend?: () => Promise<void>;
}): TaskErrorHandling {
  const config = resolveErrorHandling(opts.props, { type: opts.type, connectorId: opts.connectorId });
  const reporters: ErrorReporter[] = [];
  if (config.logEnable) {
    reporters.push(
      new LogReporter((line, error) => opts.log('error', line, { error: error.message }), config.logIncludeMessages),
    );
  }
  let dlq: DeadLetterQueueReporter | null = null;
  if (config.dlqTopic) {
    const ensureTopic = topicEnsurer(opts.kafka, config.dlqReplicationFactor);
    dlq = new DeadLetterQueueReporter(
      config.dlqTopic,
      config.dlqContextHeaders,
      async (topic, m) => {
        await ensureTopic(topic);
        await opts.beforeSend?.();
        const producer = await opts.pool.producer(opts.clusterId, opts.credential);
        await producer.send({
          topic,
          acks: -1,
          messages: [
            {
              key: m.key,
              value: m.value,
              headers: headersOf(m.headers),
              ...(m.timestamp !== undefined && Number.isFinite(m.timestamp) ? { timestamp: String(m.timestamp) } : {}),
            },
          ],
        });
      },
      (err) => opts.log('warn', 'DLQ produce failed', { topic: config.dlqTopic, error: err.message }),
    );
    reporters.push(dlq);
  }
  const operator = new RetryWithToleranceOperator(config, { reporters, signal: opts.signal, perRecordWindow: true });
  const seen: ErrorMetrics & { dlqRequests: number; dlqFailures: number } = {
    ...operator.metrics,
    dlqRequests: 0,
    dlqFailures: 0,
  };
  const m = opts.metrics;
  const sync = () => {
    const now = operator.metrics;
    const d = (a: number, b: number) => a - b;
    if (now.totalRecordFailures !== seen.totalRecordFailures)
      m.recordFailures.inc(opts.labels, d(now.totalRecordFailures, seen.totalRecordFailures));
    if (now.totalRecordsSkipped !== seen.totalRecordsSkipped)
      m.recordsSkipped.inc(opts.labels, d(now.totalRecordsSkipped, seen.totalRecordsSkipped));
    if (now.totalRetries !== seen.totalRetries) m.retries.inc(opts.labels, d(now.totalRetries, seen.totalRetries));
    if (dlq && dlq.requests !== seen.dlqRequests) m.dlqRequests.inc(opts.labels, d(dlq.requests, seen.dlqRequests));
    if (dlq && dlq.failures !== seen.dlqFailures) m.dlqFailures.inc(opts.labels, d(dlq.failures, seen.dlqFailures));
    // records the DLQ topic took: attempts that did not fail
    if (dlq)
      opts.telemetry?.deadLettered(
        opts.connectorId,
        d(dlq.requests - dlq.failures, seen.dlqRequests - seen.dlqFailures),
      );
    Object.assign(seen, now, { dlqRequests: dlq?.requests ?? 0, dlqFailures: dlq?.failures ?? 0 });
  };
  return { operator, dlq, sync, logsMessages: config.logEnable && config.logIncludeMessages };
}

function headersOf(headers: RawHeader[]): Record<string, Buffer | Buffer[]> {
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const h of headers) {
    const v = h.value ?? Buffer.alloc(0);
    const prev = out[h.key];
    if (prev === undefined) out[h.key] = v;
    else out[h.key] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** kafkajs message headers → the raw headers a sink DLQ writes back. */
export function rawHeaders(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
): RawHeader[] {
  const out: RawHeader[] = [];
  for (const [key, v] of Object.entries(headers ?? {})) {
    for (const one of Array.isArray(v) ? v : [v])
      out.push({ key, value: one === undefined ? null : Buffer.isBuffer(one) ? one : Buffer.from(one) });
  }
  return out;
}

/**
 * KIP-610: the sink task's errant record reporter; null when neither a DLQ nor errors.log.enable
 * is configured (as in Kafka). With tolerance none, report() rejects and the task fails.
 */
export function errantRecordReporter(
  eh: TaskErrorHandling,
  base: { connectorName: string; taskId: number; executingClass: string },
  originalOf: (record: SinkRecord) => ConsumedRecord | undefined,
): ErrantRecordReporter | null {
  if (!eh.dlq && !eh.operator.config.logEnable) return null;
  return {
    report: async (record: SinkRecord, error: Error) => {
      const ctx: ErrorContext = { ...base, stage: 'TASK_PUT', error, consumed: originalOf(record) };
      try {
        await eh.operator.reportErrant(ctx);
      } finally {
        eh.sync();
      }
    },
  };
}

/**
 * The converter class an error context names: the managed data format's class when the config
 * sets `output.data.format` / `input.data.format` (Confluent Cloud style), else `key.converter` /
 * `value.converter`, else the runtime's defaults.
 */
export function converterClassName(config: Readonly<Record<string, unknown>>, isKey: boolean): string {
  const out = config['output.data.format'];
  const inp = config['input.data.format'];
  if (out !== undefined || inp !== undefined) {
    const keyFormat = out === undefined ? config['input.key.format'] : undefined;
    const format = String((isKey ? keyFormat || 'STRING' : (out ?? inp)) ?? '')
      .trim()
      .toUpperCase();
    const cls = (FORMAT_CONVERTER_CLASS as Record<string, string>)[format];
    if (cls) return cls;
  }
  const explicit = config[isKey ? 'key.converter' : 'value.converter'];
  if (explicit !== undefined && explicit !== null && explicit !== '') return String(explicit);
  return isKey ? DEFAULT_KEY_CONVERTER_CLASS : DEFAULT_VALUE_CONVERTER_CLASS;
}
