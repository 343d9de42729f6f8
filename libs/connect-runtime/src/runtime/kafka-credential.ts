// The identity a connector's tasks use towards Kafka: its own API key (kafka.auth.mode=KAFKA_API_KEY,
// the default), so the broker sees the key's principal and deleting the key stops the connector;
// or, with SERVICE_ACCOUNT, the platform's identity of the cluster on behalf of a service account
// that must still exist (the broker has no login for an account without a key).
import { createHash } from 'node:crypto';

export type KafkaCredential =
  { kind: 'api-key'; key: string; secret: string } | { kind: 'service-account'; serviceAccountId: string };

const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '';

/**
 * The credential of a connector's (decrypted) config. null: none given, as in rows written before
 * credentials were checked; those connect as the platform.
 */
export function connectorCredential(config: Readonly<Record<string, string | undefined>>): KafkaCredential | null {
  const mode = blank(config['kafka.auth.mode']) ? 'KAFKA_API_KEY' : String(config['kafka.auth.mode']).trim();
  if (mode === 'SERVICE_ACCOUNT') {
    const id = config['kafka.service.account.id'];
    return blank(id) ? null : { kind: 'service-account', serviceAccountId: String(id).trim() };
  }
  const key = config['kafka.api.key'];
  const secret = config['kafka.api.secret'];
  if (blank(key) || secret === undefined || secret === '') return null;
  return { kind: 'api-key', key: String(key).trim(), secret };
}

/** The pool's key for (cluster, credential); the secret enters only as a digest. */
export function credentialPoolKey(clusterId: string, credential: KafkaCredential | null): string {
  if (!credential) return clusterId;
  if (credential.kind === 'service-account') return `${clusterId}\u0000sa\u0000${credential.serviceAccountId}`;
  const digest = createHash('sha256').update(credential.secret).digest('base64url');
  return `${clusterId}\u0000key\u0000${credential.key}\u0000${digest}`;
}

/** How a credential is named in a trace: the key id shortened, never the secret. */
export function describeCredential(credential: KafkaCredential): string {
  return credential.kind === 'api-key'
    ? `Kafka API key ${credential.key.slice(0, 6)}…`
    : `Service account ${credential.serviceAccountId}`;
}

/**
 * A task failure that retrying soon cannot fix (a deleted key, a wrong secret, a deleted service
 * account): the task stays FAILED with this trace and is retried only at the slowest restart
 * backoff (a login refused during a control-plane hiccup still recovers); updating the config or
 * a manual restart runs it again at once.
 */
export class CredentialError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialError';
  }
}

export function isCredentialError(err: unknown): boolean {
  return err instanceof CredentialError;
}

// The broker's own refusal ("Authentication failed: Invalid username or password", as Apache
// Kafka words it too), as opposed to a connection lost during the handshake.
const REFUSED = /Authentication failed: /;

/** Whether an error (or one of its causes) is the broker refusing our login. */
export function isAuthenticationFailure(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 6; depth++) {
    if (REFUSED.test(e.message)) return true;
    e = (e as { cause?: unknown; originalError?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return false;
}

/** A task error as the connector's owner should read it when the broker refused its credential. */
export function credentialFailure(err: unknown, credential: KafkaCredential | null): CredentialError | null {
  if (err instanceof CredentialError) return err;
  if (!credential || !isAuthenticationFailure(err)) return null;
  const detail = err instanceof Error ? err.message : String(err);
  return new CredentialError(
    `${describeCredential(credential)} is invalid or was deleted: SASL authentication failed (${detail}). ` +
      'Update kafka.api.key and kafka.api.secret with an active API key of this cluster.',
    { cause: err },
  );
}
