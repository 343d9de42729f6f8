// Connect's int64 in JS: numbers while exact, bigints beyond ±2^53, and nothing outside a Java long.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DataException,
  INT64_MAX,
  INT64_MIN,
  int64FromText,
  int64Of,
  int64Wrapped,
  parseString,
  SchemaBuilder,
  Schemas,
  Struct,
  validateValue,
} from '../src';

const EXTREMES = [2n ** 53n + 1n, -(2n ** 53n + 1n), -(2n ** 63n), 2n ** 63n - 1n];

test('int64Of/int64FromText: numbers within 2^53, exact bigints beyond', () => {
  assert.equal(int64Of(2n ** 53n - 1n), Number.MAX_SAFE_INTEGER);
  assert.equal(int64Of(-(2n ** 53n - 1n)), Number.MIN_SAFE_INTEGER);
  assert.equal(int64FromText('-42'), -42);
  for (const v of EXTREMES) {
    assert.equal(int64Of(v), v);
    assert.equal(int64FromText(String(v)), v);
  }
  assert.equal(int64Wrapped(2n ** 64n - 1n), -1);
  assert.equal(int64Wrapped(2n ** 63n), INT64_MIN);
  assert.equal(INT64_MAX, 2n ** 63n - 1n);
});

test('an INT64 field takes numbers and bigints within the Java long range and refuses the rest', () => {
  const s = SchemaBuilder.struct().field('v', SchemaBuilder.int64().build()).build();
  for (const v of [...EXTREMES, 0, -7, Number.MAX_SAFE_INTEGER]) assert.equal(new Struct(s).put('v', v).get('v'), v);
  for (const bad of [2n ** 63n, -(2n ** 63n) - 1n, 2 ** 63, 1.5])
    assert.throws(() => validateValue(Schemas.INT64_SCHEMA, bad), DataException, String(bad));
});

test('Values.parseString reads int64 text exactly', () => {
  for (const v of EXTREMES) assert.deepEqual(parseString(String(v)), { schema: Schemas.INT64_SCHEMA, value: v });
  assert.deepEqual(parseString(String(2n ** 63n)).schema, Schemas.STRING_SCHEMA);
});
