// Which PostgreSQL failures the sink retries: lost or terminated connections (SQLSTATE class 08,
// admin/crash shutdown, "Connection terminated"), serialization failures, deadlocks, lock
// timeouts and too many connections are transient (roll back, reconnect, retry the batch); SQL,
// data and configuration errors (credentials, unknown database, TLS) are not.
import { ConnectException, RetriableException } from '@libs/connect-spi';

const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '53300', '55P03', '57014', '57P01', '57P02', '57P03']);
const TRANSIENT_NODE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const PERMANENT_CODES = new Set([
  '28P01', // invalid_password
  '28000', // invalid_authorization_specification
  '3D000', // invalid_catalog_name (no such database)
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
// pg reports a dropped socket without a code
const TRANSIENT_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout expired|Connection ended/i;

export function isTransientPostgresError(e: unknown): boolean {
  if (e instanceof RetriableException) return true;
  if (e instanceof ConnectException) return false;
  const err = e as { code?: string; message?: string };
  const code = err?.code;
  if (code && PERMANENT_CODES.has(code)) return false;
  if (code && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_NODE_CODES.has(code))) return true;
  return TRANSIENT_MESSAGES.test(err?.message ?? '');
}
