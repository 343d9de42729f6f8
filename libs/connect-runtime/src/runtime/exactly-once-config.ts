// KIP-618's configuration of exactly-once source delivery, as the API validates it and the runtime
// reads it. `exactly.once.source.support` is a worker setting in Kafka Connect; here it is a
// connector setting (docs/runtime.md "Exactly-once sources": every worker runs every tenant's
// connectors, so a worker-wide switch would decide for all of them at once).
import {
  CaseInsensitiveValidString,
  ConfigDef,
  LambdaValidator,
  Range,
  type ExactlyOnceSupport,
  type ConnectorTransactionBoundaries,
  type Props,
} from '@libs/connect-spi';

export type ExactlyOnceSourceSupport = 'disabled' | 'preparing' | 'enabled';
export type ExactlyOnceSupportLevel = 'requested' | 'required';
export type TransactionBoundary = 'poll' | 'interval' | 'connector';

export const EOS = {
  sourceSupport: 'exactly.once.source.support',
  supportLevel: 'exactly.once.support',
  boundary: 'transaction.boundary',
  boundaryInterval: 'transaction.boundary.interval.ms',
  offsetsTopic: 'offsets.storage.topic',
} as const;

/**
 * The offsets topic of a cluster when the connector names none: one per cluster (tenant namespace
 * on the embedded broker), keys [connector id, partition] as Kafka Connect's offsets topic.
 */
export const DEFAULT_OFFSETS_TOPIC = '_connect-offsets';

export interface ExactlyOnceSettings {
  support: ExactlyOnceSourceSupport;
  level: ExactlyOnceSupportLevel;
  boundary: TransactionBoundary;
  /** interval boundary: ms between commits (null: the worker's offset flush interval). */
  intervalMs: number | null;
  offsetsTopic: string;
}

const GROUP = 'Exactly Once Support';

export function exactlyOnceConfigDef(): ConfigDef {
  let ord = 0;
  const lower = (...values: string[]) => ({
    validator: CaseInsensitiveValidString.in(...values),
    recommender: { validValues: () => values, visible: () => true },
  });
  return new ConfigDef()
    .define({
      name: EOS.sourceSupport,
      type: 'STRING',
      defaultValue: 'disabled',
      ...lower('disabled', 'preparing', 'enabled'),
      importance: 'HIGH',
      documentation:
        'Exactly-once delivery for this source connector (KIP-618; a worker setting in Kafka Connect, a connector setting here): ' +
        'enabled writes records and their source offsets in one Kafka transaction per task, with the task’s transactional id fencing zombies; ' +
        'preparing delivers at least once (offsets in the platform’s store, as disabled) but fences the task’s transactional id at start, so no older exactly-once instance of the task can still commit (the step between the two); disabled: at least once.',
      group: GROUP,
      orderInGroup: ++ord,
      displayName: 'Exactly-once source support',
    })
    .define({
      name: EOS.supportLevel,
      type: 'STRING',
      defaultValue: 'requested',
      ...lower('requested', 'required'),
      importance: 'MEDIUM',
      documentation:
        'Permitted values are requested, required. If set to "required", forces a preflight check for the connector to ensure that it can provide exactly-once semantics with the given configuration.',
      group: GROUP,
      orderInGroup: ++ord,
      displayName: 'Exactly once support',
    })
    .define({
      name: EOS.boundary,
      type: 'STRING',
      defaultValue: 'poll',
      ...lower('poll', 'interval', 'connector'),
      importance: 'MEDIUM',
      documentation:
        'Permitted values are: poll, interval, connector. If set to "poll", a new producer transaction will be started and committed for every batch of records that each task from this connector provides to Connect. ' +
        'If set to "connector", relies on connector-defined transaction boundaries. If set to "interval", commits transactions only after a user-defined time interval has passed.',
      group: GROUP,
      orderInGroup: ++ord,
      displayName: 'Transaction Boundary',
    })
    .define({
      name: EOS.boundaryInterval,
      type: 'LONG',
      defaultValue: null,
      validator: LambdaValidator.with(
        (name, v) => (v === null || v === undefined ? undefined : Range.atLeast(0).ensureValid(name, v)),
        () => '[0,...]',
      ),
      importance: 'LOW',
      documentation:
        'If "transaction.boundary" is set to "interval", determines the interval for producer transaction commits by connector tasks. If unset, defaults to the value of the worker-level offset flush interval. It has no effect if a different transaction.boundary is specified.',
      group: GROUP,
      orderInGroup: ++ord,
      displayName: 'Transaction boundary interval',
    })
    .define({
      name: EOS.offsetsTopic,
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: `The name of a separate offsets topic to use for this connector. If empty or not specified, the cluster’s offsets topic (${DEFAULT_OFFSETS_TOPIC}) is used.`,
      group: GROUP,
      orderInGroup: ord + 1,
      displayName: 'Offsets topic',
    });
}

