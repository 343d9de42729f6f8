import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BigDecimal, ConnectDate, Decimal, SchemaBuilder, Struct, Time, Timestamp } from '@libs/connect-spi';
import { InMemorySchemaRegistry } from '@libs/schema-registry';
import { AvroConverter, converterFor, deserializeWith, serializeWith } from '../src';

const inner = SchemaBuilder.struct()
  .name('shop.Address')
  .field('city', SchemaBuilder.string().build())
  .field('zip', SchemaBuilder.int64().optional().build())
  .build();
const schema = SchemaBuilder.struct()
  .name('shop.Order')
  .field('id', SchemaBuilder.int64().build())
  .field('small', SchemaBuilder.int16().build())
  .field('ok', SchemaBuilder.bool().build())
  .field('price', Decimal.builder(2).optional().build())
  .field('day', ConnectDate.builder().build())
  .field('at', Timestamp.builder().build())
  .field('blob', SchemaBuilder.bytes().optional().build())
  .field('tags', SchemaBuilder.array(SchemaBuilder.string().build()).build())
  .field('attrs', SchemaBuilder.map(SchemaBuilder.string().build(), SchemaBuilder.float64().build()).build())
  .field('address', inner)
  .field('note', SchemaBuilder.string().optional().build())
  .build();

function value(): Struct {
  return new Struct(schema)
    .put('id', 42)
    .put('small', 7)
    .put('ok', true)
    .put('price', new BigDecimal(12345n, 2))
    .put('day', new Date(Date.UTC(2024, 1, 29)))
    .put('at', new Date(1_700_000_000_123))
    .put('blob', Buffer.from([0, 1, 255]))
    .put('tags', ['a', 'b'])
    .put('attrs', new Map([['x', 1.5]]))
    .put('address', new Struct(inner).put('city', 'Paris').put('zip', 75001))
    .put('note', null);
}

