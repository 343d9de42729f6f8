// How a sink task reacts to an error from its consumer group (kafkajs heartbeat / offset commit).
// These belong to kafkajs, which rejoins the group when they reach it: they must never fail the
// task. What the task does first follows Kafka Connect's WorkerSinkTask:
// - 'rebalance' (REBALANCE_IN_PROGRESS): our generation is still valid, so the partitions are
//   revoked cleanly: flush and commit what was put, then close them (onPartitionsRevoked);
// - 'lost' (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, FENCED_INSTANCE_ID): the group moved on
//   without us, commits would be refused: close without committing (onPartitionsLost), the new
//   owner re-reads from the last commit (at-least-once);
// - 'transient' (coordinator moved, connection lost, broker restarting): kafkajs retries, and
//   restarts the consumer if that fails; nothing to do here.

export type GroupErrorKind = 'rebalance' | 'lost' | 'transient';

export function groupErrorKind(e: unknown): GroupErrorKind {
  const type = (e as { type?: unknown } | null)?.type;
  if (type === 'REBALANCE_IN_PROGRESS') return 'rebalance';
  if (type === 'UNKNOWN_MEMBER_ID' || type === 'ILLEGAL_GENERATION' || type === 'FENCED_INSTANCE_ID') return 'lost';
  return 'transient';
}

/** Error objects thrown by a group call, so the sink loop can tell them from a task's own errors. */
const fromGroup = new WeakSet<object>();

/** Runs a consumer-group call; what it throws is marked as the group's (see isGroupError). */
export async function groupCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e !== null && typeof e === 'object') fromGroup.add(e);
    throw e;
  }
}

export function isGroupError(e: unknown): boolean {
  return e !== null && typeof e === 'object' && fromGroup.has(e);
}

/** Kafka errors that end a consumer's membership but not the task's reason to run. */
const REJOINABLE_TYPES = new Set([
  'REBALANCE_IN_PROGRESS',
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'NOT_COORDINATOR_FOR_GROUP',
  'COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
]);
const REJOINABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
]);

/**
 * A consumer crash kafkajs does not restart itself (it restarts only "retriable" ones), but that a
 * fresh consumer fixes: the group forgot us (a broker restart, an expired session) or the broker
 * is unreachable for now. Anything else (authentication, authorization, bad config) fails the task.
 */
export function isRejoinable(e: unknown): boolean {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    const { type, name } = cur as { type?: unknown; name?: unknown };
    if (typeof type === 'string' && REJOINABLE_TYPES.has(type)) return true;
    if (typeof name === 'string' && REJOINABLE_NAMES.has(name)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
