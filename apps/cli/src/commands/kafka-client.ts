// A kafkajs client for a cluster with the cluster API key (SASL/PLAIN; TLS when the bootstrap
// endpoint says SASL_SSL), as `confluent kafka topic produce/consume` configure librdkafka.
import { Kafka, logLevel } from 'kafkajs';
import type { ClusterAccess } from './cluster-access';

export function kafkaClient(a: ClusterAccess, bootstrap?: string): Kafka {
  const brokers = (bootstrap ?? a.entry.bootstrap_servers ?? '').replace(/^[A-Z_]+:\/\//, '').split(',');
  return new Kafka({
    clientId: 'connectplane-cli',
    brokers,
    ssl: (a.entry.security_protocol ?? 'SASL_SSL') === 'SASL_SSL',
    sasl: { mechanism: 'plain', username: a.key.key, password: a.key.secret },
    logLevel: logLevel.NOTHING,
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