/** The connector's exactly-once settings (invalid values were refused by validate; parse throws on them). */
export function resolveExactlyOnce(props: Props): ExactlyOnceSettings {
  const v = exactlyOnceConfigDef().parse(props);
  const topic = String(v[EOS.offsetsTopic] ?? '').trim();
  const interval = v[EOS.boundaryInterval];
  return {
    support: String(v[EOS.sourceSupport]).toLowerCase() as ExactlyOnceSourceSupport,
    level: String(v[EOS.supportLevel]).toLowerCase() as ExactlyOnceSupportLevel,
    boundary: String(v[EOS.boundary]).toLowerCase() as TransactionBoundary,
    intervalMs: interval === null || interval === undefined ? null : Number(interval),
    offsetsTopic: topic === '' ? DEFAULT_OFFSETS_TOPIC : topic,
  };
}

/** What validation asks of the connector (SourceConnector's KIP-618 preflight methods). */
export interface ExactlyOnceCapable {
  exactlyOnceSupport?(props: Props): ExactlyOnceSupport | null;
  canDefineTransactionBoundaries?(props: Props): ConnectorTransactionBoundaries | null;
}

/**
 * KIP-618 preflight checks with Kafka's messages, made when exactly-once support is enabled for the
 * connector (Kafka makes them when the worker enables it): `exactly.once.support=required` needs the
 * connector to answer SUPPORTED, `transaction.boundary=connector` needs it to define boundaries.
 */
export function validateExactlyOnce(props: Props, plugin: object): Record<string, string[]> {
  const connector = plugin as ExactlyOnceCapable;
  let s: ExactlyOnceSettings;
  try {
    s = resolveExactlyOnce(props);
  } catch {
    return {}; // the keys' own validators report the bad values
  }
  const errors: Record<string, string[]> = {};
  if (s.support !== 'enabled') return errors;
  const ask = <T>(f: (() => T) | undefined): { value: T | null } | { error: string } => {
    try {
      return { value: f ? f() : null };
    } catch (e) {
      return { error: `An unexpected error occurred during validation: ${(e as Error).message}` };
    }
  };
  if (s.level === 'required') {
    const r = ask(connector.exactlyOnceSupport && (() => connector.exactlyOnceSupport!(props)));
    if ('error' in r) errors[EOS.supportLevel] = [r.error];
    else if (r.value === null)
      errors[EOS.supportLevel] = [
        'The connector does not implement the API required for preflight validation of exactly-once source support. ' +
          'Please consult the documentation for the connector to determine whether it supports exactly-once semantics, ' +
          'and then consider reconfiguring the connector to use the value "requested" for this property ' +
          '(which will still cause the connector to run, but will not perform any preflight validation).',
      ];
    else if (r.value !== 'SUPPORTED')
      errors[EOS.supportLevel] = [
        'The connector does not support exactly-once semantics with the provided configuration.',
      ];
  }
  if (s.boundary === 'connector') {
    const r = ask(connector.canDefineTransactionBoundaries && (() => connector.canDefineTransactionBoundaries!(props)));
    if ('error' in r) errors[EOS.boundary] = [r.error];
    else if (r.value !== 'SUPPORTED')
      errors[EOS.boundary] = [
        'The connector does not support connector-defined transaction boundaries with the given configuration. ' +
          'Please reconfigure it to use a different transaction boundary definition.',
      ];
  }
  return errors;
}
