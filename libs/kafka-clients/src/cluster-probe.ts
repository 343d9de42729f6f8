// Connecting once to see whether a cluster lets us in: registration and connector validation use it
// to turn an untrusted certificate or a refused login into an error on the setting to fix.
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';

// kafkajs mechanisms whose login is a username and a password
const USER_PASSWORD_MECHANISMS = new Set(['plain', 'scram-sha-256', 'scram-sha-512']);

/**
 * `config` logging in as `login` instead, when its mechanism takes a username and a password (else
 * null). A new sasl object: kafkajs keeps its authenticator, credentials included, on the one it gets.
 */
export function withLogin(config: KafkaConfig, login: { username: string; password: string }): KafkaConfig | null {
  const sasl = config.sasl;
  if (!sasl || !USER_PASSWORD_MECHANISMS.has(sasl.mechanism)) return null;
  return { ...config, sasl: { mechanism: sasl.mechanism, ...login } as SASLOptions };
}

/** Connects and describes the cluster: the error, or undefined when it answered. */
export async function probeCluster(config: KafkaConfig, retries = 0): Promise<Error | undefined> {
  const admin = new Kafka({
    ...config,
    connectionTimeout: 5000,
    retry: { retries },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return undefined;
  } catch (err) {
    return err as Error;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
