// The registry's use cases and library throw SchemaRegistryErrors with Confluent's error codes
// (https://docs.confluent.io/platform/current/schema-registry/develop/api.html#errors); on SR paths
// they become ApiErrors, which the global filter renders as {"error_code": …, "message": …}.
import { ApiError } from '@libs/api-common';
import { SchemaRegistryError } from '@libs/schema-registry';

const CODE_NAMES: Record<number, string> = {
  404: 'resource_not_found',
  409: 'incompatible_schema',
  422: 'invalid_input',
};

function srError(errorCode: number, message: string): ApiError {
  const status = errorCode >= 10000 ? Math.floor(errorCode / 100) : errorCode;
  return new ApiError(status, CODE_NAMES[status] ?? 'invalid_input', message, { errorCode });
}

/** Library errors (SchemaRegistryError with its code) → ApiError; anything else passes through. */
export function toSrError(e: unknown): unknown {
  if (e instanceof SchemaRegistryError) return srError(e.errorCode, e.message);
  return e;
}
