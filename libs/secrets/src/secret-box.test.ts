import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';
import { formatKeyring } from './keyring';

const k1 = { kid: 'k1', key: randomBytes(32) };
const k2 = { kid: 'k2', key: randomBytes(32) };

describe('SecretBox', () => {
  it('round-trips and never stores the plaintext', () => {
    const box = new SecretBox(formatKeyring([k1]));
    const env = box.encrypt('hunter2', 'cluster:lkc-1');
    assert.ok(!env.includes('hunter2'));
    assert.equal(box.decrypt(env, 'cluster:lkc-1'), 'hunter2');
  });

  it('rejects an envelope used under another purpose (AAD)', () => {
    const box = new SecretBox(formatKeyring([k1]));
    const env = box.encrypt('hunter2', 'cluster:lkc-1');
    assert.throws(() => box.decrypt(env, 'cluster:lkc-2'));
  });

  it('rotates: old keys decrypt, the newest encrypts, reencrypt moves envelopes forward', () => {
    const old = new SecretBox(formatKeyring([k1]));
    const env = old.encrypt('s3cret', 'a');
    const rotated = new SecretBox(formatKeyring([k1, k2]));
    assert.equal(rotated.decrypt(env, 'a'), 's3cret');
    const moved = rotated.reencrypt(env, 'a');
    assert.ok(moved);
    assert.equal(SecretBox.kidOf(moved), 'k2');
    assert.equal(rotated.reencrypt(moved, 'a'), null);
    assert.throws(() => old.decrypt(moved, 'a'), /unknown key id/);
  });

  it('rejects malformed keyrings', () => {
    assert.throws(() => new SecretBox(''), /no key/);
    assert.throws(() => new SecretBox('k1:short'), /32 bytes/);
  });
});
