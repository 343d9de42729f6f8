// Connect int64 values beyond ±2^53 (BIGINT keys, Debezium's ts_ns) and the Java long limits survive
// every converter exactly: JSON (with and without schemas), JSON Schema, Protobuf (int64, uint64,
// sint64, fixed64, sfixed64) and String. Values within 2^53 stay numbers; larger ones are bigints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as protobuf from 'protobufjs';
import { BigDecimal, Decimal, SchemaBuilder, Struct, type Schema } from '@libs/connect-spi';
import { encodeMessageIndexes, InMemorySchemaRegistry } from '@libs/schema-registry';
import { converterFor, deserializeWith, JsonConverter, serializeWith, StringConverter } from '../src';

const EXTREMES = [2n ** 53n + 1n, -(2n ** 53n + 1n), -(2n ** 63n), 2n ** 63n - 1n];

const rowSchema = SchemaBuilder.struct()
  .name('shop.Row')
  .field('id', SchemaBuilder.int64().build())
  .field('ref', SchemaBuilder.int64().optional().build())
  .field('ids', SchemaBuilder.array(SchemaBuilder.int64().build()).build())
  .build();

/** `ref` is −id, so −2^63 (whose negation is beyond a long) is tested on its own. */
function row(id: bigint): Struct {
  return new Struct(rowSchema).put('id', id).put('ref', -id).put('ids', [id, 7]);
}

function assertRow(back: Struct, id: bigint): void {
  assert.equal(back.get('id'), id);
  assert.equal(back.get('ref'), -id);
  assert.deepEqual(back.get('ids'), [id, 7]);
}

function json(schemasEnable: boolean): JsonConverter {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': schemasEnable }, false);
  return c;
}

test('JsonConverter with schemas writes int64 extremes as exact digits and reads them back as bigints', () => {
  const c = json(true);
  for (const id of EXTREMES.filter((v) => v !== -(2n ** 63n))) {
    const bytes = c.fromConnectData('t', null, rowSchema, row(id))!;
    assert.match(bytes.toString(), new RegExp(`"id":${id},"ref":${-id},"ids":\\[${id},7\\]`));
    const back = c.toConnectData('t', null, bytes);
    assertRow(back.value as Struct, id);
  }
  const min = c.toConnectData('t', null, Buffer.from(`{"schema":{"type":"int64"},"payload":${-(2n ** 63n)}}`));
  assert.equal(min.value, -(2n ** 63n));
  const safe = c.toConnectData('t', null, Buffer.from('{"schema":{"type":"int64"},"payload":9007199254740991}'));
  assert.equal(safe.value, Number.MAX_SAFE_INTEGER);
});

test('JsonConverter reads a JSON integer beyond the long range as Jackson longValue() does (low 64 bits)', () => {
  const c = json(true);
  const read = (n: string) => c.toConnectData('t', null, Buffer.from(`{"schema":{"type":"int64"},"payload":${n}}`));
  assert.equal(read('18446744073709551615').value, -1);
  assert.equal(read('9223372036854775808').value, -(2n ** 63n));
});

test('JsonConverter without schemas keeps int64 extremes exact both ways', () => {
  const c = json(false);
  for (const id of EXTREMES) {
    const bytes = c.fromConnectData('t', null, null, { id, list: [id] })!;
    assert.equal(bytes.toString(), `{"id":${id},"list":[${id}]}`);
    assert.deepEqual(c.toConnectData('t', null, bytes).value, { id, list: [id] });
    assert.equal(c.fromConnectHeader('t', 'h', null, id)!.toString(), String(id));
    assert.equal(c.toConnectHeader('t', 'h', Buffer.from(String(id))).value, id);
  }
});

test('JSON Schema converter round-trips int64 extremes exactly (JSON.parse/stringify would round them)', async () => {
  const registry = new InMemorySchemaRegistry();
  const c = converterFor('JSON_SR', { client: registry });
  for (const id of EXTREMES.filter((v) => v !== -(2n ** 63n))) {
    const bytes = (await serializeWith(c, 'rows', null, rowSchema, row(id)))!;
    assert.match(bytes.subarray(5).toString(), new RegExp(`"id":${id},"ref":${-id}`));
    assertRow((await deserializeWith(c, 'rows', null, bytes)).value as Struct, id);
  }
  const min = SchemaBuilder.struct().name('shop.Min').field('v', SchemaBuilder.int64().build()).build();
  const bytes = (await serializeWith(c, 'mins', null, min, new Struct(min).put('v', -(2n ** 63n))))!;
  assert.equal(((await deserializeWith(c, 'mins', null, bytes)).value as Struct).get('v'), -(2n ** 63n));
});

