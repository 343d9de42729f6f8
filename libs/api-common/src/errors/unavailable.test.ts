import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toApiError } from './to-api-error';
import { isDependencyUnavailable } from './unavailable';

describe('database outages are told from bugs', () => {
  it('classifies Prisma, driver-adapter, pg and socket connection errors as unavailable', () => {
    const cases: unknown[] = [
      Object.assign(new Error("Can't reach database server"), { code: 'P1001', clientVersion: '7' }),
      Object.assign(new Error('x'), { code: 'P1017', clientVersion: '7' }),
      Object.assign(new Error('x'), { code: 'P2024', clientVersion: '7' }),
      Object.assign(new Error('driver'), { cause: { kind: 'DatabaseNotReachable' } }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ];
    for (const err of cases) {
      assert.ok(isDependencyUnavailable(err), String(err));
      const api = toApiError(err);
      assert.equal(api.status, 503);
      assert.ok(Number(api.options.headers?.['Retry-After']) >= 1);
    }
  });

  it('leaves other errors a 500', () => {
    for (const err of [new Error('boom'), new TypeError('x is undefined'), { code: 'P2010' }, undefined])
      assert.equal(toApiError(err).status, 500);
  });
});
