import { ApiError } from '@libs/api-common';
import { clusterAccessFailure, errorChain as chain, type KafkaJsErrorLike } from '@libs/kafka-clients';

// Kafka REST v3's error codes (confluentinc/kafka-rest `Errors.java`; Confluent Cloud API reference):
// plain HTTP codes or 5-digit Kafka REST codes.
export const KafkaRestCode = {
  BAD_REQUEST: 40002,
  UNAUTHORIZED: 40101,
  FORBIDDEN: 40301,
  UNKNOWN_TOPIC_OR_PARTITION: 40403,
  RETRIABLE: 50003,
} as const;

export const UNKNOWN_TOPIC_MESSAGE = 'This server does not host this topic-partition.';

export const kafkaRest = {
  badRequest: (message: string) =>
    new ApiError(400, 'invalid_input', message, { errorCode: KafkaRestCode.BAD_REQUEST }),
  /** A malformed body (plain 400, as Jackson's deserialization errors are). */
  invalidBody: (message: string) => new ApiError(400, 'invalid_input', message, { errorCode: 400 }),
  unknownTopic: (message = UNKNOWN_TOPIC_MESSAGE) =>
    new ApiError(404, 'resource_not_found', message, { errorCode: KafkaRestCode.UNKNOWN_TOPIC_OR_PARTITION }),
  notFound: (message: string) => new ApiError(404, 'resource_not_found', message, { errorCode: 404 }),
  clusterNotFound: (id: string) =>
    new ApiError(404, 'resource_not_found', `Cluster ${id} cannot be found.`, { errorCode: 404 }),
  unprocessable: (message: string) => new ApiError(422, 'invalid_configuration', message, { errorCode: 422 }),
};

/** The innermost Kafka protocol error kafkajs wrapped (retries, aggregates). */
function innermost(err: unknown): KafkaJSErrorLikeWithType | undefined {
  let e = err as KafkaJsErrorLike | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e.type) return e as KafkaJSErrorLikeWithType;
    if (Array.isArray(e.errors) && e.errors.length > 0) e = e.errors[0] as KafkaJsErrorLike;
    else if (e.originalError) e = e.originalError as KafkaJsErrorLike;
    else if (e.cause) e = e.cause as KafkaJsErrorLike;
    else break;
  }
  return undefined;
}
type KafkaJSErrorLikeWithType = KafkaJsErrorLike & { type: string };

const BAD_REQUEST_TYPES = new Set([
  'TOPIC_ALREADY_EXISTS',
  'INVALID_PARTITIONS',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_REPLICA_ASSIGNMENT',
  'INVALID_CONFIG',
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_REQUEST',
  'POLICY_VIOLATION',
  'UNSUPPORTED_VERSION',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
]);

/**
 * Maps what kafkajs threw to Kafka REST's codes: unknown topic/partition → 404 40403, invalid
 * topic/partitions/replication/config → 400 40002, authorization → 403 40301, group errors → 404,
 * record too large → 413, anything retriable (connection, timeouts) → 500 50003.
 */
export function toKafkaRestError(err: unknown, context: { topic?: string } = {}): ApiError {
  if (err instanceof ApiError) return err;
  // The cluster (an external one) sent us to an address the egress policy refuses: a fact about the
  // tenant's cluster, not an outage, so the tenant gets a 4xx naming it (never a retriable 5xx).
  const refused = chain(err).find(
    (e) => e.name === 'EgressDeniedError' || /refused by the egress policy/.test(e.message ?? ''),
  );
  if (refused) return kafkaRest.unprocessable(`The cluster cannot be reached: ${refused.message}`);
  // So are a certificate the registered CA does not vouch for and a login the cluster refuses (an
  // external cluster's registration, or its password changed since): 422 naming the cause.
  const access = clusterAccessFailure(err);
  if (access) return kafkaRest.unprocessable(access.message);
  const inner = innermost(err);
  const type = inner?.type;
  const message = inner?.message ?? (err as KafkaJsErrorLike)?.message ?? 'Kafka error';
  if (type) {
    if (type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'UNKNOWN_TOPIC_ID') return kafkaRest.unknownTopic();
    if (type === 'TOPIC_ALREADY_EXISTS')
      return kafkaRest.badRequest(context.topic ? `Topic '${context.topic}' already exists.` : message);
    if (BAD_REQUEST_TYPES.has(type)) return kafkaRest.badRequest(message);
    if (type.endsWith('AUTHORIZATION_FAILED'))
      return new ApiError(403, 'forbidden_access', 'Request is not authorized', { errorCode: KafkaRestCode.FORBIDDEN });
    if (type === 'GROUP_ID_NOT_FOUND') return kafkaRest.notFound(message);
    if (type === 'NON_EMPTY_GROUP') return kafkaRest.badRequest(message);
    if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') {
      return new ApiError(
        413,
        'payload_too_large',
        'The request included a message larger than the maximum message size the server can accept.',
        { errorCode: 413 },
      );
    }
  }
  const name = (err as KafkaJsErrorLike)?.name ?? '';
  if (
    inner?.retriable ||
    /Connection|Timeout|NumberOfRetriesExceeded|BrokerNotFound|NotImplemented/.test(name) ||
    /Connection|timed out/i.test(message)
  ) {
    return new ApiError(500, 'internal_error', `Kafka cluster unavailable: ${message}`, {
      errorCode: KafkaRestCode.RETRIABLE,
    });
  }
  return new ApiError(500, 'internal_error', 'Internal Server Error', { errorCode: 500 });
}

/** Runs a Kafka call and rethrows its failure as a Kafka REST error. */
export async function kafkaCall<T>(fn: () => Promise<T>, context: { topic?: string } = {}): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toKafkaRestError(err, context);
  }
}
