// A plugin call that never settles must not hold the reconciler's pass forever.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withinTime } from '../src/runtime/guard';

describe('withinTime', () => {
  it('passes a result through', async () => {
    assert.equal(await withinTime('quick()', 1000, Promise.resolve(7)), 7);
  });
  it('rejects a call that never settles, naming it', async () => {
    // withinTime's timer is unref'd (it must not keep a closing worker alive): with nothing else
    // pending, Node would end the test process before it fires
    const keepAlive = setTimeout(() => undefined, 10_000);
    try {
      await assert.rejects(
        withinTime('Connector.start()', 20, new Promise(() => undefined)),
        /Connector\.start\(\) did not finish within 0.02 s/,
      );
    } finally {
      clearTimeout(keepAlive);
    }
  });
  it('keeps the call’s own failure', async () => {
    await assert.rejects(withinTime('x()', 1000, Promise.reject(new Error('boom'))), /boom/);
  });
});
