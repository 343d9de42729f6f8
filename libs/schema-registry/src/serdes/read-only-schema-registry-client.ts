// A Schema Registry client that never writes: lookups (by id, subject version, schema) go to the
// wrapped registry; `register` returns the id of an identical schema already registered under the
// subject, or else an id allocated in memory (kept by this client only). The transform preview uses
// it so that converters can serialize with auto.register.schemas=true and still register nothing.
import { SchemaRegistryError } from '../errors';
import type { RegisteredSchema, SchemaInput, SchemaRegistryClient } from './schema-registry-client';

/** In-memory ids start here, far above any id a registry hands out in practice. */
const LOCAL_ID_BASE = 2_000_000_000;

const notFound = (e: unknown) =>
  e instanceof SchemaRegistryError && (e.errorCode === 40401 || e.errorCode === 40402 || e.errorCode === 40403);

export class ReadOnlySchemaRegistryClient implements SchemaRegistryClient {
  private readonly localById = new Map<number, RegisteredSchema>();
  private readonly localBySubject = new Map<string, RegisteredSchema[]>();

  constructor(private readonly delegate: SchemaRegistryClient) {}

  /** Schemas `register` kept in memory instead of registering them. */
  get unregistered(): readonly RegisteredSchema[] {
    return [...this.localById.values()];
  }

  getSchemaById(id: number, subject?: string): Promise<RegisteredSchema> {
    const local = this.localById.get(id);
    return local ? Promise.resolve(local) : this.delegate.getSchemaById(id, subject);
  }

  async register(subject: string, schema: SchemaInput, options?: { normalize?: boolean }): Promise<number> {
    return (
      await this.lookup(subject, schema, options).catch(async (e: unknown) => {
        if (!notFound(e)) throw e;
        const versions = this.localBySubject.get(subject) ?? [];
        const same = versions.find(
          (v) => v.schema === schema.schema && (v.schemaType ?? 'AVRO') === (schema.schemaType ?? 'AVRO'),
        );
        if (same) return same;
        const kept: RegisteredSchema = {
          ...schema,
          id: LOCAL_ID_BASE + this.localById.size,
          subject,
          version: versions.length + 1,
        };
        this.localById.set(kept.id, kept);
        this.localBySubject.set(subject, [...versions, kept]);
        return kept;
      })
    ).id;
  }

  async getLatest(subject: string): Promise<RegisteredSchema> {
    return this.getVersion(subject, 'latest');
  }

  async getVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema> {
    try {
      return await this.delegate.getVersion(subject, version);
    } catch (e) {
      const local = this.localBySubject.get(subject);
      const hit = local && (version === 'latest' ? local[local.length - 1] : local.find((v) => v.version === version));
      if (notFound(e) && hit) return hit;
      throw e;
    }
  }

  lookup(subject: string, schema: SchemaInput, options?: { normalize?: boolean }): Promise<RegisteredSchema> {
    return this.delegate.lookup(subject, schema, options);
  }
}
