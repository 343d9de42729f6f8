import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidSchemaError,
  JsonSchemaProvider,
  type CompatibilityLevel,
  type ParsedJsonSchema,
} from '@libs/schema-registry';

const p = new JsonSchemaProvider();
const js = (schema: unknown): ParsedJsonSchema => p.parse(JSON.stringify(schema));
const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): ParsedJsonSchema =>
  js({ type: 'object', properties, ...extra });
const ok = (next: ParsedJsonSchema, prev: ParsedJsonSchema[], level: CompatibilityLevel): void =>
  assert.deepEqual(p.isCompatible(next, prev, level), [], `expected compatible under ${level}`);
const bad = (next: ParsedJsonSchema, prev: ParsedJsonSchema[], level: CompatibilityLevel, errorType: string): void => {
  const reasons = p.isCompatible(next, prev, level);
  assert.ok(
    reasons.some((r) => r.includes(`'${errorType}'`)),
    `expected ${errorType} under ${level}, got ${JSON.stringify(reasons)}`,
  );
};

describe('JSON Schema provider: parsing', () => {
  it('validates against the draft meta-schema and compiles', () => {
    const s = js({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Order',
      type: 'object',
      properties: { id: { type: 'integer' } },
      required: ['id'],
    });
    assert.equal(s.recordName, 'Order');
    assert.equal(s.draft, 'draft-07');
    assert.equal(s.validate({ id: 1 }), true);
    assert.equal(s.validate({ id: 'x' }), false);
    assert.equal(
      js({ $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }] }).draft,
      '2020-12',
    );
    assert.equal(js({ $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'string' }).draft, '2019-09');
    assert.equal(js({ $schema: 'http://json-schema.org/draft-06/schema#', type: 'string' }).draft, 'draft-06');
    assert.equal(p.parse('true').recordName, undefined);
  });

  it('resolves references by name', () => {
    const customer = JSON.stringify({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
    const s = p.parse(JSON.stringify({ type: 'object', properties: { customer: { $ref: 'customer.json' } } }), [
      { name: 'customer.json', subject: 'customer', version: 1, schema: customer },
    ]);
    assert.equal(s.validate({ customer: { name: 'a' } }), true);
    assert.equal(s.validate({ customer: {} }), false);
  });

  it('canonical form ignores formatting, key order and the order of required/type lists', () => {
    const a = p.parse(
      '{"type":"object","properties":{"a":{"type":["string","null"]},"b":{"type":"integer"}},"required":["a","b"]}',
    );
    const b = p.parse(`{
      "required": ["b", "a"],
      "properties": { "b": { "type": "integer" }, "a": { "type": ["null", "string"] } },
      "type": "object"
    }`);
    assert.equal(a.canonical, b.canonical);
    // Data keywords keep array order: enum order is part of the schema text users see.
    assert.notEqual(js({ enum: ['a', 'b'] }).canonical, js({ default: ['b', 'a'], enum: ['a', 'b'] }).canonical);
  });

  for (const [label, text] of [
    ['not JSON', '{"type":'],
    ['an array', '[1, 2]'],
    ['a number', '42'],
    ['unknown type', '{"type":"strin"}'],
    ['negative minLength', '{"minLength":-1}'],
    ['bad regex', '{"pattern":"("}'],
    ['dangling $ref', '{"$ref":"#/definitions/nope"}'],
    ['unresolved external $ref', '{"$ref":"other.json"}'],
    ['required not an array', '{"required":"a"}'],
  ] as const) {
    it(`rejects ${label} with 42201`, () => {
      assert.throws(
        () => p.parse(text),
        (e: unknown) => e instanceof InvalidSchemaError && e.errorCode === 42201 && /JSON schema/.test(e.message),
      );
    });
  }

  it('registers large schemas without compiling them; the validator compiles on first use', () => {
    const props = Object.fromEntries(
      Array.from({ length: 15_000 }, (_, i) => [`p${i}`, { type: 'string', maxLength: 10 }]),
    );
    // accepted and compared; how fast is a benchmark's business, not a test's
    const big = js({ type: 'object', properties: props, additionalProperties: false });
    assert.deepEqual(p.isCompatible(big, [big], 'FULL_TRANSITIVE'), []);
    const small = js({ type: 'object', properties: { a: { $ref: '#/$defs/A' } }, $defs: { A: { type: 'integer' } } });
    assert.equal(small.validate({ a: 1 }), true);
    assert.equal(small.validate({ a: 'x' }), false);
  });

  it('accepts $refs only Ajv can resolve (anchors) and refuses truly dangling ones', () => {
    const anchored = js({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $defs: { A: { $anchor: 'a', type: 'string' } },
      properties: { x: { $ref: '#a' } },
    });
    assert.equal(anchored.validate({ x: 'y' }), true);
    assert.throws(() => js({ properties: { x: { $ref: '#/$defs/missing' } } }), InvalidSchemaError);
  });

  it('rejects huge and deeply nested schemas with 42201', () => {
    const huge = JSON.stringify({
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`p${i}`, { type: 'string' }])),
    });
    assert.throws(
      () => p.parse(huge),
      (e: unknown) => e instanceof InvalidSchemaError && /limit/.test(e.message),
    );
    const deep = '{"items":'.repeat(50_000) + '{}' + '}'.repeat(50_000);
    assert.throws(
      () => p.parse(deep),
      (e: unknown) => e instanceof InvalidSchemaError && /nesting/.test(e.message),
    );
  });
});

