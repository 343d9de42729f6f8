import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AvroSchemaProvider,
  InvalidSchemaError,
  type CompatibilityLevel,
  type ParsedAvroSchema,
} from '@libs/schema-registry';

const p = new AvroSchemaProvider();
const rec = (fields: unknown[], extra: Record<string, unknown> = {}): ParsedAvroSchema =>
  p.parse(JSON.stringify({ type: 'record', name: 'Order', namespace: 'io.example', fields, ...extra }));
const ok = (next: ParsedAvroSchema, prev: ParsedAvroSchema[], level: CompatibilityLevel): void =>
  assert.deepEqual(p.isCompatible(next, prev, level), [], `expected compatible under ${level}`);
const bad = (next: ParsedAvroSchema, prev: ParsedAvroSchema[], level: CompatibilityLevel, errorType: string): void => {
  const reasons = p.isCompatible(next, prev, level);
  assert.ok(
    reasons.some((r) => r.includes(errorType)),
    `expected ${errorType} under ${level}, got ${JSON.stringify(reasons)}`,
  );
};

describe('Avro provider: parsing', () => {
  it('parses records, names and references', () => {
    const customer = JSON.stringify({
      type: 'record',
      name: 'Customer',
      namespace: 'io.example',
      fields: [{ name: 'n', type: 'string' }],
    });
    const s = p.parse(
      JSON.stringify({
        type: 'record',
        name: 'Order',
        namespace: 'io.example',
        fields: [{ name: 'c', type: 'io.example.Customer' }],
      }),
      [{ name: 'io.example.Customer', subject: 'customer-value', version: 1, schema: customer }],
    );
    assert.equal(s.recordName, 'io.example.Order');
    assert.equal(s.avroType.toBuffer({ c: { n: 'x' } }).length, 2);
    assert.equal(p.parse('"string"').recordName, undefined);
  });

  it('gives identical schemas modulo formatting, key order and name qualification the same canonical form', () => {
    const a = p.parse(
      '{"type":"record","name":"Order","namespace":"io.example","fields":[{"name":"id","type":"long"},{"name":"c","type":{"type":"record","name":"C","fields":[{"name":"x","type":"int"}]}},{"name":"d","type":"C"}]}',
    );
    const b = p.parse(`{
      "namespace": "io.example", "fields": [
        {"type": "long", "name": "id", "order": "ascending"},
        {"name": "c", "type": {"fields": [{"type": {"type": "int"}, "name": "x"}], "name": "io.example.C", "type": "record"}},
        {"name": "d", "type": "io.example.C"}
      ], "type": "record", "name": "Order" }`);
    assert.equal(a.canonical, b.canonical);
  });

  it('also exposes the Parsing Canonical Form, which ignores defaults and docs', () => {
    const a = rec([{ name: 'id', type: 'long' }]);
    const b = rec([{ name: 'id', type: 'long', default: 0, doc: 'x' }]);
    assert.equal(a.parsingCanonicalForm, b.parsingCanonicalForm);
    assert.equal(
      a.parsingCanonicalForm,
      '{"name":"io.example.Order","type":"record","fields":[{"name":"id","type":"long"}]}',
    );
    assert.notEqual(a.canonical, b.canonical);
  });

  it('keeps defaults, logical types and enum defaults in the identity form', () => {
    const base = rec([{ name: 'id', type: 'long' }]);
    assert.notEqual(base.canonical, rec([{ name: 'id', type: 'long', default: 0 }]).canonical);
    assert.notEqual(
      base.canonical,
      rec([{ name: 'id', type: { type: 'long', logicalType: 'timestamp-millis' } }]).canonical,
    );
    const e1 = p.parse('{"type":"enum","name":"E","symbols":["A","B"]}');
    const e2 = p.parse('{"type":"enum","name":"E","symbols":["A","B"],"default":"A"}');
    assert.notEqual(e1.canonical, e2.canonical);
  });

  for (const [label, text] of [
    ['not JSON', '{"type": "record"'],
    ['record without fields', '{"type":"record","name":"X"}'],
    ['unknown type name', '{"type":"record","name":"X","fields":[{"name":"a","type":"Nope"}]}'],
    ['bad default', '{"type":"record","name":"X","fields":[{"name":"a","type":"int","default":"x"}]}'],
    ['duplicate field', '{"type":"record","name":"X","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]}'],
    ['duplicate enum symbol', '{"type":"enum","name":"E","symbols":["A","A"]}'],
    ['invalid name', '{"type":"record","name":"1X","fields":[]}'],
    ['empty text', '   '],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['union with duplicate branches', '["string", "string"]'],
    ['nested union', '["null", ["int", "string"]]'],
    ['unknown primitive', '"integer"'],
    ['unresolved reference', '{"type":"record","name":"X","fields":[{"name":"a","type":"io.example.Customer"}]}'],
  ] as const) {
    it(`rejects ${label} with 42201`, () => {
      assert.throws(
        () => p.parse(text),
        (e: unknown) => e instanceof InvalidSchemaError && e.errorCode === 42201 && /AVRO/.test(e.message),
      );
    });
  }

  it('rejects huge and deeply nested schemas with 42201 quickly', () => {
    const fields = Array.from({ length: 40_000 }, (_, i) => ({ name: `f${i}`, type: 'string' }));
    const huge = JSON.stringify({ type: 'record', name: 'Huge', fields });
    assert.ok(huge.length > 1_000_000);
    assert.throws(
      () => p.parse(huge),
      (e: unknown) => e instanceof InvalidSchemaError && /limit/.test(e.message),
    );
    const deep = '['.repeat(100_000) + '"int"' + ']'.repeat(100_000);
    assert.throws(
      () => p.parse(deep),
      (e: unknown) => e instanceof InvalidSchemaError && /nesting/.test(e.message),
    );
    // Under the limit it still works when the caller allows it.
    assert.equal(p.parse(huge, [], { maxSchemaLength: 2_000_000 }).recordName, 'Huge');
  });
});

