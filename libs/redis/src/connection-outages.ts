// ioredis emits 'error' on every failed reconnect attempt (several a second while Redis is down),
// and an unhandled 'error' event would end the process. Handling it with a no-op hid outages from
// the operator; logging every attempt floods the log. One line when a connection is lost and one
// when it is back, with how long it was out, is what an operator needs.
import type { Redis } from 'ioredis';

export type OutageLog = (level: 'warn' | 'info', event: string, fields: Record<string, unknown>) => void;

/** Handles `client`'s errors: logs the first of an outage and the recovery; never throws. */
export function reportConnectionOutages(client: Redis, name: string, log: OutageLog): void {
  let lostAt: number | null = null;
  client.on('error', (err: Error) => {
    if (lostAt !== null) return;
    lostAt = Date.now();
    log('warn', 'redis connection lost', { connection: name, error: err.message });
  });
  client.on('ready', () => {
    if (lostAt === null) return;
    log('info', 'redis connection back', { connection: name, after_ms: Date.now() - lostAt });
    lostAt = null;
  });
}

/**
 * For emitters that repeat one error while a dependency is down (a BullMQ Worker re-emits its
 * connection's errors): the first of each message, then at most one line per `quietMs`.
 */
export function throttledErrorLog(
  log: OutageLog,
  event: string,
  fields: Record<string, unknown>,
  quietMs = 30_000,
): (err: Error) => void {
  let last = 0;
  let lastMessage = '';
  return (err: Error) => {
    const now = Date.now();
    if (err.message === lastMessage && now - last < quietMs) return;
    last = now;
    lastMessage = err.message;
    log('warn', event, { ...fields, error: err.message });
  };
}
