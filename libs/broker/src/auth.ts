import { createHash, timingSafeEqual } from 'node:crypto';
// SASL/PLAIN credential checks. The control plane provides a Postgres-backed implementation;
// StaticAuthenticator serves dev setups and tests from a fixed list.
export type AuthResult = { ok: true; tenant: string } | { ok: false; message: string };

export interface SaslPlainAuthenticator {
  authenticate(username: string, password: string): Promise<AuthResult>;
}

export interface StaticUser {
  username: string;
  password: string;
  tenant: string;
}

// Constant-time comparison (over SHA-256 digests, so lengths do not leak either).
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

export class StaticAuthenticator implements SaslPlainAuthenticator {
  private readonly users = new Map<string, StaticUser>();

  constructor(users: StaticUser[]) {
    for (const u of users) this.users.set(u.username, u);
  }

  // BROKER_STATIC_USERS='[{"username":"k","password":"s","tenant":"lkc-abc"}]'
  static fromJson(json: string): StaticAuthenticator {
    const parsed = JSON.parse(json) as unknown;
    if (!Array.isArray(parsed)) throw new Error('static users must be a JSON array');
    for (const u of parsed) {
      if (typeof u?.username !== 'string' || typeof u?.password !== 'string' || typeof u?.tenant !== 'string') {
        throw new Error('each static user needs string username, password and tenant');
      }
    }
    return new StaticAuthenticator(parsed as StaticUser[]);
  }

  async authenticate(username: string, password: string): Promise<AuthResult> {
    const u = this.users.get(username);
    if (!u || !sameSecret(u.password, password))
      return { ok: false, message: 'Authentication failed: Invalid username or password' };
    return { ok: true, tenant: u.tenant };
  }
}

// PLAIN token: authzid NUL username NUL password. Kafka accepts an empty authzid or one equal
// to the username (kafka-python sends the username).
export function parsePlainToken(token: Buffer): { username: string; password: string } | { error: string } {
  const parts = token.toString('utf8').split('\u0000');
  if (parts.length !== 3) return { error: 'Invalid SASL/PLAIN token' };
  const [authzid, username, password] = parts;
  if (!username) return { error: 'Authentication failed: username not specified' };
  if (authzid !== '' && authzid !== username)
    return { error: 'Authentication failed: Client requested an authorization id that is different from username' };
  return { username, password };
}
