// The O(1) queue keeps first-in first-out order across its compactions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fifo } from '../src/common/fifo';

test('Fifo: order kept across compactions, peek, empty shift', () => {
  const q = new Fifo<number>();
  assert.equal(q.shift(), undefined);
  let next = 0;
  let expected = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 3000; i++) q.push(next++);
    for (let i = 0; i < 2500; i++) {
      assert.equal(q.peek(), expected);
      assert.equal(q.shift(), expected++);
    }
  }
  assert.equal(q.length, next - expected);
  while (q.length > 0) assert.equal(q.shift(), expected++);
  assert.equal(expected, next);
  assert.equal(q.peek(), undefined);
});
