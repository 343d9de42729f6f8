// The registry's use cases on Postgres (libs/db's SchemaRegistryRepository): what the SR REST API
// runs (apps/api) and what the worker's converters reach in-process (apps/worker).
import type { SchemaRegistryRepository } from '@libs/db';
import { CompatibilityConfigUsecases } from './compatibility-config.usecases';
import { DeleteSchemaUsecases } from './delete-schema.usecases';
import { ModeUsecases } from './mode.usecases';
import { RegisterSchemaUsecases } from './register-schema.usecases';
import { SchemaReadUsecases } from './schema-reads.usecases';
import { StoredSchemas } from './stored-schemas';
import { TestCompatibilityUsecases } from './test-compatibility.usecases';

export { SrErrors } from './registry-errors';
export { MODES, type Mode, type Registry, type SchemaView, type ListOptions } from './registry-model';
export { InProcessSchemaRegistryClient, type InProcessRegistryUsecases } from './in-process-client';
export { identityHash, identityHashes } from './stored-schemas';
export {
  CompatibilityConfigUsecases,
  DeleteSchemaUsecases,
  ModeUsecases,
  RegisterSchemaUsecases,
  SchemaReadUsecases,
  StoredSchemas,
  TestCompatibilityUsecases,
};

/** Nest providers for a module that serves the registry (SchemaRegistryRepository comes from DbModule). */
export const SCHEMA_REGISTRY_PROVIDERS = [
  StoredSchemas,
  ModeUsecases,
  CompatibilityConfigUsecases,
  SchemaReadUsecases,
  RegisterSchemaUsecases,
  TestCompatibilityUsecases,
  DeleteSchemaUsecases,
];

/** The same use cases wired by hand, for a process that does not run them through Nest (the worker). */
export function createSchemaRegistryUsecases(repo: SchemaRegistryRepository) {
  const stored = new StoredSchemas(repo);
  const modes = new ModeUsecases(repo);
  const compatibility = new CompatibilityConfigUsecases(repo);
  return {
    reads: new SchemaReadUsecases(repo, stored),
    register: new RegisterSchemaUsecases(repo, stored, modes, compatibility),
    testCompatibility: new TestCompatibilityUsecases(repo, stored, compatibility),
    deletes: new DeleteSchemaUsecases(repo, stored, modes),
    compatibility,
    modes,
  };
}
