// Every environment variable the api, worker and broker read, with its type, range and default;
// documented in docs/operations.md (keep the two in step). Nothing reads process.env past this
// schema: a bad value stops start-up with a message naming the variable. An empty value counts as
// unset (`FOO= npm start` means the default), as it always did for the worker's and broker's tunables.
import { join } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

const shared = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/connectplane'),
  // Postgres connections each process may open (its pool); the sum over all processes must stay
  // under the server's max_connections (docs/operations.md, "Sizing").
  DATABASE_POOL_SIZE: int(1, 1000).default(20),
  // Postgres ends a session left idle inside a transaction this long. A frozen (SIGSTOP) or hung
  // process would otherwise hold its row locks forever, and the next owner's task claim would wait
  // behind a zombie's offset commit (docs/operations.md, "Failover").
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: int(0, 3_600_000).default(5000),
  // How long a request waits for a Postgres connection (a pool slot, or a new connection) before it
  // answers 503. A refused connection fails at once; this bounds an unreachable or overloaded server.
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5000),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  // Namespaces every Redis key and channel, so test runs and deployments sharing a Redis never collide.
  REDIS_PREFIX: z.string().default('cp:'),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // Server-side pepper for API-key secret hashes. Dev: generated into DATA_DIR on first start.
  API_KEY_PEPPER: z.string().min(32).optional(),
  // Master key(s) for secrets at rest: "kid:base64key[,kid:base64key…]", newest last. Dev: generated.
  SECRETS_KEY: z.string().optional(),
  // Comma lists of IPs, CIDRs, host names, *.suffix: production mode denies connector egress to
  // loopback/private ranges unless allowed; the platform's own endpoints are denied in every mode.
  EGRESS_ALLOW: csv.default([]),
  EGRESS_DENY: csv.default([]),
  DEV_MODE: bool.optional(),
  // Test harness only (api and worker): also register the runtime's test connector plugins
  // (CounterSource, CollectSink). Refused unless NODE_ENV=test, so tenants never see them.
  CONNECT_TEST_PLUGINS: bool.default(false),
  // How often the broker and the worker write their Metrics API series (per-minute values).
  METRICS_FLUSH_MS: int(100).default(60_000),
};

const api = {
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(8080),
  // Pre-forked API processes sharing PORT (Node's cluster module).
  API_PROCESSES: int(1, 256).default(1),
  // SIGTERM: how long open requests and connections get to finish before they are cut off.
  API_DRAIN_TIMEOUT_MS: int(0).default(10_000),
  // SIGTERM: how long /readyz answers 503 while new connections are still accepted, before the drain
  // stops accepting them (time for a proxy's health check to take the instance out of rotation).
  API_DRAIN_DELAY_MS: int(0).default(0),
  // Base of every metadata.self / related / http_endpoint the APIs return.
  PUBLIC_URL: z.string().url().optional(),
  BODY_LIMIT: z.string().default('1mb'),
  // The web console's built files (`npm run build` writes them), served under /console.
  CONSOLE_DIR: z.string().default('dist/console'),
  RATE_LIMIT_REQUESTS: int(1).default(6000),
  RATE_LIMIT_WINDOW_SECONDS: int(1).default(60),
  // Failed authentications allowed per window, per (key id, client address) and per client address.
  AUTH_FAILURE_LIMIT: int(1).default(20),
  AUTH_FAILURE_ADDRESS_LIMIT: int(1).default(60),
  BOOTSTRAP_API_KEY: z
    .string()
    .regex(/^[A-Z0-9]{16}$/, 'must be 16 characters [A-Z0-9]')
    .optional(),
  BOOTSTRAP_API_SECRET: z.string().min(32).optional(),
  OPERATOR_API_KEY: z.string().min(8).optional(),
  OPERATOR_API_SECRET: z.string().min(16).optional(),
};

