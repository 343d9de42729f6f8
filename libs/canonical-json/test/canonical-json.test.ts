import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, sortKeysDeep } from '@libs/canonical-json';

describe('canonical JSON', () => {
  it('sorts keys at every depth and keeps array order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }),
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
    assert.deepEqual(Object.keys(sortKeysDeep({ b: 1, a: 2 })), ['a', 'b']);
    assert.equal(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":2}')), '{"__proto__":{"x":1},"a":2}');
  });

  it('leaves undefined out as JSON.stringify does', () => {
    assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
    assert.equal(canonicalJson([undefined]), '[null]');
    assert.equal(canonicalJson(undefined), 'null');
    assert.equal(canonicalJson('x'), '"x"');
  });
});
