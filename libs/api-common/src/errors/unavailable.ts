// Errors meaning a dependency (Postgres) cannot be reached right now: the request may succeed on
// retry, so they answer 503 + Retry-After rather than a 500.

const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// Driver adapter error kinds (@prisma/driver-adapter-utils) for an unreachable or lost server.
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH']);
// SQLSTATE: connection exceptions (08…), server shutting down or starting (57P01–57P03), too many connections.
const SQLSTATE = /^(08\d{3}|57P0[123]|53300)$/;
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Connection refused|Server has closed the connection|the database system is (starting up|shutting down)/i;

interface Causal {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  originalCode?: unknown;
  cause?: unknown;
}

/** True when `err`, or an error it wraps, says the database is unreachable or the connection was lost. */
export function isDependencyUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth++) {
    const c = e as Causal;
    if (typeof c.code === 'string' && (PRISMA_CODES.has(c.code) || SOCKET_CODES.has(c.code) || SQLSTATE.test(c.code)))
      return true;
    if (typeof c.originalCode === 'string' && (SOCKET_CODES.has(c.originalCode) || SQLSTATE.test(c.originalCode)))
      return true;
    if (typeof c.kind === 'string' && ADAPTER_KINDS.has(c.kind)) return true;
    if (typeof c.message === 'string' && MESSAGES.test(c.message)) return true;
    e = c.cause;
  }
  return false;
}
