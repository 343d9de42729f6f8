import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Request, Response } from 'express';
import { BasicStrategy } from 'passport-http';
import { ApiError } from '@libs/api-common';
import { PassportBasicAuth } from './basic-auth';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const req = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as Request;
const res = {} as Response;

function echo(): PassportBasicAuth {
  const auth = new PassportBasicAuth();
  auth.use('basic', async (user, password) => (password === 'wrong' ? false : { user, password }));
  return auth;
}

describe('PassportBasicAuth (HTTP Basic through passport and passport-http BasicStrategy)', () => {
  it('registers a passport-http BasicStrategy on its own passport instance', () => {
    const auth = echo();
    assert.ok(auth.strategy('basic') instanceof BasicStrategy);
    assert.equal(new PassportBasicAuth().strategy('basic'), undefined);
  });

  it('hands user and password to the verify step', async () => {
    const auth = echo();
    for (const header of [`Basic ${b64('KEY:secret')}`, `basic ${b64('KEY:secret')}`])
      assert.deepEqual(await auth.authenticate('basic', req(header), res), {
        ok: true,
        user: { user: 'KEY', password: 'secret' },
      });
  });

  it('keeps only the part between the first and the second colon as the password', async () => {
    const out = await echo().authenticate('basic', req(`Basic ${b64('KEY:sec:ret')}`), res);
    assert.deepEqual(out, { ok: true, user: { user: 'KEY', password: 'sec' } });
  });

  it('a refused credential names the user id it tried', async () => {
    const out = await echo().authenticate('basic', req(`Basic ${b64('KEY:wrong')}`), res);
    assert.deepEqual(out, { ok: false, attempted: 'KEY' });
  });

  it('an error of the verify step fails the authentication with it', async () => {
    const auth = new PassportBasicAuth();
    auth.use('basic', async () => {
      throw ApiError.forbidden('suspended');
    });
    await assert.rejects(auth.authenticate('basic', req(`Basic ${b64('KEY:secret')}`), res), ApiError);
  });

  it('rejects a missing header, a lone scheme, another scheme, no colon, an empty user or password', async () => {
    const auth = echo();
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
      assert.deepEqual(
        await auth.authenticate('basic', req(header), res),
        { ok: false, attempted: undefined },
        String(header),
      );
  });
});
