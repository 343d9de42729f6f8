// Every environment variable the platform reads, with its documented default (docs/operations.md).
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/connectplane'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  // Namespaces every Redis key and channel, so test runs and deployments sharing a Redis never collide.
  REDIS_PREFIX: z.string().default('cp:'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(8080),
  // Base of every metadata.self / related / http_endpoint the APIs return.
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z.string().default('1mb'),
  // Server-side pepper for API-key secret hashes. Dev: generated into DATA_DIR on first start.
  API_KEY_PEPPER: z.string().min(32).optional(),
  // Master key(s) for secrets at rest: "kid:base64key[,kid:base64key…]", newest last. Dev: generated.
  SECRETS_KEY: z.string().optional(),
  RATE_LIMIT_REQUESTS: z.coerce.number().int().positive().default(6000),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  // Failed authentications allowed per window, per (key id, client address) and per client address.
  AUTH_FAILURE_LIMIT: z.coerce.number().int().positive().default(20),
  AUTH_FAILURE_ADDRESS_LIMIT: z.coerce.number().int().positive().default(60),
  BOOTSTRAP_API_KEY: z
    .string()
    .regex(/^[A-Z0-9]{16}$/, 'must be 16 characters [A-Z0-9]')
    .optional(),
  BOOTSTRAP_API_SECRET: z.string().min(32).optional(),
  OPERATOR_API_KEY: z.string().min(8).optional(),
  OPERATOR_API_SECRET: z.string().min(16).optional(),
  BROKER_HOST: z.string().default('127.0.0.1'),
  BROKER_PORT: port.default(9092),
  BROKER_ADVERTISED_HOST: z.string().default('localhost'),
  BROKER_DATA_DIR: z.string().optional(),
  BROKER_METRICS_PORT: port.default(9464),
  BROKER_PLAINTEXT_TENANT: z.string().optional(),
  WORKER_METRICS_PORT: port.default(9465),
  // Production mode denies connector egress to loopback/private ranges unless allowed.
  EGRESS_ALLOW: z.string().default(''),
  EGRESS_DENY: z.string().default(''),
  DEV_MODE: bool.optional(),
});

export type Env = z.infer<typeof envSchema>;
