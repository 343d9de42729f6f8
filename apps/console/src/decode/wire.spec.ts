import { describe, expect, it } from 'vitest';
import avro from 'avsc';
import protobuf from 'protobufjs';
import { decodeAvro } from './avro';
import { decodeBytes, preview, type RegisteredSchema } from './wire';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const framed = (id: number, body: Uint8Array, prefix: number[] = []) => {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(id, 1);
  return b64(Buffer.concat([head, Buffer.from(prefix), Buffer.from(body)]));
};

const ORDER = {
  type: 'record',
  name: 'orders',
  namespace: 'ksql',
  fields: [
    { name: 'ordertime', type: 'long' },
    { name: 'orderid', type: 'int' },
    { name: 'itemid', type: 'string' },
    { name: 'orderunits', type: 'double' },
    {
      name: 'address',
      type: {
        type: 'record',
        name: 'address',
        fields: [
          { name: 'city', type: 'string' },
          { name: 'zipcode', type: ['null', 'long'] },
        ],
      },
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: 'int' } },
    { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
    { name: 'ok', type: 'boolean' },
    { name: 'ratio', type: 'float' },
    { name: 'next', type: ['null', 'address'] },
  ],
};
const order = {
  ordertime: 1497014222380,
  orderid: 18,
  itemid: 'Item_184',
  orderunits: 0.5,
  address: { city: 'City_61', zipcode: 74689 },
  tags: ['a', 'b'],
  attrs: { x: -3 },
  kind: 'B',
  ok: true,
  ratio: 0.25,
  next: null,
};

const registry = new Map<number, RegisteredSchema>([
  [100001, { schema: JSON.stringify(ORDER) }],
  [100002, { schema: '{"type":"object","properties":{"id":{"type":"integer"}}}', schemaType: 'JSON' }],
  [
    100003,
    {
      schema:
        'syntax = "proto3";\npackage shop;\nmessage Other { string x = 1; }\nmessage Order { int32 id = 1; string item = 2; repeated string tags = 3; }',
      schemaType: 'PROTOBUF',
    },
  ],
]);
const lookup = async (id: number) => {
  const s = registry.get(id);
  if (!s) throw new Error(`Schema ${id} not found`);
  return s;
};

describe('message decoding', () => {
  it('decodes Avro written by a standard encoder (records, unions, arrays, maps, enums, long, float)', () => {
    const bytes = avro.Type.forSchema(ORDER as avro.Schema).toBuffer(order);
    expect(decodeAvro(JSON.stringify(ORDER), bytes)).toEqual(order);
  });

  it('decodes the Schema Registry wire format for AVRO, JSON_SR and PROTOBUF', async () => {
    const avroValue = framed(100001, avro.Type.forSchema(ORDER as avro.Schema).toBuffer(order));
    expect(await decodeBytes(avroValue, lookup)).toEqual({
      kind: 'schema',
      format: 'AVRO',
      schemaId: 100001,
      value: order,
    });

    const json = framed(100002, new TextEncoder().encode('{"id": 7}'));
    expect(await decodeBytes(json, lookup)).toEqual({
      kind: 'schema',
      format: 'JSON_SR',
      schemaId: 100002,
      value: { id: 7 },
    });

    const root = protobuf.parse(registry.get(100003)!.schema).root;
    const Order = root.lookupType('shop.Order');
    const body = Order.encode(Order.create({ id: 5, item: 'pen', tags: ['x'] })).finish();
    // message index [1] (the second top-level message): count 1, index 1, zig-zag encoded
    const proto = await decodeBytes(framed(100003, body, [2, 2]), lookup);
    expect(proto).toEqual({
      kind: 'schema',
      format: 'PROTOBUF',
      schemaId: 100003,
      value: { id: 5, item: 'pen', tags: ['x'] },
    });
  });

  it('shows plain JSON, text, binary and null as they are', async () => {
    expect(await decodeBytes(b64(new TextEncoder().encode('{"a":1}')), lookup)).toEqual({
      kind: 'json',
      value: { a: 1 },
    });
    expect(await decodeBytes(b64(new TextEncoder().encode('7')), lookup)).toEqual({ kind: 'json', value: 7 });
    expect(await decodeBytes(b64(new TextEncoder().encode('hello')), lookup)).toEqual({ kind: 'text', value: 'hello' });
    const bin = await decodeBytes(b64(new Uint8Array([0xff, 0xfe, 0x01])), lookup);
    expect(bin).toEqual({ kind: 'binary', hex: 'ff fe 01' });
    expect(await decodeBytes(null, lookup)).toEqual({ kind: 'null' });
  });

  it('reports an unknown schema id, and bytes that do not match their schema, instead of failing', async () => {
    const unknown = await decodeBytes(framed(999, new Uint8Array([1, 2, 0xff])), lookup);
    expect(unknown).toMatchObject({ kind: 'error', schemaId: 999 });
    const bad = await decodeBytes(framed(100001, new Uint8Array([2])), lookup);
    expect(bad.kind).toBe('error');
    expect(preview(bad)).toMatch(/could not decode with schema 100001/);
  });

  it('without a Schema Registry key, wire-format bytes are shown undecoded', async () => {
    const v = await decodeBytes(framed(100002, new TextEncoder().encode('{"id": 7}')), undefined);
    expect(v.kind).not.toBe('schema');
  });
});
