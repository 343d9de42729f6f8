// Public configuration of the embedded broker.
import type { SaslPlainAuthenticator } from './auth';

export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  debug?(obj: unknown, msg?: string): void;
}

export type FsyncPolicy =
  // fsync before every acknowledgement: survives power loss, slowest.
  | { mode: 'always' }
  // fsync dirty logs every intervalMs: a power loss loses at most that window.
  | { mode: 'interval'; intervalMs: number }
  // leave flushing to the OS.
  | { mode: 'never' };

/**
 * A TLS listener beside the main one (Kafka's SSL / SASL_SSL security protocols). Clients authenticate
 * with SASL/PLAIN inside TLS (SASL_SSL); with `anonymousTenant` set, connections that do not start
 * SASL belong to that tenant (SSL without client authentication).
 */
export interface TlsListenerOptions {
  host?: string; // default: the main listener's host
  port: number; // 0 = ephemeral
  // What Metadata answers to clients of this listener (default: advertisedHost / the bound port).
  advertisedHost?: string;
  advertisedPort?: number;
  // PEM: the server certificate (chain) and its private key.
  cert: string | Buffer;
  key: string | Buffer;
  anonymousTenant?: string;
}

export interface BrokerOptions {
  host: string;
  port: number; // 0 = ephemeral
  advertisedHost?: string;
  advertisedPort?: number;
  dataDir: string;
  authenticator: SaslPlainAuthenticator;
  // Explicitly enabled unauthenticated PLAINTEXT mode: every connection that does not start SASL
  // belongs to this tenant.
  plaintextTenant?: string;
  // A second listener speaking TLS (SSL / SASL_SSL); the main listener stays PLAINTEXT / SASL_PLAINTEXT.
  tls?: TlsListenerOptions;
  // Topic auto-creation on Metadata requests (Apache Kafka's default: on). Per cluster if a function.
  autoCreateTopics?: boolean | ((tenant: string) => boolean);
  defaultPartitions?: number;
  fsync?: FsyncPolicy;
  logger?: Logger;
  // Largest request frame accepted (Kafka's socket.request.max.bytes).
  maxRequestBytes?: number;
  // A connection must finish SASL within this time (unauthenticated sockets are cheap to open).
  authTimeoutMs?: number;
  // Idle connections are closed after this long without a request (Kafka's connections.max.idle.ms).
  idleTimeoutMs?: number;
  // Max open segment/index files across all partitions.
  maxOpenFiles?: number;
  // Segment size used when a topic does not set segment.bytes.
  segmentBytes?: number;
  indexIntervalBytes?: number;
  retentionCheckIntervalMs?: number;
  group?: {
    minSessionTimeoutMs?: number;
    maxSessionTimeoutMs?: number;
    initialRebalanceDelayMs?: number;
  };
  // Validate each produced batch's CRC32C (on by default).
  validateCrc?: boolean;
}

export const DEFAULTS = {
  maxRequestBytes: 100 * 1024 * 1024,
  authTimeoutMs: 30_000,
  idleTimeoutMs: 600_000,
  maxOpenFiles: 1024,
  segmentBytes: 1024 * 1024 * 1024,
  indexIntervalBytes: 4096,
  retentionCheckIntervalMs: 60_000,
  defaultPartitions: 1,
  minSessionTimeoutMs: 6000,
  maxSessionTimeoutMs: 1_800_000,
  initialRebalanceDelayMs: 0,
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
