// Reaching an environment's Schema Registry as the Go CLI does: the endpoint from SRCM v3 (or
// --schema-registry-endpoint), a Schema Registry API key from the flags or the one stored for the
// environment by `api-key create --resource lsrc-…` / `api-key store`.
import { environmentState } from '../config/config-file';
import { CliError } from '../errors';
import type { ApiClient } from '../http/api-client';
import { BIN, type Session } from '../session';
import { listAll } from './pages';

export interface SchemaRegistryOptions {
  context?: string;
  environment?: string;
  schemaRegistryEndpoint?: string;
  schemaRegistryApiKey?: string;
  schemaRegistryApiSecret?: string;
}

export interface SchemaRegistryAccess {
  client: ApiClient;
  clusterId: string;
  endpoint: string;
}

interface SrCluster {
  id: string;
  spec: { http_endpoint: string };
}

export async function schemaRegistryCluster(session: Session, o: SchemaRegistryOptions): Promise<SrCluster> {
  const ctx = session.context(o);
  const envId = session.environmentId(ctx, o.environment);
  const [cluster] = await listAll<SrCluster>(session.cloud(ctx), `/srcm/v3/clusters?environment=${envId}`);
  if (!cluster) throw new CliError(`no Schema Registry in environment "${envId}"`);
  return cluster;
}

export async function schemaRegistryAccess(session: Session, o: SchemaRegistryOptions): Promise<SchemaRegistryAccess> {
  const ctx = session.context(o);
  const envId = session.environmentId(ctx, o.environment);
  const cluster = await schemaRegistryCluster(session, o);
  const endpoint = o.schemaRegistryEndpoint ?? cluster.spec.http_endpoint;
  const stored = environmentState(ctx, envId).schema_registry_key;
  const key = o.schemaRegistryApiKey ?? stored?.api_key;
  const secret = o.schemaRegistryApiSecret ?? (o.schemaRegistryApiKey ? undefined : stored?.api_secret);
  if (!key || !secret)
    throw new CliError(`no Schema Registry API key for environment "${envId}"`, [
      `Create one with \`${BIN} api-key create --resource ${cluster.id}\`, or pass \`--schema-registry-api-key\` and \`--schema-registry-api-secret\`.`,
    ]);
  return {
    client: session.client(endpoint, { key, secret }),
    clusterId: cluster.id,
    endpoint,
  };
}

export const schemaRegistryFlags = [
  ['--schema-registry-endpoint <url>', 'The URL of the Schema Registry cluster.'],
  ['--schema-registry-api-key <key>', 'Schema registry API key.'],
  ['--schema-registry-api-secret <secret>', 'Schema registry API secret.'],
] as const;
