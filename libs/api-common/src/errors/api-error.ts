// One error type for every API; the family's renderer (error-formats.ts) decides the wire shape.
export interface ApiErrorOptions {
  /** JSON pointer into the request body (Org/IAM/CMK `source.pointer`). */
  pointer?: string;
  /** Offending query parameter (`source.parameter`). */
  parameter?: string;
  /** Family-specific numeric code (Kafka REST 40403, Schema Registry 40401, …); defaults to the status. */
  errorCode?: number;
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Stable machine code, e.g. resource_not_found (the Failure format's `code`). */
    readonly code: string,
    readonly detail: string,
    readonly options: ApiErrorOptions = {},
  ) {
    // A 4xx is an answer, not a fault: no stack is ever shown or logged for it, and capturing one
    // cost a few percent of a rejected request's CPU. 5xx keep theirs for the error log.
    const stackTraceLimit = Error.stackTraceLimit;
    if (status < 500) Error.stackTraceLimit = 0;
    try {
      super(detail);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.name = 'ApiError';
  }

  static badRequest(detail: string, options?: ApiErrorOptions): ApiError {
    return new ApiError(400, 'invalid_input', detail, options);
  }

  static notFound(detail = 'Resource Not Found', options?: ApiErrorOptions): ApiError {
    return new ApiError(404, 'resource_not_found', detail, options);
  }

  static conflict(detail: string, options?: ApiErrorOptions): ApiError {
    return new ApiError(409, 'resource_already_exists', detail, options);
  }

  static forbidden(detail = 'Forbidden Access', options?: ApiErrorOptions): ApiError {
    return new ApiError(403, 'forbidden_access', detail, options);
  }

  static unauthenticated(detail: string): ApiError {
    return new ApiError(401, 'user_unauthenticated', detail, {
      headers: { 'WWW-Authenticate': `Basic error="invalid_key", error_description="${detail.replace(/"/g, "'")}"` },
    });
  }
}
