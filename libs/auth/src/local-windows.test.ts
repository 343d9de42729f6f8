import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LocalWindows } from './local-windows';

describe('LocalWindows (the rate limiter fallback)', () => {
  it('counts within a fixed window and starts over after it', () => {
    let now = 0;
    const w = new LocalWindows(() => now);
    assert.deepEqual(w.peek('k'), { count: 0, ttlMs: 0 });
    assert.deepEqual(w.incr('k', 1000), { count: 1, ttlMs: 1000 });
    now = 400;
    assert.deepEqual(w.incr('k', 1000), { count: 2, ttlMs: 600 });
    assert.deepEqual(w.peek('k'), { count: 2, ttlMs: 600 });
    now = 1000;
    assert.deepEqual(w.peek('k'), { count: 0, ttlMs: 0 });
    assert.deepEqual(w.incr('k', 1000), { count: 1, ttlMs: 1000 });
  });
});
