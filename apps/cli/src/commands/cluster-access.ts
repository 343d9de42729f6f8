// What data-plane commands need to reach a Kafka cluster: its REST endpoint and bootstrap servers
// (cached from CMK like the Go CLI's kafka_cluster_infos) and the cluster API key in use
// (`api-key use`, or --api-key/--api-secret), since Kafka REST and the broker take cluster keys.
// `--kafka-endpoint` replaces the cached REST endpoint for one command, as the Go CLI's does.
import { clusterEntry, type Context, type KafkaClusterEntry } from '../config/config-file';
import { CliError } from '../errors';
import type { ApiClient, Credentials } from '../http/api-client';
import type { CliLog } from '../output/log';
import { BIN, type Session } from '../session';
import { fetchCluster, rememberCluster } from './kafka-cluster';

export interface ClusterAccess {
  ctx: Context;
  envId: string;
  clusterId: string;
  entry: KafkaClusterEntry;
  key: Credentials;
  /** Kafka REST v3 of the cluster with its key. */
  rest: ApiClient;
  log: CliLog;
}

export async function clusterAccess(
  session: Session,
  o: {
    context?: string;
    environment?: string;
    cluster?: string;
    apiKey?: string;
    apiSecret?: string;
    kafkaEndpoint?: string;
  },
): Promise<ClusterAccess> {
  const ctx = session.context(o);
  const envId = session.environmentId(ctx, o.environment);
  const clusterId = session.clusterId(ctx, envId, o.cluster);
  let entry = clusterEntry(ctx, envId, clusterId);
  if ((!entry.rest_endpoint && !o.kafkaEndpoint) || !entry.bootstrap_servers) {
    const cluster = await fetchCluster(session, ctx, envId, clusterId);
    if (cluster.status.phase === 'PROVISIONING')
      throw new CliError(`Kafka cluster "${clusterId}" is still provisioning`, ['Try again in a moment.']);
    rememberCluster(ctx, cluster);
    session.save();
    entry = clusterEntry(ctx, envId, clusterId);
  }
  const key = clusterKey(entry, clusterId, o);
  const rest = session.client((o.kafkaEndpoint ?? entry.rest_endpoint) as string, key);
  return { ctx, envId, clusterId, entry, key, rest, log: session.log };
}

function clusterKey(
  entry: KafkaClusterEntry,
  clusterId: string,
  o: { apiKey?: string; apiSecret?: string },
): Credentials {
  if (o.apiKey) {
    const secret = o.apiSecret ?? entry.api_keys[o.apiKey]?.api_secret;
    if (!secret)
      throw new CliError(`no secret for API key "${o.apiKey}"`, ['Pass `--api-secret` or run `api-key store`.']);
    return { key: o.apiKey, secret };
  }
  const stored = entry.api_key ? entry.api_keys[entry.api_key] : undefined;
  if (!stored)
    throw new CliError(`no API key selected for resource "${clusterId}"`, [
      `Select an API key for resource "${clusterId}" with \`${BIN} api-key use <API_KEY> --resource ${clusterId}\`.`,
      `To do so, you must have either already created or stored an API key for the resource.`,
      `To create an API key, use \`${BIN} api-key create --resource ${clusterId}\`.`,
      `To store an existing API key, use \`${BIN} api-key store --resource ${clusterId}\`.`,
    ]);
  return { key: stored.api_key, secret: stored.api_secret };
}
