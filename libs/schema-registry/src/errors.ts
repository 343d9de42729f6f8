// Errors carrying Confluent Schema Registry error codes, so the HTTP layer can map them 1:1
// onto `{"error_code": …, "message": …}` bodies without re-deciding the code.

export const ErrorCodes = {
  SUBJECT_NOT_FOUND: 40401,
  VERSION_NOT_FOUND: 40402,
  SCHEMA_NOT_FOUND: 40403,
  INCOMPATIBLE_SCHEMA: 409,
  INVALID_SCHEMA: 42201,
  INVALID_VERSION: 42202,
  INVALID_COMPATIBILITY_LEVEL: 42203,
} as const;

export class SchemaRegistryError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'SchemaRegistryError';
  }

  /** HTTP status for this code: 5-digit codes carry it in their first three digits. */
  get httpStatus(): number {
    return this.errorCode >= 10000 ? Math.floor(this.errorCode / 100) : this.errorCode;
  }
}

/** 42201: the schema text (or its type) is not acceptable. */
export class InvalidSchemaError extends SchemaRegistryError {
  constructor(message: string) {
    super(ErrorCodes.INVALID_SCHEMA, message);
    this.name = 'InvalidSchemaError';
  }
}

/** 42203: unknown compatibility level name. */
export class InvalidCompatibilityLevelError extends SchemaRegistryError {
  constructor(level: string) {
    super(
      ErrorCodes.INVALID_COMPATIBILITY_LEVEL,
      `Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive: ${level}`,
    );
    this.name = 'InvalidCompatibilityLevelError';
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
