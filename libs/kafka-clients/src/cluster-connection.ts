import { createHmac } from 'node:crypto';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaCluster } from '@libs/db';
import type { SecretBox } from '@libs/secrets';
import type { BrokerTarget } from './broker-connection';
import { egressSocketFactory, type EgressGuard } from './egress-socket';

/** AAD that binds an external cluster's password envelope to that cluster. */
export const externalPasswordAad = (clusterId: string): string => `kafka-cluster:${clusterId}:password`;

/**
 * The platform's own broker identity for one embedded cluster: username "platform/<lkc>", password
 * an HMAC of the cluster id under the server pepper. The broker derives the same value, so no
 * credential is stored and none can be used for another cluster.
 */
export const PLATFORM_USER_PREFIX = 'platform/';
export function platformBrokerPassword(pepper: string, clusterId: string): string {
  return createHmac('sha256', pepper).update(`broker-platform:${clusterId}`).digest('base64url');
}

export interface EmbeddedBrokerAddress {
  host: string;
  port: number;
}

/** The embedded broker as the platform identity of one cluster (for our own protocol clients). */
export function embeddedBrokerTarget(
  clusterId: string,
  deps: { pepper: string; embedded: EmbeddedBrokerAddress },
): BrokerTarget & { sasl: { username: string; password: string } } {
  return {
    host: deps.embedded.host,
    port: deps.embedded.port,
    sasl: { username: `${PLATFORM_USER_PREFIX}${clusterId}`, password: platformBrokerPassword(deps.pepper, clusterId) },
  };
}

/** What platformKafkaConfig reads of a cluster (a registration not yet stored has these too). */
export type ClusterConnectionFields = Pick<
  KafkaCluster,
  | 'id'
  | 'backend'
  | 'externalBootstrap'
  | 'externalProtocol'
  | 'externalMechanism'
  | 'externalUsername'
  | 'externalPassword'
  | 'externalCaCert'
>;

/**
 * kafkajs settings to reach a cluster as the platform (Kafka REST, connector workers, provisioning).
 * An external cluster's every connection (bootstrap and advertised brokers) goes through `egress`,
 * by default the policy installed in the process (installEgressGuard).
 */
export function platformKafkaConfig(
  cluster: ClusterConnectionFields,
  deps: { secrets: SecretBox; pepper: string; embedded: EmbeddedBrokerAddress; egress?: EgressGuard },
  clientId = 'connectplane',
): KafkaConfig {
  if (cluster.backend === 'EMBEDDED') {
    const { host, port, sasl } = embeddedBrokerTarget(cluster.id, deps);
    return { clientId, brokers: [`${host}:${port}`], sasl: { mechanism: 'plain', ...sasl } };
  }
  const protocol = cluster.externalProtocol ?? 'PLAINTEXT';
  const usesSasl = protocol.startsWith('SASL');
  const password = cluster.externalPassword
    ? deps.secrets.decrypt(cluster.externalPassword, externalPasswordAad(cluster.id))
    : '';
  const mechanism = (cluster.externalMechanism ?? 'PLAIN').toLowerCase();
  const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
  return {
    clientId,
    brokers: (cluster.externalBootstrap ?? '').split(','),
    // the registered CA (PEM, possibly several) replaces the system's trusted CAs, as Kafka's ssl.truststore does
    ssl: tls && cluster.externalCaCert ? { ca: [cluster.externalCaCert] } : tls,
    socketFactory: egressSocketFactory(deps.egress),
    ...(usesSasl ? { sasl: { mechanism, username: cluster.externalUsername ?? '', password } as SASLOptions } : {}),
  };
}
