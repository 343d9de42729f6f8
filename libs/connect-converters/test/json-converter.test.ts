import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BigDecimal,
  ConnectDate,
  DataException,
  Decimal,
  SchemaBuilder,
  Schemas,
  Struct,
  Time,
  Timestamp,
} from '@libs/connect-spi';
import { ENVELOPE_ERROR, JsonConverter } from '@libs/connect-converters';

function conv(props: Record<string, string> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(props, false);
  return c;
}
const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));
const bytes = (s: string) => Buffer.from(s, 'utf8');

const orders = SchemaBuilder.struct()
  .name('ksql.orders')
  .field('orderid', Schemas.INT32_SCHEMA)
  .field('itemid', Schemas.STRING_SCHEMA)
  .field('orderunits', Schemas.FLOAT64_SCHEMA)
  .field('ordertime', Timestamp.SCHEMA)
  .field('price', Decimal.builder(2).optional())
  .field('tags', SchemaBuilder.array(Schemas.STRING_SCHEMA).optional())
  .field('attrs', SchemaBuilder.map(Schemas.STRING_SCHEMA, Schemas.OPTIONAL_INT64_SCHEMA).optional())
  .build();

function order(): Struct {
  return new Struct(orders)
    .put('orderid', 7)
    .put('itemid', 'Item_101')
    .put('orderunits', 2.5)
    .put('ordertime', new Date(1700000000000))
    .put('price', BigDecimal.fromString('12.34'))
    .put('tags', ['a'])
    .put('attrs', new Map([['x', 1]]));
}

