import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeMessageIndexes,
  encodeHeader,
  encodeMessageIndexes,
  frame,
  readSchemaId,
  SerializationError,
} from '@libs/schema-registry';

describe('Confluent wire format', () => {
  it('writes magic byte 0 and a big-endian int32 id', () => {
    assert.deepEqual([...encodeHeader(100001)], [0, 0x00, 0x01, 0x86, 0xa1]);
    const f = frame(7, Buffer.from('hi'));
    assert.deepEqual([...f], [0, 0, 0, 0, 7, 0x68, 0x69]);
    assert.equal(readSchemaId(f), 7);
    assert.equal(readSchemaId(encodeHeader(2 ** 31 - 1)), 2 ** 31 - 1);
  });

  for (const [label, bytes] of [
    ['a wrong magic byte', Buffer.from([1, 0, 0, 0, 1, 2])],
    ['plain JSON', Buffer.from('{"a":1}')],
    ['too short', Buffer.from([0, 0, 0])],
    ['empty', Buffer.alloc(0)],
  ] as const) {
    it(`rejects ${label} with "Unknown magic byte!"`, () => {
      assert.throws(
        () => readSchemaId(bytes),
        (e: unknown) => e instanceof SerializationError && e.message === 'Unknown magic byte!',
      );
    });
  }
});

describe('Protobuf message indexes', () => {
  it('writes [0] as the single byte 0', () => {
    assert.deepEqual([...encodeMessageIndexes([0])], [0]);
    assert.deepEqual(decodeMessageIndexes(Buffer.from([0, 9]), 0), { indexes: [0], offset: 1 });
  });

  it('writes zig-zag varints: count then indexes', () => {
    // [1] → count 1 (zigzag 2), index 1 (zigzag 2)
    assert.deepEqual([...encodeMessageIndexes([1])], [2, 2]);
    assert.deepEqual([...encodeMessageIndexes([0, 2])], [4, 0, 4]);
    for (const path of [[3], [0, 0], [1, 5, 2], [200], [70000, 1]]) {
      const enc = Buffer.concat([encodeMessageIndexes(path), Buffer.from([0xff])]);
      const dec = decodeMessageIndexes(enc, 0);
      assert.deepEqual(dec.indexes, path);
      assert.equal(enc[dec.offset], 0xff);
    }
  });

  it('refuses truncated or absurd index arrays', () => {
    assert.throws(() => decodeMessageIndexes(Buffer.from([4, 2]), 0), SerializationError);
    assert.throws(() => decodeMessageIndexes(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0), SerializationError);
    assert.throws(() => decodeMessageIndexes(Buffer.from([200, 1]), 0), SerializationError);
  });
});
