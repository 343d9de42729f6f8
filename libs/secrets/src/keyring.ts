// A keyring of AES-256 master keys, "kid:base64[,kid:base64…]" with the newest last: the newest
// encrypts, every key decrypts, so a rotation never strands an old ciphertext.
export interface Keyring {
  current: { kid: string; key: Buffer };
  byKid: Map<string, Buffer>;
}

export function parseKeyring(text: string): Keyring {
  const byKid = new Map<string, Buffer>();
  let last: { kid: string; key: Buffer } | undefined;
  for (const entry of text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const sep = entry.indexOf(':');
    if (sep <= 0) throw new Error('SECRETS_KEY entries must look like "kid:base64key"');
    const kid = entry.slice(0, sep);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(kid)) throw new Error(`SECRETS_KEY key id "${kid}" must be [A-Za-z0-9_-]{1,32}`);
    const key = Buffer.from(entry.slice(sep + 1), 'base64');
    if (key.length !== 32) throw new Error(`SECRETS_KEY key "${kid}" must be 32 bytes of base64`);
    byKid.set(kid, key);
    last = { kid, key };
  }
  if (!last) throw new Error('SECRETS_KEY holds no key');
  return { current: last, byKid };
}

export function formatKeyring(keys: Array<{ kid: string; key: Buffer }>): string {
  return keys.map((k) => `${k.kid}:${k.key.toString('base64')}`).join(',');
}
