// Which MySQL failures the sink retries: lost or killed connections, deadlocks, lock waits and a
// server going away are transient (roll back, reconnect, retry the batch); SQL, data and
// configuration errors (TLS, credentials, unknown database) are not.
import { ConnectException, RetriableException } from '@libs/connect-spi';

const TRANSIENT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_QUERY_INTERRUPTED',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_CANT_LOCK',
]);
const TRANSIENT_ERRNOS = new Set([
  1040, 1053, 1077, 1078, 1079, 1080, 1152, 1153, 1158, 1159, 1160, 1161, 1205, 1213, 1317, 1927, 2002, 2003, 2006,
  2013, 4031,
]);

// Fatal connection errors that a retry cannot fix (configuration: TLS, credentials, database).
const PERMANENT_CODES = new Set([
  'HANDSHAKE_NO_SSL_SUPPORT',
  'HANDSHAKE_SSL_ERROR',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_NOT_SUPPORTED_AUTH_MODE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Connection-level or concurrency errors worth retrying; SQL/data/configuration errors are not. */
export function isTransientError(e: unknown): boolean {
  if (e instanceof RetriableException) return true;
  if (e instanceof ConnectException) return false;
  const err = e as { code?: string; errno?: number; fatal?: boolean };
  if (err?.code && PERMANENT_CODES.has(err.code)) return false;
  if (err?.fatal) return true;
  if (err?.code && TRANSIENT_CODES.has(err.code)) return true;
  return typeof err?.errno === 'number' && TRANSIENT_ERRNOS.has(err.errno);
}
