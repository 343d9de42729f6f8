// A kafkajs client for a cluster with the cluster API key (SASL/PLAIN; TLS when the bootstrap
// endpoint says SASL_SSL), as `confluent kafka topic produce/consume` configure librdkafka.
import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { ClientSettings } from './client-config';
import type { CliLog, LogLevel } from '../output/log';
import type { ClusterAccess } from './cluster-access';

/** kafkajs's own log through -v: warnings at -v, info at -vv, its protocol debug at -vvvv. */
function kafkaLogLevel(log: CliLog): logLevel {
  if (log.enabled('trace')) return logLevel.DEBUG;
  if (log.enabled('info')) return logLevel.INFO;
  if (log.enabled('warn')) return logLevel.WARN;
  return logLevel.NOTHING;
}

const LEVEL_NAMES: Partial<Record<logLevel, LogLevel>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'trace',
};

export function kafkaClient(a: ClusterAccess, bootstrap?: string, settings?: ClientSettings): Kafka {
  const brokers = bootstrap
    ? bootstrap.replace(/^[A-Z_]+:\/\//, '').split(',')
    : (settings?.kafka.brokers ?? (a.entry.bootstrap_servers ?? '').replace(/^[A-Z_]+:\/\//, '').split(','));
  const protocol = settings?.securityProtocol ?? a.entry.security_protocol ?? 'SASL_SSL';
  const sasl = {
    mechanism: settings?.sasl?.mechanism ?? 'plain',
    username: settings?.sasl?.username ?? a.key.key,
    password: settings?.sasl?.password ?? a.key.secret,
  } as SASLOptions;
  return new Kafka({
    clientId: 'connectplane-cli',
    ...settings?.kafka,
    brokers,
    ssl: protocol === 'SASL_SSL' || protocol === 'SSL',
    ...(protocol.startsWith('SASL_') && { sasl }),
    logLevel: kafkaLogLevel(a.log),
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) =>
        a.log.log(LEVEL_NAMES[level] ?? 'debug', `kafka ${namespace}: ${log.message}`),
    retry: { retries: 3 },
  });
}

/** Resolves on Ctrl-C / SIGTERM (or when `until` settles), so the caller can close cleanly and exit 0. */
export function interrupted(until?: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    until?.then(done, done);
  });
}
