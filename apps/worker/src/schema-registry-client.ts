// The Schema Registry a managed connector's converters use (output/input.data.format AVRO, JSON_SR,
// PROTOBUF): the registry of the connector's environment (Environment.schemaRegistryId), reached
// in-process through the same use cases the SR REST API runs (SchemaRegistryUsecases on the shared
// Postgres). The platform therefore needs no SR API key of the tenant: the worker is trusted
// platform code, as it already is for the connector's Kafka cluster. The REST API and the worker
// see the same subjects, ids and compatibility rules.
import { ApiError } from '@libs/api-common';
import { SchemaRegistryRepository, type PrismaService } from '@libs/db';
import {
  SchemaRegistryError,
  type RegisteredSchema,
  type SchemaInput,
  type SchemaRegistryClient,
} from '@libs/schema-registry';
import type { SchemaRegistryConfig } from '@libs/connectors';
import {
  SchemaRegistryUsecases,
  type Registry,
  type SchemaView,
} from '../../api/src/schema-registry/usecases/schema-registry.usecases';

/** ApiError(errorCode 40401, …) → SchemaRegistryError, as the HTTP client would throw it. */
async function sr<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (e instanceof ApiError) throw new SchemaRegistryError(e.options.errorCode ?? e.status, e.detail);
    throw e;
  }
}

const registered = (v: SchemaView): RegisteredSchema => ({
  id: v.id,
  schema: v.schema,
  schemaType: (v.schemaType ?? 'AVRO') as RegisteredSchema['schemaType'],
  ...(v.references ? { references: v.references } : {}),
  ...(v.subject !== undefined ? { subject: v.subject, version: v.version } : {}),
});

const body = (s: SchemaInput) => ({
  schema: s.schema,
  ...(s.schemaType && s.schemaType !== 'AVRO' ? { schemaType: s.schemaType } : {}),
  ...(s.references?.length ? { references: s.references } : {}),
});

export class InProcessSchemaRegistryClient implements SchemaRegistryClient {
  constructor(
    private readonly usecases: SchemaRegistryUsecases,
    private readonly registry: Registry,
  ) {}

  async getSchemaById(id: number): Promise<RegisteredSchema> {
    return registered(await sr(() => this.usecases.schemaById(this.registry, String(id))));
  }

  async register(subject: string, schema: SchemaInput): Promise<number> {
    return (await sr(() => this.usecases.register(this.registry, subject, body(schema)))).id;
  }

  getLatest(subject: string): Promise<RegisteredSchema> {
    return this.getVersion(subject, 'latest');
  }

  async getVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema> {
    return registered(await sr(() => this.usecases.getVersion(this.registry, subject, String(version))));
  }

  async lookup(subject: string, schema: SchemaInput): Promise<RegisteredSchema> {
    return registered(await sr(() => this.usecases.lookup(this.registry, subject, body(schema), false)));
  }
}

/**
 * ConnectRuntimeOptions.schemaRegistry for this process: connector → its cluster's environment →
 * that environment's registry, one client per registry (the converters cache per client).
 */
export function inProcessSchemaRegistry(
  db: PrismaService,
): (connector: { organizationId: string; clusterId: string }) => Promise<SchemaRegistryConfig> {
  const usecases = new SchemaRegistryUsecases(new SchemaRegistryRepository(db));
  const clients = new Map<string, SchemaRegistryClient>();
  return async ({ organizationId, clusterId }) => {
    const cluster = await db.kafkaCluster.findUnique({
      where: { id: clusterId },
      select: { environment: { select: { schemaRegistryId: true } } },
    });
    const registryId = cluster?.environment?.schemaRegistryId;
    if (!registryId) throw new Error(`no Schema Registry for the environment of cluster ${clusterId}`);
    const key = `${organizationId}/${registryId}`;
    let client = clients.get(key);
    if (!client)
      clients.set(key, (client = new InProcessSchemaRegistryClient(usecases, { org: organizationId, id: registryId })));
    return { client };
  };
}
