// An in-process Schema Registry client over the SR use cases (SchemaRegistryUsecases on the shared
// Postgres): what the REST API would answer, without HTTP or an API key. The worker's converters
// use it (apps/worker/src/schema-registry-client.ts), and the API's transform preview wraps it in a
// ReadOnlySchemaRegistryClient.
import { ApiError } from '@libs/api-common';
import {
  SchemaRegistryError,
  type RegisteredSchema,
  type SchemaInput,
  type SchemaRegistryClient,
} from '@libs/schema-registry';
import { SchemaRegistryUsecases, type Registry, type SchemaView } from './usecases/schema-registry.usecases';

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
