import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBasicAuth } from './basic-auth';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('parseBasicAuth (passport-http BasicStrategy semantics)', () => {
  it('reads user and password', () => {
    assert.deepEqual(parseBasicAuth(`Basic ${b64('KEY:secret')}`), { user: 'KEY', password: 'secret' });
    assert.deepEqual(parseBasicAuth(`basic ${b64('KEY:secret')}`), { user: 'KEY', password: 'secret' });
  });

  it('keeps only the part between the first and the second colon as the password', () => {
    assert.deepEqual(parseBasicAuth(`Basic ${b64('KEY:sec:ret')}`), { user: 'KEY', password: 'sec' });
  });

  it('rejects a missing header, a lone scheme, another scheme, no colon, an empty user or password', () => {
    for (const header of [
      undefined,
      '',
      'Basic',
      'Basic !!!not-base64!!!',
      `Basic ${b64('no-colon')}`,
      `Basic ${b64(':secret')}`,
      `Basic ${b64('KEY:')}`,
      `Bearer ${b64('KEY:secret')}`,
      'garbage',
      `Basic  ${b64('KEY:secret')}`,
    ])
      assert.equal(parseBasicAuth(header), null, String(header));
  });
});