describe('Avro provider: compatibility (schema resolution)', () => {
  const v1 = rec([{ name: 'id', type: 'long' }]);
  const addWithDefault = rec([
    { name: 'id', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
  ]);
  const addNoDefault = rec([
    { name: 'id', type: 'long' },
    { name: 'note', type: 'string' },
  ]);

  it('adding a field with a default is fully compatible', () => {
    for (const level of [
      'BACKWARD',
      'FORWARD',
      'FULL',
      'BACKWARD_TRANSITIVE',
      'FORWARD_TRANSITIVE',
      'FULL_TRANSITIVE',
    ] as const)
      ok(addWithDefault, [v1], level);
  });

  it('adding a field without default breaks BACKWARD / FULL but not FORWARD', () => {
    bad(addNoDefault, [v1], 'BACKWARD', 'READER_FIELD_MISSING_DEFAULT_VALUE');
    bad(addNoDefault, [v1], 'FULL', 'READER_FIELD_MISSING_DEFAULT_VALUE');
    ok(addNoDefault, [v1], 'FORWARD');
    ok(addNoDefault, [v1], 'NONE');
  });

  it('removing a field without default breaks FORWARD but not BACKWARD', () => {
    ok(v1, [addNoDefault], 'BACKWARD');
    bad(v1, [addNoDefault], 'FORWARD', 'READER_FIELD_MISSING_DEFAULT_VALUE');
    bad(v1, [addNoDefault], 'FULL_TRANSITIVE', 'READER_FIELD_MISSING_DEFAULT_VALUE');
    ok(v1, [addWithDefault], 'FULL');
  });

  it('applies type promotions in one direction only', () => {
    const i = rec([{ name: 'n', type: 'int' }]);
    const l = rec([{ name: 'n', type: 'long' }]);
    const d = rec([{ name: 'n', type: 'double' }]);
    ok(l, [i], 'BACKWARD');
    bad(l, [i], 'FORWARD', 'TYPE_MISMATCH');
    ok(d, [l], 'BACKWARD');
    bad(i, [l], 'BACKWARD', 'TYPE_MISMATCH');
    const s = rec([{ name: 'n', type: 'string' }]);
    const b = rec([{ name: 'n', type: 'bytes' }]);
    ok(b, [s], 'FULL');
    bad(s, [i], 'BACKWARD', 'TYPE_MISMATCH');
  });

  it('checks enum symbols, with the enum default as fallback', () => {
    const e = (symbols: string[], def?: string): ParsedAvroSchema =>
      rec([{ name: 'e', type: { type: 'enum', name: 'E', symbols, ...(def ? { default: def } : {}) } }]);
    ok(e(['A', 'B', 'C']), [e(['A', 'B'])], 'BACKWARD');
    bad(e(['A', 'B', 'C']), [e(['A', 'B'])], 'FORWARD', 'MISSING_ENUM_SYMBOLS');
    ok(e(['A', 'B', 'C']), [e(['A', 'B'], 'A')], 'FORWARD');
    bad(e(['A']), [e(['A', 'B'])], 'BACKWARD', 'MISSING_ENUM_SYMBOLS');
  });

  it('checks unions branch by branch', () => {
    const str = rec([{ name: 'u', type: 'string' }]);
    const nullable = rec([{ name: 'u', type: ['null', 'string'], default: null }]);
    const wide = rec([{ name: 'u', type: ['null', 'string', 'int'], default: null }]);
    ok(nullable, [str], 'BACKWARD');
    bad(nullable, [str], 'FORWARD', 'TYPE_MISMATCH');
    ok(wide, [nullable], 'BACKWARD');
    bad(wide, [nullable], 'FORWARD', 'MISSING_UNION_BRANCH');
    bad(nullable, [wide], 'BACKWARD', 'MISSING_UNION_BRANCH');
  });

  it('matches named types by name or alias, and fields by alias', () => {
    const renamedRecord = p.parse(
      JSON.stringify({
        type: 'record',
        name: 'Order2',
        namespace: 'io.example',
        aliases: ['Order'],
        fields: [{ name: 'id', type: 'long' }],
      }),
    );
    ok(renamedRecord, [v1], 'BACKWARD');
    bad(renamedRecord, [v1], 'FORWARD', 'NAME_MISMATCH');
    const renamedField = rec([{ name: 'ident', aliases: ['id'], type: 'long' }]);
    ok(renamedField, [v1], 'BACKWARD');
    bad(renamedField, [v1], 'FORWARD', 'READER_FIELD_MISSING_DEFAULT_VALUE');
    const f4 = rec([{ name: 'f', type: { type: 'fixed', name: 'F', size: 4 } }]);
    const f8 = rec([{ name: 'f', type: { type: 'fixed', name: 'F', size: 8 } }]);
    bad(f8, [f4], 'BACKWARD', 'FIXED_SIZE_MISMATCH');
  });

  it('recurses into arrays, maps and recursive records', () => {
    const list = (t: string): ParsedAvroSchema =>
      p.parse(
        JSON.stringify({
          type: 'record',
          name: 'Node',
          fields: [
            { name: 'v', type: t },
            { name: 'next', type: ['null', 'Node'], default: null },
            { name: 'm', type: { type: 'map', values: { type: 'array', items: t } } },
          ],
        }),
      );
    ok(list('long'), [list('int')], 'BACKWARD');
    bad(list('int'), [list('long')], 'BACKWARD', 'TYPE_MISMATCH');
  });

  it('distinguishes transitive from non-transitive levels', () => {
    // v1 {a:int}, v2 drops a, v3 re-adds a as string with a default: each step BACKWARD-ok.
    const a1 = rec([
      { name: 'id', type: 'long' },
      { name: 'a', type: 'int' },
    ]);
    const a2 = rec([{ name: 'id', type: 'long' }]);
    const a3 = rec([
      { name: 'id', type: 'long' },
      { name: 'a', type: 'string', default: '' },
    ]);
    ok(a2, [a1], 'BACKWARD');
    ok(a3, [a1, a2], 'BACKWARD');
    bad(a3, [a1, a2], 'BACKWARD_TRANSITIVE', 'TYPE_MISMATCH');
    // forward: old readers must read new data
    ok(a2, [a3], 'FORWARD');
    bad(a2, [a1, a3], 'FORWARD_TRANSITIVE', 'READER_FIELD_MISSING_DEFAULT_VALUE');
    ok(a2, [a1, a3], 'FORWARD');
    bad(a3, [a1, a2], 'FULL_TRANSITIVE', 'TYPE_MISMATCH');
    ok(a3, [a1, a2], 'FULL');
  });

  it('NONE accepts anything; a first schema is always compatible', () => {
    ok(p.parse('"string"'), [v1], 'NONE');
    ok(v1, [], 'FULL_TRANSITIVE');
  });
});
