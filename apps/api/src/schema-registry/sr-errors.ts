// Confluent Schema Registry error codes (API-NOTES.md §14.5) as ApiErrors; the global filter renders
// them as {"error_code": …, "message": …} on SR paths.
import { ApiError } from '@libs/api-common';
import { SchemaRegistryError } from '@libs/schema-registry';

const CODE_NAMES: Record<number, string> = {
  404: 'resource_not_found',
  409: 'incompatible_schema',
  422: 'invalid_input',
};

export function srError(errorCode: number, message: string): ApiError {
  const status = errorCode >= 10000 ? Math.floor(errorCode / 100) : errorCode;
  return new ApiError(status, CODE_NAMES[status] ?? 'invalid_input', message, { errorCode });
}

export const SrErrors = {
  subjectNotFound: (s: string) => srError(40401, `Subject '${s}' not found.`),
  versionNotFound: (v: string | number) => srError(40402, `Version ${v} not found.`),
  schemaNotFound: (id?: string | number) =>
    srError(40403, id === undefined ? 'Schema not found' : `Schema ${id} not found`),
  subjectSoftDeleted: (s: string) =>
    srError(40404, `Subject '${s}' was soft deleted.Set permanent=true to delete permanently`),
  subjectNotSoftDeleted: (s: string) =>
    srError(40405, `Subject '${s}' was not deleted first before being permanently deleted`),
  versionSoftDeleted: (s: string, v: number) =>
    srError(40406, `Subject '${s}' Version ${v} was soft deleted.Set permanent=true to delete permanently`),
  versionNotSoftDeleted: (s: string, v: number) =>
    srError(40407, `Subject '${s}' Version ${v} was not deleted first before being permanently deleted`),
  noSubjectCompatibility: (s: string) =>
    srError(40408, `Subject '${s}' does not have subject-level compatibility configured`),
  noSubjectMode: (s: string) => srError(40409, `Subject '${s}' does not have subject-level mode configured`),
  invalidSchema: (m: string) => srError(42201, m),
  invalidMode: (m: string) =>
    srError(42204, `Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT: ${m}`),
  notPermitted: (m: string) => srError(42205, m),
  referenceExists: (what: string) => srError(42206, `One or more references exist to the schema ${what}.`),
  idMismatch: (m: string) => srError(42207, m),
  invalidSubject: (s: string) => srError(42208, `The specified subject '${s}' is not a valid.`),
};

/** Library errors (SchemaRegistryError with its code) → ApiError; anything else passes through. */
export function toSrError(e: unknown): unknown {
  if (e instanceof SchemaRegistryError) return srError(e.errorCode, e.message);
  return e;
}
