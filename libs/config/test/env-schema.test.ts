import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigError, parseEnv } from '@libs/config';

describe('the config schema', () => {
  it('gives every tunable its documented default', () => {
    const env = parseEnv({});
    assert.equal(env.API_PROCESSES, 1);
    assert.equal(env.WORKER_CAPACITY, 100);
    assert.equal(env.CONNECT_LOCK_DURATION_MS, 4000);
    assert.equal(env.CONNECT_AUTO_RESTART, true);
    assert.deepEqual(env.CONNECT_SCOPE_ORGANIZATIONS, []);
    assert.equal(env.BROKER_FSYNC, 'interval');
    assert.equal(env.BROKER_SEGMENT_BYTES, 1024 ** 3);
    assert.equal(env.BROKER_VALIDATE_CRC, true);
    assert.equal(env.BROKER_DATA_DIR, join('.data', 'broker'));
  });

  it('stops on a bad value, naming the variable (no silent NaN)', () => {
    for (const [name, value] of [
      ['WORKER_CAPACITY', 'lots'],
      ['CONNECT_RESTART_BACKOFF_MS', '-1'],
      ['BROKER_SEGMENT_BYTES', '1.5'],
      ['BROKER_FSYNC', 'sometimes'],
      ['BROKER_VALIDATE_CRC', 'maybe'],
      ['API_PROCESSES', '0'],
    ]) {
      assert.throws(
        () => parseEnv({ [name]: value }),
        (err: unknown) => err instanceof ConfigError && err.message.includes(`  ${name}: `),
        name,
      );
    }
    assert.throws(
      () => parseEnv({ CONNECT_LOCK_DURATION_MS: '1000', CONNECT_LOCK_RENEW_MS: '1000' }),
      /CONNECT_LOCK_RENEW_MS: must be less than CONNECT_LOCK_DURATION_MS/,
    );
  });

  it('reads an empty value as unset', () => {
    const env = parseEnv({ PORT: '', WORKER_CAPACITY: '', BROKER_PLAINTEXT_TENANT: '' });
    assert.equal(env.PORT, 8080);
    assert.equal(env.WORKER_CAPACITY, 100);
    assert.equal(env.BROKER_PLAINTEXT_TENANT, undefined);
  });

  it('parses lists and booleans', () => {
    const env = parseEnv({ CONNECT_SCOPE_ORGANIZATIONS: 'org-a, org-b,', CONNECT_AUTO_RESTART: 'false' });
    assert.deepEqual(env.CONNECT_SCOPE_ORGANIZATIONS, ['org-a', 'org-b']);
    assert.equal(env.CONNECT_AUTO_RESTART, false);
  });

  it('has one default advertised broker host for the API and the broker: the listener, localhost for a wildcard', () => {
    assert.equal(parseEnv({}).BROKER_ADVERTISED_HOST, '127.0.0.1');
    assert.equal(parseEnv({ BROKER_HOST: '10.1.2.3' }).BROKER_ADVERTISED_HOST, '10.1.2.3');
    assert.equal(parseEnv({ BROKER_HOST: '0.0.0.0' }).BROKER_ADVERTISED_HOST, 'localhost');
    assert.equal(parseEnv({ BROKER_ADVERTISED_HOST: 'kafka.example.com' }).BROKER_ADVERTISED_HOST, 'kafka.example.com');
  });
});
