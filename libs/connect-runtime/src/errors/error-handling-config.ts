import { ConfigDef, ConfigException, Range, ValidString } from '@libs/connect-spi';

export interface ErrorWindowSettings {
  /** Records in the sliding window. */
  size: number;
  /** Failures within the window that stop the task. */
  maxErrors: number;
}

export interface ErrorHandlingConfig {
  tolerance: 'none' | 'all';
  /** 0 = single attempt, -1 = retry forever. */
  retryTimeoutMs: number;
  retryDelayMaxMs: number;
  logEnable: boolean;
  logIncludeMessages: boolean;
  dlqTopic: string | null;
  dlqReplicationFactor: number;
  dlqContextHeaders: boolean;
  window: ErrorWindowSettings | null;
}

const GROUP = 'Error Handling';
export const ERRORS = {
  tolerance: 'errors.tolerance',
  retryTimeout: 'errors.retry.timeout',
  retryDelayMax: 'errors.retry.delay.max.ms',
  logEnable: 'errors.log.enable',
  logIncludeMessages: 'errors.log.include.messages',
  dlqTopic: 'errors.deadletterqueue.topic.name',
  dlqReplicationFactor: 'errors.deadletterqueue.topic.replication.factor',
  dlqContextHeaders: 'errors.deadletterqueue.context.headers.enable',
  // connectplane: stop the task after maxErrors failures within the last size records (opt-in).
  windowSize: 'errors.window.size',
  windowMaxErrors: 'errors.window.max.errors',
} as const;

/**
 * The one definition of Kafka Connect's errors.* keys (ConnectorConfig / SinkConnectorConfig), for
 * sources and sinks alike (our sources get a DLQ too), used by the API's validate and by the
 * runtime. Defaults are Kafka's, except Confluent Cloud's managed defaults for sinks: tolerance
 * `all` and context headers on; their DLQ topic defaults to dlq-<connector id>, which depends on
 * the connector and is applied by `resolveErrorHandling` (docs/errors.md).
 */
export function errorHandlingConfigDef(type: 'source' | 'sink'): ConfigDef {
  const sink = type === 'sink';
  let ord = 0;
  const key = (def: Omit<Parameters<ConfigDef['define']>[0], 'group' | 'orderInGroup'>) => ({
    ...def,
    group: GROUP,
    orderInGroup: ++ord,
  });
  return new ConfigDef()
    .define(
      key({
        name: ERRORS.tolerance,
        type: 'STRING',
        defaultValue: sink ? 'all' : 'none',
        validator: ValidString.in('none', 'all'),
        recommender: { validValues: () => ['none', 'all'], visible: () => true },
        importance: 'MEDIUM',
        documentation: 'Behaviour for tolerating errors during connector operation.',
        displayName: 'Error tolerance',
      }),
    )
    .define(
      key({
        name: ERRORS.retryTimeout,
        type: 'LONG',
        defaultValue: 0,
        validator: Range.atLeast(-1),
        importance: 'MEDIUM',
        documentation: 'Maximum duration in milliseconds that a failed operation will be reattempted.',
        displayName: 'Retry timeout for errors',
      }),
    )
    .define(
      key({
        name: ERRORS.retryDelayMax,
        type: 'LONG',
        defaultValue: 60000,
        validator: Range.atLeast(1),
        importance: 'MEDIUM',
        documentation: 'Maximum duration in milliseconds between consecutive retry attempts.',
        displayName: 'Maximum delay between retries for errors',
      }),
    )
    .define(
      key({
        name: ERRORS.logEnable,
        type: 'BOOLEAN',
        defaultValue: false,
        importance: 'MEDIUM',
        documentation: 'Log the error context along with the other application logs.',
        displayName: 'Log Errors',
      }),
    )
    .define(
      key({
        name: ERRORS.logIncludeMessages,
        type: 'BOOLEAN',
        defaultValue: false,
        importance: 'MEDIUM',
        documentation: 'Include the failed record in the log.',
        displayName: 'Log Error Details',
      }),
    )
    .define(
      key({
        name: ERRORS.dlqTopic,
        type: 'STRING',
        defaultValue: '',
        importance: 'MEDIUM',
        documentation: sink
          ? 'The dead letter queue topic (default dlq-<connector id>).'
          : 'Dead letter queue topic for records that failed a transform, a converter or the produce (empty: off).',
        displayName: 'Dead Letter Queue Topic Name',
      }),
    )
    .define(
      key({
        name: ERRORS.dlqContextHeaders,
        type: 'BOOLEAN',
        defaultValue: sink,
        importance: 'MEDIUM',
        documentation: 'Add headers with error context to records sent to the dead letter queue.',
        displayName: 'Enable Error Context Headers',
      }),
    )
    .define(
      key({
        name: ERRORS.dlqReplicationFactor,
        type: 'SHORT',
        defaultValue: 3,
        importance: 'MEDIUM',
        documentation: 'Replication factor when the DLQ topic is created (capped at the number of brokers).',
        displayName: 'Dead Letter Queue Topic Replication Factor',
      }),
    )
    .define(
      key({
        name: ERRORS.windowSize,
        type: 'INT',
        defaultValue: 0,
        validator: Range.atLeast(0),
        importance: 'LOW',
        documentation: 'connectplane: size of the error window in records (0 = off).',
        displayName: 'Error Window Size',
      }),
    )
    .define(
      key({
        name: ERRORS.windowMaxErrors,
        type: 'INT',
        defaultValue: 0,
        validator: Range.atLeast(0),
        importance: 'LOW',
        documentation: 'connectplane: failures within the window that stop the task, even with errors.tolerance=all.',
        displayName: 'Error Window Threshold',
      }),
    );
}

