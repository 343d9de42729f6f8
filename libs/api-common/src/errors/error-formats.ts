import { STATUS_CODES } from 'node:http';
import type { ApiError } from './api-error';
import type { ApiFamily } from './api-family';

const KAFKA_REST_CODES: Record<number, number> = { 401: 40101, 403: 40301 };

/** The body Confluent's service of that family would send for this error. */
export function renderError(family: ApiFamily, err: ApiError, requestId: string): unknown {
  const numeric = err.options.errorCode ?? err.status;
  switch (family) {
    case 'connect':
      return { error: { code: err.status, message: err.detail } };
    case 'kafka-connect':
      // Kafka Connect's ErrorMessage: error_code is the HTTP status
      return { error_code: err.status, message: err.detail };
    case 'kafka-rest':
      // Kafka REST reports authentication/authorization failures as 40101/40301 (kafka-rest `Errors.java`).
      return { error_code: err.options.errorCode ?? KAFKA_REST_CODES[err.status] ?? err.status, message: err.detail };
    case 'schema-registry':
      return { error_code: numeric, message: err.detail };
    case 'cloud': {
      const source = err.options.pointer
        ? { pointer: err.options.pointer }
        : err.options.parameter
          ? { parameter: err.options.parameter }
          : {};
      return {
        errors: [
          {
            id: requestId,
            status: String(err.status),
            code: err.code,
            title: STATUS_CODES[err.status] ?? 'Error',
            detail: err.detail,
            source,
          },
        ],
      };
    }
  }
}