test('Avro and JSON Schema converters round-trip Connect data (logical types, nested, optional)', async () => {
  const registry = new InMemorySchemaRegistry();
  for (const format of ['AVRO', 'JSON_SR'] as const) {
    const c = converterFor(format, { client: registry });
    const topic = `orders-${format.toLowerCase()}`;
    const bytes = (await serializeWith(c, topic, null, schema, value()))!;
    assert.equal(bytes[0], 0);
    const back = await deserializeWith(c, topic, null, bytes);
    const v = back.value as Struct;
    assert.equal(back.schema!.name, 'shop.Order', format);
    assert.equal(Number(v.get('id')), 42);
    assert.equal(v.get('small'), 7);
    assert.equal((v.get('price') as BigDecimal).toString(), '123.45');
    assert.equal((v.get('day') as Date).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal((v.get('at') as Date).getTime(), 1_700_000_000_123);
    assert.deepEqual([...(v.get('blob') as Buffer)], [0, 1, 255]);
    assert.deepEqual(v.get('tags'), ['a', 'b']);
    assert.equal((v.get('attrs') as Map<string, number>).get('x'), 1.5);
    assert.equal((v.get('address') as Struct).get('city'), 'Paris');
    assert.equal(v.get('note'), null);
    assert.equal(back.schema!.field('note')!.schema.optional, true);
    if (format === 'AVRO') assert.ok(v.equals(value()), 'Avro round trip is exact');
  }
  assert.deepEqual(registry.listSubjects().sort(), ['orders-avro-value', 'orders-json_sr-value']);
});

test('Protobuf converter round-trips through a generated proto3 schema', async () => {
  const registry = new InMemorySchemaRegistry();
  const c = converterFor('PROTOBUF', { client: registry });
  const bytes = (await serializeWith(c, 'orders', null, schema, value()))!;
  const back = await deserializeWith(c, 'orders', null, bytes);
  const v = back.value as Struct;
  assert.equal(back.schema!.name, 'shop.Order');
  assert.equal(v.get('id'), 42);
  assert.equal((v.get('price') as BigDecimal).toString(), '123.45'); // as confluent.type.Decimal
  assert.equal((v.get('at') as Date).getTime(), 1_700_000_000_123);
  assert.equal((v.get('address') as Struct).get('city'), 'Paris');
  assert.deepEqual(v.get('tags'), ['a', 'b']);
  const text = (await registry.getLatest('orders-value')).schema;
  assert.match(text, /syntax = "proto3";\npackage shop;/);
  assert.match(text, /message Order \{/);
});

test('key converter registers <topic>-key; auto.register.schemas=false looks up', async () => {
  const registry = new InMemorySchemaRegistry();
  const k = converterFor('AVRO', { client: registry }, true);
  await serializeWith(k, 'orders', null, inner, new Struct(inner).put('city', 'x'));
  assert.deepEqual(registry.listSubjects(), ['orders-key']);
  const noReg = new AvroConverter();
  noReg.configure({ 'schema.registry.client': registry, 'auto.register.schemas': 'false' }, false);
  await assert.rejects(
    async () => serializeWith(noReg, 'other', null, inner, new Struct(inner).put('city', 'x')),
    /subject other-value/,
  );
});

test('Avro: a Connect io.confluent.connect.avro.Union struct is written as an Avro union and reads back', async () => {
  const registry = new InMemorySchemaRegistry();
  const a = SchemaBuilder.struct().name('shop.A').field('a', SchemaBuilder.string().build()).optional().build();
  const b = SchemaBuilder.struct().name('shop.B').field('b', SchemaBuilder.int32().build()).optional().build();
  const simple = SchemaBuilder.struct()
    .name('io.confluent.connect.avro.Union')
    .field('int', SchemaBuilder.int32().optional().build())
    .field('string', SchemaBuilder.string().optional().build())
    .optional()
    .build();
  const records = SchemaBuilder.struct().name('io.confluent.connect.avro.Union').field('A', a).field('B', b).build();
  const s = SchemaBuilder.struct().name('shop.U').field('simple', simple).field('records', records).build();
  const v = new Struct(s)
    .put('simple', new Struct(simple).put('string', 'hi'))
    .put('records', new Struct(records).put('B', new Struct(b).put('b', 7)));
  const c = converterFor('AVRO', { client: registry });
  const bytes = (await serializeWith(c, 'unions', null, s, v))!;
  const avro = JSON.parse((await registry.getLatest('unions-value')).schema) as { fields: { type: unknown }[] };
  assert.deepEqual(avro.fields[0].type, ['null', 'int', 'string']);
  assert.deepEqual(
    (avro.fields[1].type as { name: string }[]).map((t) => t.name),
    ['A', 'B'],
  );
  const back = (await deserializeWith(c, 'unions', null, bytes)).value as Struct;
  assert.equal((back.get('simple') as Struct).get('string'), 'hi');
  assert.equal((back.get('simple') as Struct).get('int'), null);
  assert.equal(((back.get('records') as Struct).get('B') as Struct).get('b'), 7);
  assert.equal((back.get('records') as Struct).get('A'), null);
});

test('Protobuf: Date, Time and Decimal as Confluent writes them (google.type.Date, google.type.TimeOfDay, confluent.type.Decimal)', async () => {
  const registry = new InMemorySchemaRegistry();
  const s = SchemaBuilder.struct()
    .name('shop.Delivery')
    .field('day', ConnectDate.builder().build())
    .field('slot', Time.builder().build())
    .field('price', Decimal.builder(2).parameter('connect.decimal.precision', '7').build())
    .field('prices', SchemaBuilder.array(Decimal.builder(3).build()).build())
    .build();
  const v = new Struct(s)
    .put('day', new Date(Date.UTC(2024, 1, 29)))
    .put('slot', new Date(((13 * 60 + 45) * 60 + 30) * 1000 + 250))
    .put('price', new BigDecimal(-12345n, 2))
    .put('prices', [new BigDecimal(1n, 3), new BigDecimal(999999n, 3)]);
  const c = converterFor('PROTOBUF', { client: registry });
  const bytes = (await serializeWith(c, 'deliveries', null, s, v))!;
  const text = (await registry.getLatest('deliveries-value')).schema;
  assert.match(text, /import "google\/type\/date.proto";/);
  assert.match(text, /google\.type\.Date day = 1;/);
  assert.match(text, /google\.type\.TimeOfDay slot = 2;/);
  assert.match(
    text,
    /confluent\.type\.Decimal price = 3 \[\(confluent\.field_meta\) = \{ params: \[\{ key: "precision", value: "7" \}, \{ key: "scale", value: "2" \}\] \}\];/,
  );
  const back = await deserializeWith(c, 'deliveries', null, bytes);
  const r = back.value as Struct;
  assert.equal((r.get('day') as Date).toISOString(), '2024-02-29T00:00:00.000Z');
  assert.equal((r.get('slot') as Date).toISOString(), '1970-01-01T13:45:30.250Z');
  assert.equal((r.get('price') as BigDecimal).toString(), '-123.45');
  assert.equal(back.schema!.field('price')!.schema.parameters?.scale, '2');
  assert.deepEqual(
    (r.get('prices') as BigDecimal[]).map((d) => d.toString()),
    ['0.001', '999.999'],
  );
});