export interface ConnectorIdentity {
  type: 'source' | 'sink';
  /** lcc-… id; the default DLQ is dlq-<id> as on Confluent Cloud. */
  connectorId: string;
}

/**
 * Parsed errors.* with Confluent Cloud's managed defaults: sources tolerate nothing, sinks
 * tolerate all with a DLQ named dlq-<connector id> and context headers on. Explicit settings win.
 */
export function resolveErrorHandling(props: Record<string, string>, who: ConnectorIdentity): ErrorHandlingConfig {
  const dlqDefault: Record<string, string> = who.type === 'sink' ? { [ERRORS.dlqTopic]: `dlq-${who.connectorId}` } : {};
  const v = errorHandlingConfigDef(who.type).parse({ ...dlqDefault, ...props });
  const windowSize = v[ERRORS.windowSize] as number;
  const windowMax = v[ERRORS.windowMaxErrors] as number;
  const dlq = String(v[ERRORS.dlqTopic] ?? '').trim();
  return {
    tolerance: v[ERRORS.tolerance] as 'none' | 'all',
    retryTimeoutMs: Number(v[ERRORS.retryTimeout]),
    retryDelayMaxMs: Number(v[ERRORS.retryDelayMax]),
    logEnable: v[ERRORS.logEnable] as boolean,
    logIncludeMessages: v[ERRORS.logIncludeMessages] as boolean,
    dlqTopic: dlq === '' ? null : dlq,
    dlqReplicationFactor: Number(v[ERRORS.dlqReplicationFactor]),
    dlqContextHeaders: v[ERRORS.dlqContextHeaders] as boolean,
    window: windowSize > 0 && windowMax > 0 ? { size: windowSize, maxErrors: windowMax } : null,
  };
}

/** Cross-field checks for the validate response: a DLQ topic must not be one of the inputs. */
export function validateErrorHandling(props: Record<string, string>, who: ConnectorIdentity): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  let cfg: ErrorHandlingConfig;
  try {
    cfg = resolveErrorHandling(props, who);
  } catch (err) {
    const key = err instanceof ConfigException && err.configName ? err.configName : ERRORS.tolerance;
    errors[key] = [(err as Error).message];
    return errors;
  }
  if (cfg.window && cfg.window.maxErrors > cfg.window.size) {
    errors[ERRORS.windowMaxErrors] = [
      `${ERRORS.windowMaxErrors} (${cfg.window.maxErrors}) cannot exceed ${ERRORS.windowSize} (${cfg.window.size})`,
    ];
  }
  if (!cfg.dlqTopic) return errors;
  const topics = (props.topics ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (topics.includes(cfg.dlqTopic)) {
    errors[ERRORS.dlqTopic] = [
      `The DLQ topic '${cfg.dlqTopic}' may not be included in the list of topics ('topics=[${topics.join(', ')}]') consumed by the connector`,
    ];
  } else if (props['topics.regex']) {
    let matches = false;
    try {
      matches = new RegExp(`^(?:${props['topics.regex']})$`).test(cfg.dlqTopic);
    } catch {
      // an invalid regex is the sink's own validation error
    }
    if (matches) {
      errors[ERRORS.dlqTopic] = [
        `The DLQ topic '${cfg.dlqTopic}' may not be included in the regex matching the topics ('topics.regex=${props['topics.regex']}') consumed by the connector`,
      ];
    }
  }
  if (who.type === 'source' && props['kafka.topic'] === cfg.dlqTopic) {
    errors[ERRORS.dlqTopic] = [`The DLQ topic '${cfg.dlqTopic}' may not be the topic the connector writes to`];
  }
  return errors;
}
