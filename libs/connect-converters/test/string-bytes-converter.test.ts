import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DataException, SchemaBuilder, Schemas, Struct } from '@libs/connect-spi';
import {
  ByteArrayConverter,
  findConverterPlugin,
  newConverter,
  StringConverter,
  JsonConverter,
} from '@libs/connect-converters';

describe('StringConverter', () => {
  it('writes toString() and reads OPTIONAL_STRING', () => {
    const c = new StringConverter();
    c.configure({}, false);
    assert.equal(c.fromConnectData('t', null, null, 'héllo')!.toString('utf8'), 'héllo');
    assert.equal(c.fromConnectData('t', null, null, 42)!.toString(), '42');
    assert.equal(c.fromConnectData('t', null, null, { id: 1 })!.toString(), '{id=1}');
    const s = SchemaBuilder.struct().field('id', Schemas.INT32_SCHEMA).field('name', Schemas.STRING_SCHEMA).build();
    assert.equal(
      c.fromConnectData('t', null, s, new Struct(s).put('id', 1).put('name', 'x'))!.toString(),
      'Struct{id=1,name=x}',
    );
    assert.equal(c.fromConnectData('t', null, null, null), null);
    assert.deepEqual(c.toConnectData('t', null, Buffer.from('abc')), {
      schema: Schemas.OPTIONAL_STRING_SCHEMA,
      value: 'abc',
    });
    assert.deepEqual(c.toConnectData('t', null, null), { schema: Schemas.OPTIONAL_STRING_SCHEMA, value: null });
  });

  it('honours converter.encoding and rejects unknown encodings', () => {
    const c = new StringConverter();
    c.configure({ 'converter.encoding': 'ISO-8859-1' }, false);
    assert.deepEqual([...c.fromConnectData('t', null, null, 'é')!], [0xe9]);
    assert.throws(
      () => new StringConverter().configure({ 'converter.encoding': 'EBCDIC' }, false),
      /Unsupported encoding/,
    );
  });
});

describe('ByteArrayConverter', () => {
  it('passes bytes through and checks the schema type', () => {
    const c = new ByteArrayConverter();
    c.configure({}, false);
    const b = Buffer.from([1, 2, 3]);
    assert.equal(c.fromConnectData('t', null, Schemas.BYTES_SCHEMA, b), b);
    assert.deepEqual(c.toConnectData('t', null, b), { schema: Schemas.OPTIONAL_BYTES_SCHEMA, value: b });
    assert.throws(
      () => c.fromConnectData('t', null, Schemas.STRING_SCHEMA, 'x'),
      (e: Error) => e instanceof DataException && e.message === 'Invalid schema type for ByteArrayConverter: STRING',
    );
    assert.throws(() => c.fromConnectData('t', null, null, 'x'), /not compatible with objects of type string/);
    assert.equal(c.fromConnectData('t', null, null, null), null);
  });
});

describe('converter registry', () => {
  it('resolves class names and aliases and configures from prefixed keys', () => {
    assert.equal(findConverterPlugin('JsonConverter')!.className, 'org.apache.kafka.connect.json.JsonConverter');
    const c = newConverter(
      { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false' },
      'value.converter',
      false,
    );
    assert.ok(c instanceof JsonConverter);
    assert.equal(c.fromConnectData('t', null, null, { a: 1 })!.toString(), '{"a":1}');
    assert.equal(newConverter({}, 'key.converter', true), null);
    assert.throws(() => newConverter({ 'key.converter': 'com.x.Nope' }, 'key.converter', true), /could not be found/);
  });
});
