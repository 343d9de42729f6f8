import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal, ConnectDate, Decimal, SchemaBuilder, Schemas, Timestamp } from '@libs/connect-spi';
import {
  JsonFloat,
  newHeaderConverter,
  readJson,
  SimpleHeaderConverter,
  writeJson,
  RawNumber,
} from '@libs/connect-converters';

describe('SimpleHeaderConverter', () => {
  const c = new SimpleHeaderConverter();
  const roundTrip = (schema: Parameters<typeof c.fromConnectHeader>[2], v: unknown) =>
    c.toConnectHeader('t', 'h', c.fromConnectHeader('t', 'h', schema, v));

  it('writes string forms and infers types back', () => {
    assert.equal(c.fromConnectHeader('t', 'h', Schemas.STRING_SCHEMA, 'datagen')!.toString(), 'datagen');
    assert.deepEqual(roundTrip(Schemas.INT32_SCHEMA, 42), { schema: Schemas.INT8_SCHEMA, value: 42 });
    assert.deepEqual(roundTrip(Schemas.BOOLEAN_SCHEMA, true), { schema: Schemas.BOOLEAN_SCHEMA, value: true });
    assert.equal(
      c.fromConnectHeader('t', 'h', ConnectDate.SCHEMA, new Date('2024-03-15T00:00:00Z'))!.toString(),
      '2024-03-15',
    );
    assert.equal(
      c.fromConnectHeader('t', 'h', Timestamp.SCHEMA, new Date(1700000000000))!.toString(),
      '2023-11-14T22:13:20.000Z',
    );
    assert.equal(c.fromConnectHeader('t', 'h', Decimal.schema(2), BigDecimal.fromString('1.50'))!.toString(), '1.50');
    assert.equal(
      c.fromConnectHeader('t', 'h', SchemaBuilder.array(Schemas.STRING_SCHEMA).build(), ['a', 'b'])!.toString(),
      '["a","b"]',
    );
    assert.deepEqual(roundTrip(null, [1, 2]).value, [1, 2]);
    assert.equal(c.fromConnectHeader('t', 'h', null, null), null);
    assert.deepEqual(c.toConnectHeader('t', 'h', null), { schema: null, value: null });
  });

  it('is the default header.converter and honours other classes', () => {
    assert.ok(newHeaderConverter({}) instanceof SimpleHeaderConverter);
    const json = newHeaderConverter({
      'header.converter': 'JsonConverter',
      'header.converter.schemas.enable': 'false',
    });
    assert.equal(json.fromConnectHeader('t', 'h', null, { a: 1 })!.toString(), '{"a":1}');
    assert.throws(() => newHeaderConverter({ 'header.converter': 'x.Y' }), /could not be found/);
  });
});

describe('JSON text reader/writer', () => {
  it('tells integral numbers from floats and keeps big integers exact', () => {
    assert.equal(readJson('1'), 1);
    assert.ok(readJson('1.0') instanceof JsonFloat);
    assert.ok(readJson('1e3') instanceof JsonFloat);
    assert.equal(readJson('-9223372036854775808'), -9223372036854775808n);
    assert.deepEqual(readJson(' {"a":[1,"x\\"y",true,null,{}]} '), { a: [1, 'x"y', true, null, {}] });
    assert.equal(readJson('"\\u00e9"'), 'é');
  });

  it('rejects malformed JSON', () => {
    for (const bad of ['', '{', '[1,]', '{"a" 1}', '01x', 'nul', '1 2', '"abc', '-'])
      assert.throws(() => readJson(bad), SyntaxError, bad);
  });

  it('writes bigint and raw numbers verbatim, strings escaped', () => {
    assert.equal(
      writeJson({ a: 12345678901234567890n, b: new RawNumber('1.0'), c: 'q"', d: [null, true] }),
      '{"a":12345678901234567890,"b":1.0,"c":"q\\"","d":[null,true]}',
    );
  });
});
