import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  connectorCredential,
  CredentialError,
  credentialFailure,
  credentialPoolKey,
  isAuthenticationFailure,
} from './kafka-credential';

describe('connector Kafka credentials', () => {
  it('reads the key (default mode), the service account, or nothing', () => {
    assert.deepEqual(connectorCredential({ 'kafka.api.key': ' KEY1 ', 'kafka.api.secret': 's' }), {
      kind: 'api-key',
      key: 'KEY1',
      secret: 's',
    });
    assert.deepEqual(
      connectorCredential({ 'kafka.auth.mode': 'SERVICE_ACCOUNT', 'kafka.service.account.id': 'sa-1' }),
      { kind: 'service-account', serviceAccountId: 'sa-1' },
    );
    assert.equal(connectorCredential({ 'kafka.api.key': 'KEY1' }), null);
    assert.equal(connectorCredential({}), null);
  });

  it('pools per cluster and credential, without the secret in the key', () => {
    const a = { kind: 'api-key' as const, key: 'K', secret: 'secret-a' };
    const b = { kind: 'api-key' as const, key: 'K', secret: 'secret-b' };
    assert.equal(credentialPoolKey('lkc-1', null), 'lkc-1');
    assert.notEqual(credentialPoolKey('lkc-1', a), credentialPoolKey('lkc-1', b));
    assert.notEqual(credentialPoolKey('lkc-1', a), credentialPoolKey('lkc-2', a));
    assert.ok(!credentialPoolKey('lkc-1', a).includes('secret-a'));
  });

  it('turns the broker refusing the login into a CredentialError naming the key, not a lost connection', () => {
    const refused = new Error('SASL PLAIN authentication failed: Authentication failed: Invalid username or password');
    const cred = { kind: 'api-key' as const, key: 'ABCDEFGHIJKLMNOP', secret: 'top-secret' };
    const e = credentialFailure(refused, cred);
    assert.ok(e instanceof CredentialError);
    assert.match(e.message, /^Kafka API key ABCDEF… is invalid or was deleted: SASL authentication failed/);
    assert.ok(!e.message.includes('top-secret'));
    assert.equal(e.cause, refused);
    assert.equal(credentialFailure(new Error('SASL PLAIN authentication failed: Connection closed'), cred), null);
    assert.equal(credentialFailure(refused, null), null, 'the platform identity is not the connector’s key');
    assert.ok(isAuthenticationFailure(new Error('wrapped', { cause: refused })));
  });
});
