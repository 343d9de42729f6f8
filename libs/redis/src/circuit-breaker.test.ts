import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitBreaker, RedisUnavailableError } from './circuit-breaker';

describe('CircuitBreaker', () => {
  it('opens on a failure, refuses at once while open, lets one probe through, closes on success', async () => {
    let now = 0;
    const breaker = new CircuitBreaker(
      1000,
      (e) => e === 'reply',
      () => now,
    );
    await assert.rejects(
      breaker.run(() => Promise.reject(new Error('down'))),
      /down/,
    );
    assert.equal(breaker.isOpen, true);
    let calls = 0;
    await assert.rejects(
      breaker.run(async () => ++calls),
      RedisUnavailableError,
    );
    assert.equal(calls, 0);
    now = 1000;
    let release!: (v: number) => void;
    const probe = breaker.run(() => new Promise<number>((r) => (release = r)));
    await assert.rejects(
      breaker.run(async () => ++calls),
      RedisUnavailableError,
      'only one probe',
    );
    release(7);
    assert.equal(await probe, 7);
    assert.equal(breaker.isOpen, false);
    assert.equal(await breaker.run(async () => ++calls), 1);
  });

  it('a reply error proves the server is up and does not open it', async () => {
    const breaker = new CircuitBreaker(1000, (e) => e === 'reply');
    await assert.rejects(breaker.run(() => Promise.reject('reply')));
    assert.equal(breaker.isOpen, false);
  });
});
