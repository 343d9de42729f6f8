import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getSchemaProvider, InvalidSchemaError, type SchemaType } from '@libs/schema-registry';

// Bad input must come back as 42201, never as another exception (which the HTTP layer would
// turn into a 5xx). Deterministic mutations of valid schemas, per type.

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SEEDS: Record<SchemaType, string[]> = {
  AVRO: [
    JSON.stringify({
      type: 'record',
      name: 'Order',
      namespace: 'io.x',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'tags', type: { type: 'array', items: 'string' } },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'] } },
        { name: 'u', type: ['null', { type: 'map', values: 'int' }], default: null },
      ],
    }),
  ],
  JSON: [
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        id: { type: 'integer', minimum: 0 },
        name: { type: 'string', pattern: '^[a-z]+$' },
        tags: { type: 'array', items: { $ref: '#/definitions/T' } },
      },
      definitions: { T: { enum: ['a', 'b'] } },
      required: ['id'],
      additionalProperties: false,
    }),
  ],
  PROTOBUF: [
    'syntax = "proto3";\npackage io.x;\nimport "google/protobuf/timestamp.proto";\nmessage Order { int64 id = 1; repeated string tags = 2; map<string, int32> m = 3; oneof k { string a = 4; int32 b = 5; } google.protobuf.Timestamp at = 6; enum E { A = 0; B = 1; } E e = 7; }\n',
  ],
};

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  ';',
  '=',
  '0',
  '-1',
  '"type"',
  'null',
  'true',
  '"$ref"',
  'message',
  'enum',
  'oneof',
  'map<',
  '>',
  '\\u0000',
  '💥',
  '"#/x"',
  '99999999999999999999',
];

function mutate(text: string, next: () => number): string {
  const chars = [...text];
  const ops = 1 + Math.floor(next() * 4);
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(next() * (chars.length + 1));
    const op = next();
    if (op < 0.33) chars.splice(at, 1 + Math.floor(next() * 5));
    else if (op < 0.66) chars.splice(at, 0, ...TOKENS[Math.floor(next() * TOKENS.length)]);
    else chars.splice(at, 1, TOKENS[Math.floor(next() * TOKENS.length)]);
  }
  return chars.join('');
}

describe('parse robustness: only 42201 for bad input', () => {
  for (const type of ['AVRO', 'JSON', 'PROTOBUF'] as const) {
    it(`${type}: 400 mutated schemas either parse or fail with InvalidSchemaError`, () => {
      const provider = getSchemaProvider(type);
      const next = rng(type.length * 7919);
      let rejected = 0;
      for (let i = 0; i < 400; i++) {
        const text = mutate(SEEDS[type][0], next);
        try {
          const parsed = provider.parse(text);
          // Whatever parses must also survive a compatibility check against itself.
          assert.deepEqual(provider.isCompatible(parsed, [parsed], 'FULL_TRANSITIVE'), [], text);
        } catch (e) {
          if (!(e instanceof InvalidSchemaError))
            assert.fail(`${type} threw ${(e as Error)?.name}: ${(e as Error)?.message} for ${JSON.stringify(text)}`);
          rejected++;
        }
      }
      assert.ok(rejected > 0);
    });
  }

  it('non-string and odd inputs', () => {
    for (const type of ['AVRO', 'JSON', 'PROTOBUF'] as const) {
      const provider = getSchemaProvider(type);
      for (const bad of [undefined, null, 42, {}, [], '\u0000', '"', '{"type":', 'null']) {
        assert.throws(
          () => provider.parse(bad as unknown as string),
          InvalidSchemaError,
          `${type} ${JSON.stringify(bad)}`,
        );
      }
    }
  });
});
