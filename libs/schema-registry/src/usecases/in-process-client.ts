// An in-process Schema Registry client over the registry's use cases (on the shared Postgres): what
// the REST API would answer, without HTTP or an API key. The worker's converters use it, and the
// API's transform preview wraps it in a ReadOnlySchemaRegistryClient.
import type { RegisteredSchema, SchemaInput, SchemaRegistryClient } from '../serdes';
import type { Registry, SchemaView } from './registry-model';
import type { RegisterSchemaUsecases } from './register-schema.usecases';
import type { SchemaReadUsecases } from './schema-reads.usecases';

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

/** The use cases a client needs: reads and registration. Errors are SchemaRegistryErrors, as over HTTP. */
export interface InProcessRegistryUsecases {
  reads: SchemaReadUsecases;
  register: RegisterSchemaUsecases;
}

export class InProcessSchemaRegistryClient implements SchemaRegistryClient {
  constructor(
    private readonly usecases: InProcessRegistryUsecases,
    private readonly registry: Registry,
  ) {}

  async getSchemaById(id: number): Promise<RegisteredSchema> {
    return registered(await this.usecases.reads.schemaById(this.registry, String(id)));
  }

  async register(subject: string, schema: SchemaInput): Promise<number> {
    return (await this.usecases.register.register(this.registry, subject, body(schema))).id;
  }

  getLatest(subject: string): Promise<RegisteredSchema> {
    return this.getVersion(subject, 'latest');
  }

  async getVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema> {
    return registered(await this.usecases.reads.getVersion(this.registry, subject, String(version)));
  }

  async lookup(subject: string, schema: SchemaInput): Promise<RegisteredSchema> {
    return registered(await this.usecases.reads.lookup(this.registry, subject, body(schema), false));
  }
}
