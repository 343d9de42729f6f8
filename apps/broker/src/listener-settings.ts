// The standalone broker's TLS listener and static users, read from the files the environment names
// (PEM files and a users JSON file are what a mounted Kubernetes secret or a compose secret gives).
import { readFileSync } from 'node:fs';
import { StaticAuthenticator, type TlsListenerOptions } from '@libs/broker';
import { ConfigError, type Env } from '@libs/config';

function readNamed(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${variable}: cannot read ${path}: ${(e as Error).message}`);
  }
}

/** BROKER_TLS_PORT and its PEM files, or none. */
export function tlsListenerFromEnv(env: Env): TlsListenerOptions | undefined {
  if (env.BROKER_TLS_PORT === undefined) return undefined;
  // the schema requires both files with BROKER_TLS_PORT
  return {
    host: env.BROKER_TLS_HOST,
    port: env.BROKER_TLS_PORT,
    advertisedHost: env.BROKER_TLS_ADVERTISED_HOST,
    advertisedPort: env.BROKER_TLS_ADVERTISED_PORT,
    cert: readNamed('BROKER_TLS_CERT_FILE', env.BROKER_TLS_CERT_FILE!),
    key: readNamed('BROKER_TLS_KEY_FILE', env.BROKER_TLS_KEY_FILE!),
    anonymousTenant: env.BROKER_TLS_ANONYMOUS_TENANT,
  };
}

/** Static SASL/PLAIN users (BROKER_STATIC_USERS, else BROKER_STATIC_USERS_FILE), or none: the control plane's keys. */
export function staticUsersFromEnv(env: Env): StaticAuthenticator | undefined {
  const [variable, json] =
    env.BROKER_STATIC_USERS !== undefined
      ? ['BROKER_STATIC_USERS', env.BROKER_STATIC_USERS]
      : env.BROKER_STATIC_USERS_FILE !== undefined
        ? ['BROKER_STATIC_USERS_FILE', readNamed('BROKER_STATIC_USERS_FILE', env.BROKER_STATIC_USERS_FILE)]
        : [];
  if (variable === undefined) return undefined;
  try {
    return StaticAuthenticator.fromJson(json!);
  } catch (e) {
    throw new ConfigError(`${variable}: ${(e as Error).message}`);
  }
}
