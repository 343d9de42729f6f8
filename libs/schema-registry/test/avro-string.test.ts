// The fast Avro string writes the bytes avsc's string writes, and falls back for what it does not
// take (non-ASCII, 64 characters and more, the end of the buffer, invalid values).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as avro from 'avsc';
import { AVRO_STRING, avroRegistry } from '../src';

const stock = avro.Type.forSchema('string');
const samples = [
  '',
  'a',
  'mysql',
  'x'.repeat(63),
  'x'.repeat(64),
  'y'.repeat(300),
  'é',
  'naïve',
  '日本',
  '🎉',
  'ok\u007f',
  'a\u0080',
];

test('AVRO_STRING writes what avsc writes and reads it back', () => {
  for (const s of samples) {
    const bytes = AVRO_STRING.toBuffer(s);
    assert.deepEqual(bytes, stock.toBuffer(s), JSON.stringify(s));
    assert.equal(AVRO_STRING.fromBuffer(bytes), s);
  }
});

test('AVRO_STRING inside a record whose buffer must grow, in a union, and invalid values refused', () => {
  const schema = {
    type: 'record',
    name: 'R',
    fields: [
      { name: 'a', type: 'string' },
      { name: 'b', type: ['null', 'string'] },
      { name: 'c', type: { type: 'array', items: 'string' } },
    ],
  } as const;
  const fast = avro.Type.forSchema(schema as unknown as avro.Schema, { registry: avroRegistry(), wrapUnions: false });
  const slow = avro.Type.forSchema(schema as unknown as avro.Schema, { wrapUnions: false });
  // thousands of short strings: avsc's first buffer is too small and the record is encoded again
  const rec = { a: 'first', b: 'déjà', c: Array.from({ length: 5000 }, (_, i) => `v${i}`) };
  const bytes = fast.toBuffer(rec);
  assert.deepEqual(bytes, slow.toBuffer(rec));
  assert.deepEqual({ ...(fast.fromBuffer(bytes) as object) }, rec);
  assert.throws(() => AVRO_STRING.toBuffer(5));
  assert.throws(() => fast.toBuffer({ ...rec, a: null }));
});
