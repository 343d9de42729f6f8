import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const BASE36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export type ResourcePrefix = 'env' | 'lkc' | 'sa' | 'rb' | 'lsrc' | 'lcc' | 'u';

/** Confluent-shaped ids: `env-a1b2c3` (prefix + 6 lowercase base36). */
export function newResourceId(prefix: ResourcePrefix): string {
  return `${prefix}-${randomString(BASE36, 6)}`;
}

export const newOrganizationId = (): string => randomUUID();
/** API key ids: 16 characters [A-Z0-9], as Confluent's. */
export const newApiKeyId = (): string => randomString(KEY_ALPHABET, 16);
/** API secrets: 64 random characters (≈381 bits), shown once. */
export const newApiSecret = (): string => randomString(SECRET_ALPHABET, 64);
export const newHexId = (): string => randomBytes(16).toString('hex');

export const RESOURCE_ID_PATTERN: Record<ResourcePrefix, RegExp> = {
  env: /^env-[a-z0-9]{4,10}$/,
  lkc: /^lkc-[a-z0-9]{4,10}$/,
  sa: /^sa-[a-z0-9]{4,10}$/,
  rb: /^rb-[a-z0-9]{4,10}$/,
  lsrc: /^lsrc-[a-z0-9]{4,10}$/,
  lcc: /^lcc-[a-z0-9]{4,10}$/,
  u: /^u-[a-z0-9]{4,10}$/,
};
export const API_KEY_ID_PATTERN = /^[A-Z0-9]{16}$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