describe('JsonConverter schemas.enable=true', () => {
  it("writes the envelope with Kafka's schema JSON vocabulary", () => {
    const out = JSON.parse(text(conv().fromConnectData('t', null, orders, order()))!);
    assert.deepEqual(Object.keys(out), ['schema', 'payload']);
    assert.deepEqual(out.payload, {
      orderid: 7,
      itemid: 'Item_101',
      orderunits: 2.5,
      ordertime: 1700000000000,
      price: 'BNI=',
      tags: ['a'],
      attrs: { x: 1 },
    });
    assert.equal(out.schema.type, 'struct');
    assert.equal(out.schema.name, 'ksql.orders');
    assert.equal(out.schema.optional, false);
    const f = Object.fromEntries(out.schema.fields.map((x: { field: string }) => [x.field, x]));
    assert.deepEqual(f.orderid, { type: 'int32', optional: false, field: 'orderid' });
    assert.deepEqual(f.orderunits, { type: 'double', optional: false, field: 'orderunits' });
    assert.deepEqual(f.ordertime, {
      type: 'int64',
      optional: false,
      name: 'org.apache.kafka.connect.data.Timestamp',
      version: 1,
      field: 'ordertime',
    });
    assert.deepEqual(f.price, {
      type: 'bytes',
      optional: true,
      name: 'org.apache.kafka.connect.data.Decimal',
      version: 1,
      parameters: { scale: '2' },
      field: 'price',
    });
    assert.deepEqual(f.tags, {
      type: 'array',
      items: { type: 'string', optional: false },
      optional: true,
      field: 'tags',
    });
    assert.deepEqual(f.attrs, {
      type: 'map',
      keys: { type: 'string', optional: false },
      values: { type: 'int64', optional: true },
      optional: true,
      field: 'attrs',
    });
  });

  it('round-trips structs with logical types', () => {
    const c = conv();
    const back = c.toConnectData('t', null, c.fromConnectData('t', null, orders, order()));
    assert.ok(back.schema!.equals(orders));
    assert.ok((back.value as Struct).equals(order()), String(back.value));
  });

  it('writes decimals as numbers with decimal.format=NUMERIC and reads both forms', () => {
    const schema = Decimal.schema(2);
    const c = conv({ 'decimal.format': 'NUMERIC' });
    assert.equal(
      text(c.fromConnectData('t', null, schema, BigDecimal.fromString('12.34'))),
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":12.34}',
    );
    const env = (p: string) =>
      bytes(
        `{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":${p}}`,
      );
    assert.equal(String(conv().toConnectData('t', null, env('12.34')).value), '12.34');
    assert.equal(String(conv().toConnectData('t', null, env('"BNI="')).value), '12.34');
  });

  it('writes floats with a fraction, bytes as base64, non-string-keyed maps as pairs', () => {
    const c = conv({ 'schemas.enable': 'false' });
    assert.equal(text(c.fromConnectData('t', null, Schemas.FLOAT64_SCHEMA, 1)), '1.0');
    assert.equal(text(c.fromConnectData('t', null, Schemas.BYTES_SCHEMA, Buffer.from('hi'))), '"aGk="');
    const m = SchemaBuilder.map(Schemas.INT32_SCHEMA, Schemas.STRING_SCHEMA).build();
    assert.equal(text(c.fromConnectData('t', null, m, new Map([[1, 'a']]))), '[[1,"a"]]');
    const back = conv().toConnectData('t', null, conv().fromConnectData('t', null, m, new Map([[1, 'a']])));
    assert.equal((back.value as Map<number, string>).get(1), 'a');
  });

  it('writes date and time logical values as numbers', () => {
    const c = conv({ 'schemas.enable': 'false' });
    assert.equal(text(c.fromConnectData('t', null, ConnectDate.SCHEMA, new Date('2024-03-15T00:00:00Z'))), '19797');
    assert.equal(text(c.fromConnectData('t', null, Time.SCHEMA, new Date(1000))), '1000');
  });

  it('treats null as tombstone and null payloads with a schema', () => {
    const c = conv();
    assert.equal(c.fromConnectData('t', null, null, null), null);
    assert.equal(
      text(c.fromConnectData('t', null, Schemas.OPTIONAL_STRING_SCHEMA, null)),
      '{"schema":{"type":"string","optional":true},"payload":null}',
    );
    assert.deepEqual(c.toConnectData('t', null, null), { schema: null, value: null });
  });

  it('applies defaults for null fields (replace.null.with.default)', () => {
    const s = SchemaBuilder.struct().field('n', SchemaBuilder.int32().optional().defaultValue(5)).build();
    const v = new Struct(s);
    assert.equal(text(conv({ 'schemas.enable': 'false' }).fromConnectData('t', null, s, v)), '{"n":5}');
    assert.equal(
      text(conv({ 'schemas.enable': 'false', 'replace.null.with.default': 'false' }).fromConnectData('t', null, s, v)),
      '{"n":null}',
    );
  });

  it('raises Kafka’s DataExceptions on bad input', () => {
    const c = conv();
    assert.throws(
      () => c.toConnectData('t', null, bytes('{"id":1}')),
      (e: Error) => e instanceof DataException && e.message === ENVELOPE_ERROR,
    );
    assert.throws(() => c.toConnectData('t', null, bytes('{"schema":null,"payload":1,"x":2}')), DataException);
    assert.throws(
      () => c.toConnectData('t', null, bytes('not-json')),
      (e: Error) =>
        e instanceof DataException &&
        e.message.startsWith('Converting byte[] to Kafka Connect data failed due to serialization error'),
    );
    assert.throws(
      () => c.toConnectData('t', null, bytes('{"schema":{"type":"nope"},"payload":1}')),
      /Unknown schema type: nope/,
    );
    assert.throws(
      () => c.toConnectData('t', null, bytes('{"schema":{"optional":false},"payload":1}')),
      /must contain 'type' field/,
    );
    assert.throws(
      () => c.fromConnectData('t', null, Schemas.INT32_SCHEMA, null),
      /null value for field that is required and has no default value/,
    );
    assert.throws(() => c.fromConnectData('t', null, Schemas.INT32_SCHEMA, 'x'), DataException);
    assert.throws(
      () => c.toConnectData('t', null, bytes('{"schema":{"type":"int32","optional":false},"payload":null}')),
      /Invalid null value for required INT32 field/,
    );
  });
});

describe('JsonConverter schemas.enable=false', () => {
  it('infers Map / List / INT64 / FLOAT64 values', () => {
    const c = conv({ 'schemas.enable': 'false' });
    const r = c.toConnectData(
      't',
      null,
      bytes('{"id":7,"amount":12.9,"one":1.0,"tags":["a"],"n":null,"ok":true,"big":12345678901234567890}'),
    );
    assert.equal(r.schema, null);
    assert.deepEqual(r.value, {
      id: 7,
      amount: 12.9,
      one: 1,
      tags: ['a'],
      n: null,
      ok: true,
      big: 12345678901234567890n,
    });
    assert.equal(
      text(c.fromConnectData('t', null, null, r.value)),
      '{"id":7,"amount":12.9,"one":1,"tags":["a"],"n":null,"ok":true,"big":12345678901234567890}',
    );
  });

  it('writes plain payloads using the schema for logical types only', () => {
    const c = conv({ 'schemas.enable': 'false' });
    assert.equal(
      text(c.fromConnectData('t', null, orders, order())),
      '{"orderid":7,"itemid":"Item_101","orderunits":2.5,"ordertime":1700000000000,"price":"BNI=","tags":["a"],"attrs":{"x":1}}',
    );
  });
});
