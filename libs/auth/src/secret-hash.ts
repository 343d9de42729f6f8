import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * API secrets are 64 random characters, so a keyed fast hash is enough (no dictionary to attack)
 * and a wrong secret costs exactly what a right one does: one HMAC.
 */
export function hashSecret(pepper: string, secret: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

export function secretMatches(pepper: string, secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(pepper, secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