test('JSON Schema converter writes a Decimal as its exact digits (BIGINT UNSIGNED in precise mode)', async () => {
  const c = converterFor('JSON_SR', { client: new InMemorySchemaRegistry() });
  const s = SchemaBuilder.struct().name('shop.Big').field('v', Decimal.builder(0).build()).build();
  const max = BigDecimal.fromString('18446744073709551615');
  const bytes = (await serializeWith(c, 'bigs', null, s, new Struct(s).put('v', max)))!;
  assert.equal(bytes.subarray(5).toString(), '{"v":18446744073709551615}');
  const back = ((await deserializeWith(c, 'bigs', null, bytes)).value as Struct).get('v') as BigDecimal;
  assert.equal(back.toString(), '18446744073709551615');
});

const PROTO = `syntax = "proto3";
package shop;

message Nums {
  int64 a = 1;
  uint64 b = 2;
  sint64 c = 3;
  fixed64 d = 4;
  sfixed64 e = 5;
  map<int64, string> m = 6;
}
`;

const numsSchema: Schema = SchemaBuilder.struct()
  .name('shop.Nums')
  .field('a', SchemaBuilder.int64().optional().build())
  .field('b', SchemaBuilder.int64().optional().build())
  .field('c', SchemaBuilder.int64().optional().build())
  .field('d', SchemaBuilder.int64().optional().build())
  .field('e', SchemaBuilder.int64().optional().build())
  .field(
    'm',
    SchemaBuilder.map(SchemaBuilder.int64().build(), SchemaBuilder.string().optional().build()).optional().build(),
  )
  .build();

test('Protobuf converter keeps int64/uint64/sint64/fixed64/sfixed64 extremes exact both ways', async () => {
  const registry = new InMemorySchemaRegistry();
  const id = await registry.register('nums-value', { schemaType: 'PROTOBUF', schema: PROTO });
  const c = converterFor('PROTOBUF', { client: registry, extra: { 'use.latest.version': 'true' } });
  const type = protobuf.parse(PROTO).root.lookupType('shop.Nums');
  for (const v of EXTREMES) {
    const value = new Struct(numsSchema)
      .put('a', v)
      .put('b', v)
      .put('c', v)
      .put('d', v)
      .put('e', v)
      .put('m', new Map([[v, 'x']]));
    const bytes = (await serializeWith(c, 'nums', null, numsSchema, value))!;
    assert.equal(bytes.readUInt32BE(1), id);
    // what a Java producer would read: unsigned fields carry the same 64 bits
    const wire = type.toObject(type.decode(bytes.subarray(6)), { longs: String });
    const unsigned = String(BigInt.asUintN(64, v));
    assert.deepEqual([wire.a, wire.b, wire.c, wire.d, wire.e], [String(v), unsigned, String(v), unsigned, String(v)]);
    const back = (await deserializeWith(c, 'nums', null, bytes)).value as Struct;
    for (const f of ['a', 'b', 'c', 'd', 'e']) assert.equal(back.get(f), v, f);
    assert.deepEqual([...(back.get('m') as Map<unknown, unknown>)], [[v, 'x']]);
  }
  // a uint64 written by another producer beyond 2^63 − 1 reads as protobuf-java's long: its bits
  const foreign = type.encode(type.fromObject({ b: '18446744073709551615', d: '9223372036854775808' })).finish();
  const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), encodeMessageIndexes([0]), foreign]);
  framed.writeUInt32BE(id, 1);
  const back = (await deserializeWith(c, 'nums', null, framed)).value as Struct;
  assert.equal(back.get('b'), -1);
  assert.equal(back.get('d'), -(2n ** 63n));
});

test('StringConverter writes int64 extremes as their exact decimal text', () => {
  const c = new StringConverter();
  c.configure({}, false);
  for (const v of EXTREMES) assert.equal(c.fromConnectData('t', null, null, v)!.toString(), String(v));
});

test('the JSON reader keeps a "__proto__" key as an own field, as JSON.parse does', () => {
  const c = json(false);
  const v = c.toConnectData('t', null, Buffer.from('{"__proto__":{"x":9007199254740993},"a":1}')).value as object;
  assert.deepEqual(Object.keys(v), ['__proto__', 'a']);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(v, '__proto__')?.value, { x: 2n ** 53n + 1n });
});
