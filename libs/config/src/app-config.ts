import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { envSchema, type Env } from './env.schema';
import { readOrCreateSecretFile } from './secret-file';

export interface AppConfig extends Env {
  publicUrl: string;
  dataDir: string;
  apiKeyPepper: string;
  secretsKeyring: string;
  devMode: boolean;
}

export class ConfigError extends Error {}

/** Validates the environment without side effects (no data dir, no key files): ConfigError names each bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Parses and validates the environment once; a bad value stops the process with a clear message. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = parseEnv(source);
  if ((env.BOOTSTRAP_API_KEY === undefined) !== (env.BOOTSTRAP_API_SECRET === undefined)) {
    throw new ConfigError('invalid configuration:\n  BOOTSTRAP_API_KEY and BOOTSTRAP_API_SECRET must be set together');
  }
  if ((env.OPERATOR_API_KEY === undefined) !== (env.OPERATOR_API_SECRET === undefined)) {
    throw new ConfigError('invalid configuration:\n  OPERATOR_API_KEY and OPERATOR_API_SECRET must be set together');
  }
  const devMode = env.DEV_MODE ?? env.NODE_ENV !== 'production';
  if (!devMode && (!env.API_KEY_PEPPER || !env.SECRETS_KEY)) {
    throw new ConfigError('invalid configuration:\n  API_KEY_PEPPER and SECRETS_KEY are required in production');
  }
  const dataDir = resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const randomKey = () => `k1:${randomBytes(32).toString('base64')}`;
  return {
    ...env,
    devMode,
    dataDir,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    apiKeyPepper:
      env.API_KEY_PEPPER ?? readOrCreateSecretFile(dataDir, 'api-key-pepper', () => randomBytes(32).toString('hex')),
    secretsKeyring: env.SECRETS_KEY ?? readOrCreateSecretFile(dataDir, 'secrets.key', randomKey),
  };
}