describe('JSON Schema provider: compatibility (content models)', () => {
  const open1 = obj({ a: { type: 'string' } });
  const open2 = obj({ a: { type: 'string' }, b: { type: 'integer' } });
  const closed1 = obj({ a: { type: 'string' } }, { additionalProperties: false });
  const closed2 = obj({ a: { type: 'string' }, b: { type: 'integer' } }, { additionalProperties: false });

  it('open content model: adding a property is not backward, removing is', () => {
    bad(open2, [open1], 'BACKWARD', 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
    ok(open2, [open1], 'FORWARD');
    ok(open1, [open2], 'BACKWARD');
    bad(open1, [open2], 'FORWARD', 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
    bad(open2, [open1], 'FULL', 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL');
  });

  it('closed content model: adding a property is backward, removing is forward', () => {
    ok(closed2, [closed1], 'BACKWARD');
    bad(closed2, [closed1], 'FORWARD', 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL');
    bad(closed1, [closed2], 'BACKWARD', 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL');
    ok(closed1, [closed2], 'FORWARD');
  });

  it('partially open content model: added properties must fit additionalProperties', () => {
    const partial1 = obj({ a: { type: 'string' } }, { additionalProperties: { type: 'integer' } });
    const partialFits = obj(
      { a: { type: 'string' }, b: { type: 'number' } },
      { additionalProperties: { type: 'integer' } },
    );
    const partialMisfit = obj(
      { a: { type: 'string' }, b: { type: 'string' } },
      { additionalProperties: { type: 'integer' } },
    );
    ok(partialFits, [partial1], 'BACKWARD');
    bad(partialMisfit, [partial1], 'BACKWARD', 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
    bad(partial1, [partialMisfit], 'BACKWARD', 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  });

  it('closing or opening the content model', () => {
    bad(closed1, [open1], 'BACKWARD', 'ADDITIONAL_PROPERTIES_REMOVED');
    ok(open1, [closed1], 'BACKWARD');
    bad(open1, [closed1], 'FORWARD', 'ADDITIONAL_PROPERTIES_REMOVED');
  });

  it('required properties: adding is not backward unless it has a default', () => {
    const req = obj({ a: { type: 'string' } }, { required: ['a'] });
    bad(req, [open1], 'BACKWARD', 'REQUIRED_ATTRIBUTE_ADDED');
    ok(req, [open1], 'FORWARD');
    ok(open1, [req], 'BACKWARD');
    ok(obj({ a: { type: 'string', default: 'x' } }, { required: ['a'] }), [open1], 'BACKWARD');
  });

  it('type widening and narrowing', () => {
    const n = js({ type: 'number' });
    const i = js({ type: 'integer' });
    ok(n, [i], 'BACKWARD');
    bad(i, [n], 'BACKWARD', 'TYPE_NARROWED');
    bad(js({ type: 'string' }), [i], 'BACKWARD', 'TYPE_CHANGED');
    ok(js({ type: ['string', 'null'] }), [js({ type: 'string' })], 'BACKWARD');
    bad(js({ type: ['string', 'null'] }), [js({ type: 'string' })], 'FORWARD', 'TYPE_NARROWED');
    bad(js({ type: 'string' }), [js({})], 'BACKWARD', 'TYPE_NARROWED');
  });

  it('enum extension and narrowing', () => {
    const e2 = js({ type: 'string', enum: ['A', 'B'] });
    const e3 = js({ type: 'string', enum: ['A', 'B', 'C'] });
    ok(e3, [e2], 'BACKWARD');
    bad(e3, [e2], 'FORWARD', 'ENUM_ARRAY_NARROWED');
    bad(e2, [js({ type: 'string' })], 'BACKWARD', 'ENUM_ARRAY_NARROWED');
  });

  it('string, number and array bounds', () => {
    bad(
      js({ type: 'string', maxLength: 5 }),
      [js({ type: 'string', maxLength: 10 })],
      'BACKWARD',
      'MAX_LENGTH_DECREASED',
    );
    ok(js({ type: 'string', maxLength: 10 }), [js({ type: 'string', maxLength: 5 })], 'BACKWARD');
    bad(js({ type: 'string', maxLength: 10 }), [js({ type: 'string' })], 'BACKWARD', 'MAX_LENGTH_ADDED');
    bad(
      js({ type: 'string', minLength: 3 }),
      [js({ type: 'string', minLength: 1 })],
      'BACKWARD',
      'MIN_LENGTH_INCREASED',
    );
    bad(js({ type: 'string', pattern: '^a' }), [js({ type: 'string' })], 'BACKWARD', 'PATTERN_ADDED');
    ok(js({ type: 'string' }), [js({ type: 'string', pattern: '^a' })], 'BACKWARD');
    bad(js({ type: 'number', maximum: 10 }), [js({ type: 'number', maximum: 20 })], 'BACKWARD', 'MAXIMUM_DECREASED');
    bad(
      js({ type: 'number', exclusiveMaximum: 10 }),
      [js({ type: 'number', maximum: 10 })],
      'BACKWARD',
      'MAXIMUM_DECREASED',
    );
    ok(js({ type: 'number', maximum: 10 }), [js({ type: 'number', exclusiveMaximum: 10 })], 'BACKWARD');
    bad(js({ type: 'number', minimum: 5 }), [js({ type: 'number' })], 'BACKWARD', 'MINIMUM_ADDED');
    bad(
      js({ type: 'integer', multipleOf: 4 }),
      [js({ type: 'integer', multipleOf: 2 })],
      'BACKWARD',
      'MULTIPLE_OF_CHANGED',
    );
    ok(js({ type: 'integer', multipleOf: 2 }), [js({ type: 'integer', multipleOf: 4 })], 'BACKWARD');
    bad(
      js({ type: 'array', items: { type: 'integer' } }),
      [js({ type: 'array', items: { type: 'number' } })],
      'BACKWARD',
      'TYPE_NARROWED',
    );
    bad(js({ type: 'array', maxItems: 2 }), [js({ type: 'array' })], 'BACKWARD', 'MAX_ITEMS_ADDED');
    bad(js({ type: 'array', uniqueItems: true }), [js({ type: 'array' })], 'BACKWARD', 'UNIQUE_ITEMS_ADDED');
  });

  it('boolean schemas', () => {
    const t = p.parse('true');
    const f = p.parse('false');
    const s = js({ type: 'string' });
    ok(t, [s], 'BACKWARD');
    bad(s, [t], 'BACKWARD', 'TYPE_NARROWED');
    ok(s, [f], 'BACKWARD');
    assert.ok(p.isCompatible(f, [s], 'BACKWARD').length > 0);
  });

  it('oneOf / anyOf alternatives', () => {
    const s = js({ type: 'string' });
    const sum = js({ oneOf: [{ type: 'string' }, { type: 'integer' }] });
    ok(sum, [s], 'BACKWARD');
    bad(sum, [s], 'FORWARD', 'TYPE_CHANGED');
    bad(js({ anyOf: [{ type: 'string' }] }), [sum], 'BACKWARD', 'SUM_TYPE_NARROWED');
    ok(js({ anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }] }), [sum], 'BACKWARD');
  });

  it('follows local $ref definitions and nested objects', () => {
    const withDef = (t: string): ParsedJsonSchema =>
      js({
        type: 'object',
        definitions: { Id: { type: t } },
        properties: {
          id: { $ref: '#/definitions/Id' },
          nested: { type: 'object', properties: { x: { $ref: '#/definitions/Id' } }, additionalProperties: false },
        },
      });
    ok(withDef('number'), [withDef('integer')], 'BACKWARD');
    bad(withDef('integer'), [withDef('number')], 'BACKWARD', 'TYPE_NARROWED');
    const recursive = js({
      $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' }, v: { type: 'integer' } } } },
      $ref: '#/$defs/Node',
    });
    ok(recursive, [recursive], 'FULL_TRANSITIVE');
  });

  it('transitive levels check every previous version', () => {
    // Content-model inclusion is itself transitive, so the history here mixes types as it would
    // after the subject ran under NONE for a while: v1 string, v2 integer.
    const v1 = js({ type: 'string' });
    const v2 = js({ type: 'integer' });
    const back = js({ type: ['integer', 'null'] });
    ok(back, [v1, v2], 'BACKWARD');
    bad(back, [v1, v2], 'BACKWARD_TRANSITIVE', 'TYPE_CHANGED');
    const fwd = js({ type: 'integer', minimum: 0 });
    ok(fwd, [v1, v2], 'FORWARD');
    bad(fwd, [v1, v2], 'FORWARD_TRANSITIVE', 'TYPE_CHANGED');
    ok(v2, [v1, v2], 'FULL');
    bad(v2, [v1, v2], 'FULL_TRANSITIVE', 'TYPE_CHANGED');
    ok(back, [v1, v2], 'NONE');
  });
});
