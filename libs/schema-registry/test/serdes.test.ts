import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeHeader,
  getSchemaProvider,
  InMemorySchemaRegistry,
  SchemaRegistryDeserializer,
  SchemaRegistrySerializer,
  SerializationError,
  type ParsedAvroSchema,
  type SerializeSchema,
} from '@libs/schema-registry';

const ORDER_AVRO: SerializeSchema = {
  schema: JSON.stringify({
    type: 'record',
    name: 'Order',
    namespace: 'io.example',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'customer', type: 'string' },
      { name: 'note', type: ['null', 'string'], default: null },
    ],
  }),
};
const ORDER_PROTO: SerializeSchema = {
  schemaType: 'PROTOBUF',
  schema: `syntax = "proto3";
package io.example;
message Order { int64 id = 1; string customer = 2; repeated Line lines = 3;
  message Line { string sku = 1; int32 qty = 2; } }
message Refund { int64 order_id = 1; Status status = 2; }
enum Status { NEW = 0; DONE = 1; }`,
};
const ORDER_JSON: SerializeSchema = {
  schemaType: 'JSON',
  schema: JSON.stringify({
    title: 'Order',
    type: 'object',
    properties: { id: { type: 'integer' }, customer: { type: 'string' } },
    required: ['id', 'customer'],
  }),
};

function pair(
  registry = new InMemorySchemaRegistry(),
  config: ConstructorParameters<typeof SchemaRegistrySerializer>[1] = {},
) {
  return {
    registry,
    ser: new SchemaRegistrySerializer(registry, config),
    de: new SchemaRegistryDeserializer(registry),
  };
}

