// Confluent Schema Registry error codes of the registry's use cases, as SchemaRegistryErrors. The
// HTTP layer renders them as {"error_code": …, "message": …}; in-process callers (the worker's
// converters) get them as a remote client would.
import { SchemaRegistryError } from '../errors';

const err = (code: number, message: string) => new SchemaRegistryError(code, message);

export const SrErrors = {
  subjectNotFound: (s: string) => err(40401, `Subject '${s}' not found.`),
  versionNotFound: (v: string | number) => err(40402, `Version ${v} not found.`),
  schemaNotFound: (id?: string | number) =>
    err(40403, id === undefined ? 'Schema not found' : `Schema ${id} not found`),
  subjectSoftDeleted: (s: string) =>
    err(40404, `Subject '${s}' was soft deleted.Set permanent=true to delete permanently`),
  subjectNotSoftDeleted: (s: string) =>
    err(40405, `Subject '${s}' was not deleted first before being permanently deleted`),
  versionSoftDeleted: (s: string, v: number) =>
    err(40406, `Subject '${s}' Version ${v} was soft deleted.Set permanent=true to delete permanently`),
  versionNotSoftDeleted: (s: string, v: number) =>
    err(40407, `Subject '${s}' Version ${v} was not deleted first before being permanently deleted`),
  noSubjectCompatibility: (s: string) =>
    err(40408, `Subject '${s}' does not have subject-level compatibility configured`),
  noSubjectMode: (s: string) => err(40409, `Subject '${s}' does not have subject-level mode configured`),
  invalidSchema: (m: string) => err(42201, m),
  /** A compatibility body without a string `compatibility` (a bad name is InvalidCompatibilityLevelError). */
  missingCompatibilityLevel: () =>
    err(
      42203,
      'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
    ),
  invalidMode: (m: string) =>
    err(42204, `Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT: ${m}`),
  notPermitted: (m: string) => err(42205, m),
  referenceExists: (what: string) => err(42206, `One or more references exist to the schema ${what}.`),
  idMismatch: (m: string) => err(42207, m),
  invalidSubject: (s: string) => err(42208, `The specified subject '${s}' is not a valid.`),
};
