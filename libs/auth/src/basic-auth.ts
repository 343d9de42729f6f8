/** The user id and password of an HTTP Basic Authorization header. */
export interface BasicCredentials {
  user: string;
  password: string;
}

/**
 * Parses `Authorization: Basic base64(user:password)` exactly as passport-http's BasicStrategy did
 * (which the guards used before; read inline now, it cost a tenth of a request): the scheme matches
 * /Basic/i, the value is split on ':' and only the first two parts count, both must be non-empty.
 * Anything else is null.
 */
export function parseBasicAuth(header: string | undefined): BasicCredentials | null {
  if (!header) return null;
  const parts = header.split(' ');
  if (parts.length < 2 || !/Basic/i.test(parts[0] as string)) return null;
  const credentials = Buffer.from(parts[1] as string, 'base64')
    .toString()
    .split(':');
  const [user, password] = credentials;
  if (credentials.length < 2 || !user || !password) return null;
  return { user, password };
}