describe('serializers/deserializers (in-memory registry)', () => {
  it('Avro round trip, auto-registering under <topic>-value', async () => {
    const { registry, ser, de } = pair();
    const bytes = await ser.serialize('orders', { id: 42, customer: 'ada', note: null }, ORDER_AVRO);
    assert.equal(bytes[0], 0);
    assert.equal(bytes.readInt32BE(1), 100001);
    assert.deepEqual(registry.listSubjects(), ['orders-value']);
    const out = await de.deserialize(bytes);
    assert.equal(out.schemaType, 'AVRO');
    assert.deepEqual({ ...(out.value as object) }, { id: 42, customer: 'ada', note: null });
    // identical schema again: same id, no new version
    await ser.serialize('orders', { id: 1, customer: 'b', note: 'x' }, { schema: ORDER_AVRO.schema });
    assert.equal((await registry.getLatest('orders-value')).version, 1);
  });

  it('Avro: rejects values that do not match the schema', async () => {
    const { ser } = pair();
    await assert.rejects(
      ser.serialize('orders', { id: 'nope', customer: 'x' }, ORDER_AVRO),
      (e: unknown) => e instanceof SerializationError && /id/.test(e.message),
    );
  });

  it('Avro: resolves into a reader schema', async () => {
    const { ser, registry } = pair();
    const bytes = await ser.serialize('orders', { id: 1, customer: 'c', note: null }, ORDER_AVRO);
    const reader = getSchemaProvider('AVRO').parse(
      JSON.stringify({
        type: 'record',
        name: 'Order',
        namespace: 'io.example',
        fields: [
          { name: 'id', type: 'double' },
          { name: 'region', type: 'string', default: 'eu' },
        ],
      }),
    ) as ParsedAvroSchema;
    const out = await new SchemaRegistryDeserializer(registry, { avroReaderSchema: reader }).deserialize(bytes);
    assert.deepEqual({ ...(out.value as object) }, { id: 1, region: 'eu' });
  });

  it('Protobuf round trip for the first message ([0] shortcut) and a nested one', async () => {
    const { ser, de } = pair();
    const first = await ser.serialize('orders', { id: 7, customer: 'ada', lines: [{ sku: 'A', qty: 2 }] }, ORDER_PROTO);
    assert.equal(first[5], 0, 'message index [0] is one zero byte');
    const out = await de.deserialize(first);
    assert.equal(out.messageName, 'io.example.Order');
    const v = out.value as { id: { toString(): string }; customer: string; lines: Array<{ sku: string; qty: number }> };
    assert.equal(String(v.id), '7');
    assert.equal(v.customer, 'ada');
    assert.deepEqual(
      v.lines.map((l) => [l.sku, l.qty]),
      [['A', 2]],
    );

    const refund = await ser.serialize(
      'refunds',
      { order_id: 9, status: 'DONE' },
      { ...ORDER_PROTO, messageName: 'Refund' },
    );
    assert.deepEqual([...refund.subarray(5, 7)], [2, 2], 'message index [1]');
    const r = await new SchemaRegistryDeserializer(ser['client'], {
      protobufToObject: { longs: Number, enums: String },
    }).deserialize(refund);
    assert.equal(r.messageName, 'io.example.Refund');
    assert.deepEqual(r.value, { order_id: 9, status: 'DONE' });

    const line = await ser.serialize(
      'lines',
      { sku: 'Z', qty: 1 },
      { ...ORDER_PROTO, messageName: 'io.example.Order.Line' },
    );
    assert.deepEqual([...line.subarray(5, 8)], [4, 0, 0], 'message index [0, 0]');
    assert.equal((await de.deserialize(line)).messageName, 'io.example.Order.Line');
  });

  it('Protobuf: rejects a value of the wrong shape and an unknown message', async () => {
    const { ser } = pair();
    await assert.rejects(ser.serialize('orders', { id: 'abc' }, ORDER_PROTO), SerializationError);
    await assert.rejects(ser.serialize('orders', {}, { ...ORDER_PROTO, messageName: 'Nope' }), /not declared/);
  });

  it('JSON Schema round trip; invalid values are refused on serialize', async () => {
    const { ser, de } = pair();
    const bytes = await ser.serialize('orders', { id: 1, customer: 'ada' }, ORDER_JSON);
    assert.deepEqual(JSON.parse(bytes.subarray(5).toString()), { id: 1, customer: 'ada' });
    assert.deepEqual((await de.deserialize(bytes)).value, { id: 1, customer: 'ada' });
    await assert.rejects(
      ser.serialize('orders', { id: 'x' }, ORDER_JSON),
      (e: unknown) => e instanceof SerializationError && /customer|id/.test(e.message),
    );
  });

  it('JSON Schema: optional validation on read', async () => {
    const { registry, ser } = pair();
    const bytes = await ser.serialize('orders', { id: 1, customer: 'ada' }, ORDER_JSON);
    const tampered = Buffer.concat([bytes.subarray(0, 5), Buffer.from('{"id":"x"}')]);
    assert.deepEqual((await new SchemaRegistryDeserializer(registry).deserialize(tampered)).value, { id: 'x' });
    await assert.rejects(
      new SchemaRegistryDeserializer(registry, { validateJson: true }).deserialize(tampered),
      SerializationError,
    );
  });

  it('"Unknown magic byte!" on non-framed input; unknown ids fail cleanly', async () => {
    const { de } = pair();
    await assert.rejects(de.deserialize(Buffer.from('{"plain":"json"}')), { message: 'Unknown magic byte!' });
    await assert.rejects(
      de.deserialize(Buffer.concat([encodeHeader(999), Buffer.from([1])])),
      (e: unknown) => e instanceof SerializationError && /999/.test(e.message),
    );
  });

  it('auto-register off: looks the schema up, and fails when it is not registered', async () => {
    const registry = new InMemorySchemaRegistry();
    const ser = new SchemaRegistrySerializer(registry, { autoRegisterSchemas: false });
    await assert.rejects(ser.serialize('orders', { id: 1, customer: 'a', note: null }, ORDER_AVRO), /orders-value/);
    const id = await registry.register('orders-value', { schema: ORDER_AVRO.schema });
    const bytes = await new SchemaRegistrySerializer(registry, { autoRegisterSchemas: false }).serialize(
      'orders',
      { id: 1, customer: 'a', note: null },
      ORDER_AVRO,
    );
    assert.equal(bytes.readInt32BE(1), id);
  });

  it('use.latest.version encodes with the subject latest schema', async () => {
    const registry = new InMemorySchemaRegistry();
    await registry.register('orders-value', { schema: ORDER_AVRO.schema });
    const wider = JSON.stringify({
      type: 'record',
      name: 'Order',
      namespace: 'io.example',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'customer', type: 'string' },
        { name: 'note', type: ['null', 'string'], default: null },
        { name: 'v', type: 'int', default: 0 },
      ],
    });
    const latestId = await registry.register('orders-value', { schema: wider });
    const ser = new SchemaRegistrySerializer(registry, { useLatestVersion: true, autoRegisterSchemas: false });
    const bytes = await ser.serialize('orders', { id: 1, customer: 'a', note: null, v: 3 }, ORDER_AVRO);
    assert.equal(bytes.readInt32BE(1), latestId);
  });

  it('subject strategies, keys and schema contexts', async () => {
    const registry = new InMemorySchemaRegistry();
    await new SchemaRegistrySerializer(registry, { isKey: true }).serialize(
      'orders',
      { id: 1, customer: 'a', note: null },
      ORDER_AVRO,
    );
    await new SchemaRegistrySerializer(registry, { subjectNameStrategy: 'RecordNameStrategy' }).serialize(
      'orders',
      { id: 1, customer: 'a', note: null },
      ORDER_AVRO,
    );
    await new SchemaRegistrySerializer(registry, {
      subjectNameStrategy: 'TopicRecordNameStrategy',
      contextName: 'staging',
    }).serialize('orders', { id: 1, customer: 'a' }, ORDER_JSON);
    await new SchemaRegistrySerializer(registry, { subjectNameStrategy: 'RecordNameStrategy' }).serialize(
      't',
      { order_id: 1 },
      { ...ORDER_PROTO, messageName: 'Refund' },
    );
    assert.deepEqual(
      registry.listSubjects().sort(),
      [':.staging:orders-Order', 'io.example.Order', 'io.example.Refund', 'orders-key'].sort(),
    );
  });

  it('an incompatible schema is refused at produce time (409 from the registry)', async () => {
    const { registry, ser } = pair();
    await ser.serialize('orders', { id: 1, customer: 'a', note: null }, ORDER_AVRO);
    const incompatible = {
      schema: JSON.stringify({
        type: 'record',
        name: 'Order',
        namespace: 'io.example',
        fields: [{ name: 'id', type: 'string' }],
      }),
    };
    await assert.rejects(
      ser.serialize('orders', { id: 'x' }, incompatible),
      (e: unknown) => e instanceof SerializationError && /incompatible/.test(e.message),
    );
    assert.equal((await registry.getLatest('orders-value')).version, 1);
  });

  it('Avro with references', async () => {
    const registry = new InMemorySchemaRegistry();
    await registry.register('customer-value', {
      schema: JSON.stringify({
        type: 'record',
        name: 'Customer',
        namespace: 'io.example',
        fields: [{ name: 'name', type: 'string' }],
      }),
    });
    const ser = new SchemaRegistrySerializer(registry);
    const schema: SerializeSchema = {
      schema: JSON.stringify({
        type: 'record',
        name: 'Order',
        namespace: 'io.example',
        fields: [{ name: 'c', type: 'io.example.Customer' }],
      }),
      references: [{ name: 'io.example.Customer', subject: 'customer-value', version: 1 }],
    };
    const bytes = await ser.serialize('orders', { c: { name: 'ada' } }, schema);
    const out = await new SchemaRegistryDeserializer(registry).deserialize(bytes);
    assert.deepEqual(JSON.parse(JSON.stringify(out.value)), { c: { name: 'ada' } });
  });

  it('serializer cache: the registry is asked once per schema and subject', async () => {
    const registry = new InMemorySchemaRegistry();
    let calls = 0;
    const counting = Object.assign(Object.create(registry) as InMemorySchemaRegistry, {
      register: (s: string, i: Parameters<InMemorySchemaRegistry['register']>[1]) => {
        calls++;
        return registry.register(s, i);
      },
    });
    const ser = new SchemaRegistrySerializer(counting);
    for (let i = 0; i < 100; i++) await ser.serialize('orders', { id: i, customer: 'a', note: null }, ORDER_AVRO);
    await ser.serialize('payments', { id: 1, customer: 'a', note: null }, ORDER_AVRO);
    assert.equal(calls, 2);
  });
  it('with a schema context, ids are looked up inside it', async () => {
    const registry = new InMemorySchemaRegistry();
    const seen: Array<string | undefined> = [];
    const recording = Object.assign(Object.create(registry) as InMemorySchemaRegistry, {
      getSchemaById: (id: number, subject?: string) => {
        seen.push(subject);
        return registry.getSchemaById(id);
      },
    });
    const bytes = await new SchemaRegistrySerializer(recording, { contextName: '.staging' }).serialize(
      'orders',
      { id: 1, customer: 'a', note: null },
      ORDER_AVRO,
    );
    assert.deepEqual(registry.listSubjects(), [':.staging:orders-value']);
    await new SchemaRegistryDeserializer(recording, { contextName: 'staging' }).deserialize(bytes);
    await new SchemaRegistryDeserializer(recording).deserialize(bytes);
    assert.deepEqual(seen, [':.staging:', undefined]);
  });
});
