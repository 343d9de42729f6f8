// Which of Confluent's error formats a path speaks: Failure (Org/IAM/CMK), Connect v1's, Kafka REST's
// and Schema Registry's (Confluent Cloud API reference, https://docs.confluent.io/cloud/current/api.html).
// Plus Apache Kafka Connect's worker REST API (`{error_code, message}`), served per cluster under /kafka-connect.
export type ApiFamily = 'cloud' | 'connect' | 'kafka-connect' | 'kafka-rest' | 'schema-registry';

const SCHEMA_REGISTRY_ROOTS = ['/subjects', '/schemas', '/config', '/mode', '/compatibility', '/contexts'];

export function apiFamilyOf(path: string): ApiFamily {
  if (path.startsWith('/connect/v1')) return 'connect';
  if (path.startsWith('/kafka-connect/')) return 'kafka-connect';
  if (path.startsWith('/kafka/v3')) return 'kafka-rest';
  if (
    SCHEMA_REGISTRY_ROOTS.some((root) => path === root || path.startsWith(`${root}/`) || path.startsWith(`${root}?`))
  ) {
    return 'schema-registry';
  }
  return 'cloud';
}
