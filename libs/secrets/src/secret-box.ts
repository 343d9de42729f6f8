import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { parseKeyring, type Keyring } from './keyring';

const VERSION = 'v1';

/**
 * Encrypts secrets that must be read back (external cluster passwords, connector PASSWORD configs).
 * Envelope: "v1:<kid>:<iv>:<ciphertext>:<tag>" (base64url parts); the AAD binds a ciphertext to its
 * purpose, so one secret's envelope cannot be replayed into another field.
 */
export class SecretBox {
  private readonly keyring: Keyring;

  constructor(keyringText: string) {
    this.keyring = parseKeyring(keyringText);
  }

  get currentKid(): string {
    return this.keyring.current.kid;
  }

  encrypt(plaintext: string, aad: string): string {
    const { kid, key } = this.keyring.current;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      kid,
      iv.toString('base64url'),
      ct.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join(':');
  }

  decrypt(envelope: string, aad: string): string {
    const [version, kid, iv, ct, tag] = envelope.split(':');
    if (version !== VERSION || !kid || iv === undefined || ct === undefined || !tag)
      throw new Error('not a secret envelope');
    const key = this.keyring.byKid.get(kid);
    if (!key) throw new Error(`secret was encrypted with unknown key id "${kid}"`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The key id an envelope was sealed with, for rotation. */
  static kidOf(envelope: string): string | undefined {
    return envelope.split(':')[1];
  }

  /** Re-seals under the newest key; returns null when it already is. */
  reencrypt(envelope: string, aad: string): string | null {
    if (SecretBox.kidOf(envelope) === this.currentKid) return null;
    return this.encrypt(this.decrypt(envelope, aad), aad);
  }
}