const broker = {
  BROKER_HOST: z.string().default('127.0.0.1'),
  BROKER_PORT: port.default(9092),
  // Default: BROKER_HOST, or localhost when that is a wildcard address (see the transform below).
  BROKER_ADVERTISED_HOST: z.string().optional(),
  // Default: the bound port.
  BROKER_ADVERTISED_PORT: port.optional(),
  // Default: $DATA_DIR/broker.
  BROKER_DATA_DIR: z.string().optional(),
  BROKER_METRICS_PORT: port.default(9464),
  // Standalone broker without the control plane: [{"username","password","tenant"}].
  BROKER_STATIC_USERS: z.string().optional(),
  // The same list from a file (a mounted secret); BROKER_STATIC_USERS wins when both are set.
  BROKER_STATIC_USERS_FILE: z.string().optional(),
  // A TLS listener (SSL / SASL_SSL) beside BROKER_PORT: enabled by BROKER_TLS_PORT, with PEM files.
  BROKER_TLS_PORT: port.optional(),
  BROKER_TLS_HOST: z.string().optional(),
  BROKER_TLS_CERT_FILE: z.string().optional(),
  BROKER_TLS_KEY_FILE: z.string().optional(),
  BROKER_TLS_ADVERTISED_HOST: z.string().optional(),
  BROKER_TLS_ADVERTISED_PORT: port.optional(),
  // SSL without SASL: connections on the TLS port that do not start SASL belong to this tenant.
  BROKER_TLS_ANONYMOUS_TENANT: z.string().optional(),
  BROKER_PLAINTEXT_TENANT: z.string().optional(),
  BROKER_AUTO_CREATE_TOPICS: bool.default(true),
  BROKER_DEFAULT_PARTITIONS: int(1, 10_000).default(1),
  BROKER_FSYNC: z.enum(['always', 'interval', 'never']).default('interval'),
  BROKER_FSYNC_INTERVAL_MS: int(1).default(1000),
  BROKER_MAX_OPEN_FILES: int(16).default(1024),
  BROKER_SEGMENT_BYTES: int(1024, 2 ** 31 - 1).default(1024 * 1024 * 1024),
  BROKER_RETENTION_CHECK_INTERVAL_MS: int(1).default(60_000),
  BROKER_VALIDATE_CRC: bool.default(true),
  BROKER_GROUP_MIN_SESSION_TIMEOUT_MS: int(1).default(6000),
  BROKER_GROUP_INITIAL_REBALANCE_DELAY_MS: int(0).default(0),
};

const worker = {
  WORKER_METRICS_PORT: port.default(9465),
  WORKER_CAPACITY: int(1).default(100),
  WORKER_ID: z.string().optional(),
  // BullMQ job locks: failover after a SIGKILL ≈ lock duration + stalled interval.
  CONNECT_LOCK_DURATION_MS: int(100).default(4000),
  CONNECT_LOCK_RENEW_MS: int(10).default(1000),
  CONNECT_STALLED_INTERVAL_MS: int(10).default(1000),
  CONNECT_RECONCILE_INTERVAL_MS: int(10).default(500),
  CONNECT_OFFSET_FLUSH_INTERVAL_MS: int(1).default(1000),
  CONNECT_SINK_SESSION_TIMEOUT_MS: int(1).default(6000),
  CONNECTOR_LOG_RETENTION_HOURS: int(1).default(72),
  CONNECTOR_LOG_MAX_LINES: int(1).default(10_000),
  METRICS_RETENTION_DAYS: int(1).default(7),
  CONNECT_AUTO_RESTART: bool.default(true),
  CONNECT_RESTART_BACKOFF_MS: int(0).default(1000),
  CONNECT_RESTART_BACKOFF_MAX_MS: int(0).default(60_000),
  CONNECT_RESTART_RESET_MS: int(0).default(60_000),
  // Testing: only these organizations' connectors are reconciled (comma-separated ids).
  CONNECT_SCOPE_ORGANIZATIONS: csv.default([]),
};

const emptyIsUnset = (source: unknown): unknown =>
  source && typeof source === 'object'
    ? Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''))
    : source;

export const envSchema = z
  .preprocess(
    emptyIsUnset,
    z
      .object({ ...shared, ...api, ...broker, ...worker })
      .refine((env) => env.CONNECT_LOCK_RENEW_MS < env.CONNECT_LOCK_DURATION_MS, {
        message: 'must be less than CONNECT_LOCK_DURATION_MS',
        path: ['CONNECT_LOCK_RENEW_MS'],
      })
      .refine((env) => env.BROKER_TLS_PORT === undefined || (env.BROKER_TLS_CERT_FILE && env.BROKER_TLS_KEY_FILE), {
        message: 'needs BROKER_TLS_CERT_FILE and BROKER_TLS_KEY_FILE (PEM)',
        path: ['BROKER_TLS_PORT'],
      })
      .refine((env) => !env.CONNECT_TEST_PLUGINS || env.NODE_ENV === 'test', {
        message: 'is for the test harness only (set NODE_ENV=test with it)',
        path: ['CONNECT_TEST_PLUGINS'],
      }),
  )
  .transform((env) => ({
    ...env,
    // One default for the API (kafka_bootstrap_endpoint) and the broker (Metadata): what the broker listens on.
    BROKER_ADVERTISED_HOST:
      env.BROKER_ADVERTISED_HOST ?? (WILDCARD_HOSTS.has(env.BROKER_HOST) ? 'localhost' : env.BROKER_HOST),
    BROKER_DATA_DIR: env.BROKER_DATA_DIR ?? join(env.DATA_DIR, 'broker'),
  }));

export type Env = z.infer<typeof envSchema>;
