import type { SchemaReference, SchemaType } from '../types';

/** A schema as sent to / returned by the registry (REST shape). */
export interface SchemaInput {
  schema: string;
  /** Omitted = AVRO. */
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

export interface RegisteredSchema extends SchemaInput {
  id: number;
  subject?: string;
  version?: number;
}

/** What the serializers need from a Schema Registry; HTTP or in-process implementations. */
export interface SchemaRegistryClient {
  /** `GET /schemas/ids/{id}`. */
  getSchemaById(id: number, subject?: string): Promise<RegisteredSchema>;
  /** `POST /subjects/{subject}/versions` → id (idempotent for an identical schema). */
  register(subject: string, schema: SchemaInput, options?: { normalize?: boolean }): Promise<number>;
  /** `GET /subjects/{subject}/versions/latest`. */
  getLatest(subject: string): Promise<RegisteredSchema>;
  /** `GET /subjects/{subject}/versions/{version}` (used to resolve references). */
  getVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema>;
  /** `POST /subjects/{subject}`: the registered schema matching `schema`, with its id and version. */
  lookup(subject: string, schema: SchemaInput, options?: { normalize?: boolean }): Promise<RegisteredSchema>;
}
