import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  InMemorySchemaRegistry,
  SchemaRegistryDeserializer,
  SchemaRegistrySerializer,
  SerializationError,
  type SerializeSchema,
} from '@libs/schema-registry';

// Corrupt payloads must fail as SerializationError (the connect runtime routes those to its
// error handling / DLQ), never as a stray RangeError or TypeError.

const SCHEMAS: SerializeSchema[] = [
  {
    schema: JSON.stringify({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'long' },
        { name: 'b', type: 'string' },
        { name: 'c', type: { type: 'array', items: 'double' } },
      ],
    }),
  },
  {
    schemaType: 'PROTOBUF',
    schema:
      'syntax = "proto3"; message R { int64 a = 1; string b = 2; repeated double c = 3; message N { bytes x = 1; } N n = 4; }',
  },
  {
    schemaType: 'JSON',
    schema: JSON.stringify({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } } }),
  },
];
const VALUES = [
  { a: 1, b: 'x', c: [1.5] },
  { a: 1, b: 'x', c: [1.5], n: { x: Buffer.from('hi') } },
  { a: 1, b: 'x' },
];

describe('deserializer robustness', () => {
  it('corrupted frames decode or fail with SerializationError', async () => {
    const registry = new InMemorySchemaRegistry();
    const ser = new SchemaRegistrySerializer(registry);
    const de = new SchemaRegistryDeserializer(registry, { validateJson: true });
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    let failures = 0;
    for (let s = 0; s < SCHEMAS.length; s++) {
      const good = await ser.serialize(`t${s}`, VALUES[s], SCHEMAS[s]);
      assert.ok(await de.deserialize(good));
      for (let i = 0; i < 300; i++) {
        const bytes = Buffer.from(good);
        const mode = next();
        let corrupt: Buffer;
        if (mode < 0.4) {
          // flip bytes after the header
          for (let k = 0; k < 3; k++) bytes[5 + Math.floor(next() * (bytes.length - 5))] = Math.floor(next() * 256);
          corrupt = bytes;
        } else if (mode < 0.7) {
          corrupt = bytes.subarray(0, 5 + Math.floor(next() * (bytes.length - 5)));
        } else {
          corrupt = Buffer.concat([
            bytes.subarray(0, 5),
            Buffer.from(Array.from({ length: Math.floor(next() * 20) }, () => Math.floor(next() * 256))),
          ]);
        }
        try {
          await de.deserialize(corrupt);
        } catch (e) {
          assert.ok(e instanceof SerializationError, `schema ${s}: ${(e as Error).name}: ${(e as Error).message}`);
          failures++;
        }
      }
    }
    assert.ok(failures > 0);
  });
});
