// The Schema Registry a managed connector's converters use (output/input.data.format AVRO, JSON_SR,
// PROTOBUF): the registry of the connector's environment (Environment.schemaRegistryId), reached
// in-process through the same use cases the SR REST API runs (@libs/schema-registry on the shared
// Postgres). The platform therefore needs no SR API key of the tenant: the worker is trusted
// platform code, as it already is for the connector's Kafka cluster. The REST API and the worker
// see the same subjects, ids and compatibility rules.
import { KafkaClusterRepository, SchemaRegistryRepository, type OrgScope, type PrismaService } from '@libs/db';
import {
  createSchemaRegistryUsecases,
  InProcessSchemaRegistryClient,
  type SchemaRegistryClient,
} from '@libs/schema-registry';
import type { SchemaRegistryConfig } from '@libs/connect-converters';

/**
 * ConnectRuntimeOptions.schemaRegistry for this process: connector → its cluster's environment →
 * that environment's registry, one client per registry (the converters cache per client).
 */
export function inProcessSchemaRegistry(
  db: PrismaService,
): (connector: { scope: OrgScope; clusterId: string }) => Promise<SchemaRegistryConfig> {
  const usecases = createSchemaRegistryUsecases(new SchemaRegistryRepository(db));
  const clusters = new KafkaClusterRepository(db);
  const clients = new Map<string, SchemaRegistryClient>();
  // the claimed task's connector carries its organization's scope (ClaimedTask.connector.scope)
  return async ({ scope, clusterId }) => {
    const registryId = await clusters.schemaRegistryIdOf(scope, clusterId);
    if (!registryId) throw new Error(`no Schema Registry for the environment of cluster ${clusterId}`);
    const key = `${scope.organizationId}/${registryId}`;
    let client = clients.get(key);
    if (!client) clients.set(key, (client = new InProcessSchemaRegistryClient(usecases, { scope, id: registryId })));
    return { client };
  };
}
