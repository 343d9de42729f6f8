import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BigDecimal,
  ConnectDate,
  ConnectHeaders,
  DataException,
  Decimal,
  parseString,
  SchemaBuilder,
  SchemaBuilderException,
  Schemas,
  SinkRecord,
  SourceRecord,
  Struct,
  Time,
  Timestamp,
  bigIntToBytes,
  bytesToBigInt,
  validateValue,
} from '@libs/connect-spi';

const person = SchemaBuilder.struct()
  .name('com.acme.Person')
  .version(2)
  .doc('a person')
  .field('id', Schemas.INT64_SCHEMA)
  .field('name', Schemas.OPTIONAL_STRING_SCHEMA)
  .field('age', SchemaBuilder.int32().defaultValue(18).build())
  .build();

describe('Schema and SchemaBuilder', () => {
  it('builds struct schemas with fields in order and metadata', () => {
    assert.equal(person.type, 'STRUCT');
    assert.deepEqual(
      person.fields.map((f) => [f.name, f.index]),
      [
        ['id', 0],
        ['name', 1],
        ['age', 2],
      ],
    );
    assert.equal(person.name, 'com.acme.Person');
    assert.equal(person.version, 2);
    assert.equal(person.field('age')!.schema.defaultValue, 18);
    assert.equal(person.field('nope'), null);
  });

  it('compares schemas structurally', () => {
    const a = SchemaBuilder.map(Schemas.STRING_SCHEMA, Schemas.INT32_SCHEMA).optional().build();
    const b = SchemaBuilder.map(Schemas.STRING_SCHEMA, Schemas.INT32_SCHEMA).optional().build();
    assert.ok(a.equals(b));
    assert.ok(!a.equals(SchemaBuilder.map(Schemas.STRING_SCHEMA, Schemas.INT64_SCHEMA).optional().build()));
  });

  it('rejects setting an attribute twice, bad defaults, duplicate fields', () => {
    assert.throws(() => SchemaBuilder.string().name('a').name('b'), /name has already been set/);
    assert.throws(() => SchemaBuilder.int8().defaultValue(300), SchemaBuilderException);
    assert.throws(
      () => SchemaBuilder.struct().field('a', Schemas.INT8_SCHEMA).field('a', Schemas.INT8_SCHEMA),
      /duplication/,
    );
    assert.throws(() => SchemaBuilder.int32().field('a', Schemas.INT8_SCHEMA), /Cannot create fields/);
  });
});

describe('Struct', () => {
  it('puts, gets with defaults, validates', () => {
    const s = new Struct(person).put('id', 7).put('name', 'Ada');
    assert.equal(s.get('id'), 7);
    assert.equal(s.get('age'), 18, 'default used for null');
    assert.equal(s.getWithoutDefault('age'), null);
    s.validate();
    assert.equal(s.toString(), 'Struct{id=7,name=Ada}');
  });

  it('rejects wrong types, unknown fields and missing required fields', () => {
    const s = new Struct(person);
    assert.throws(() => s.put('id', 'x'), DataException);
    assert.throws(() => s.put('nope', 1), /nope is not a valid field name/);
    assert.throws(() => s.validate(), /Invalid value: null used for required field: "id"/);
    assert.throws(() => new Struct(Schemas.INT32_SCHEMA), /Not a struct schema/);
  });

  it('checks int ranges and accepts bigint for INT64', () => {
    assert.throws(() => validateValue(Schemas.INT8_SCHEMA, 128));
    assert.throws(() => validateValue(Schemas.INT32_SCHEMA, 1.5));
    validateValue(Schemas.INT64_SCHEMA, 2n ** 62n);
    validateValue(Schemas.FLOAT32_SCHEMA, 1.5);
    validateValue(Schemas.BYTES_SCHEMA, Buffer.from('a'));
  });

  it('compares structs by value', () => {
    const a = new Struct(person).put('id', 1);
    const b = new Struct(person).put('id', 1);
    assert.ok(a.equals(b));
    b.put('name', 'x');
    assert.ok(!a.equals(b));
  });

  it('validates nested arrays, maps and structs', () => {
    const schema = SchemaBuilder.struct()
      .field('tags', SchemaBuilder.array(Schemas.STRING_SCHEMA))
      .field('attrs', SchemaBuilder.map(Schemas.STRING_SCHEMA, Schemas.INT64_SCHEMA))
      .field('who', person)
      .build();
    const s = new Struct(schema)
      .put('tags', ['a'])
      .put('attrs', new Map([['x', 1]]))
      .put('who', new Struct(person).put('id', 1));
    s.validate();
    assert.throws(() => s.put('tags', [1]), DataException);
    s.put('attrs', { y: 2 });
  });
});

describe('logical types', () => {
  it('Decimal encodes unscaled two-complement big-endian bytes', () => {
    const schema = Decimal.schema(2);
    assert.equal(Decimal.fromLogical(schema, BigDecimal.fromString('12.34')).toString('base64'), 'BNI=');
    assert.equal(Decimal.toLogical(schema, Buffer.from('BNI=', 'base64')).toString(), '12.34');
    assert.equal(
      Decimal.toLogical(schema, Decimal.fromLogical(schema, BigDecimal.fromString('-0.01'))).toString(),
      '-0.01',
    );
    assert.throws(() => Decimal.fromLogical(schema, BigDecimal.fromString('1.5')), /mismatching scale/);
    for (const v of [0n, 127n, 128n, -128n, -129n, 255n, 2n ** 70n, -(2n ** 70n)])
      assert.equal(bytesToBigInt(bigIntToBytes(v)), v);
    assert.deepEqual([...bigIntToBytes(128n)], [0, 128]);
    assert.deepEqual([...bigIntToBytes(-128n)], [128]);
  });

  it('Date, Time, Timestamp convert to their internal numbers', () => {
    assert.equal(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date('2024-03-15T00:00:00Z')), 19797);
    assert.throws(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date('2024-03-15T01:00:00Z')), /time fields/);
    assert.equal(Time.fromLogical(Time.SCHEMA, new Date(3_600_000)), 3_600_000);
    assert.throws(() => Time.fromLogical(Time.SCHEMA, new Date('2024-03-15T01:00:00Z')), /date fields/);
    assert.equal(Timestamp.toLogical(Timestamp.SCHEMA, 1700000000000).toISOString(), '2023-11-14T22:13:20.000Z');
    assert.equal(Timestamp.SCHEMA.name, 'org.apache.kafka.connect.data.Timestamp');
  });

  it('BigDecimal parses, rescales with HALF_UP and prints plainly', () => {
    assert.equal(BigDecimal.fromString('1.25').setScale(1).toString(), '1.3');
    assert.equal(BigDecimal.fromString('-1.25').setScale(1).toString(), '-1.3');
    assert.equal(BigDecimal.fromString('1e3').toString(), '1000');
    assert.equal(BigDecimal.fromString('0.005').toString(), '0.005');
    assert.equal(BigDecimal.fromNumber(2.5).toNumber(), 2.5);
  });

  it('BigDecimal reads plain decimal text exactly, the short and the long way alike', () => {
    const cases: [string, bigint, number][] = [
      ['-1234.56', -123456n, 2],
      ['0.00', 0n, 2],
      ['-0.5', -5n, 1],
      ['.5', 5n, 1],
      ['5.', 5n, 0],
      ['999999999999999', 999999999999999n, 0], // 15 digits: the short way
      ['9007199254740993', 9007199254740993n, 0], // 16 digits: beyond a double, the long way
      ['-90071992547409.93', -9007199254740993n, 2],
      ['+7.10', 710n, 2],
      [' 7.1 ', 71n, 1],
    ];
    for (const [text, unscaled, scale] of cases) {
      const d = BigDecimal.fromString(text);
      assert.deepEqual([d.unscaled, d.scale], [unscaled, scale], text);
    }
    for (const bad of ['', '-', '.', '1.2.3', '1-2', 'abc']) assert.throws(() => BigDecimal.fromString(bad), bad);
  });
});

describe('Values.parseString', () => {
  it('infers types like Kafka Connect', () => {
    assert.equal(parseString('true').schema, Schemas.BOOLEAN_SCHEMA);
    assert.deepEqual(parseString('42'), { schema: Schemas.INT8_SCHEMA, value: 42 });
    assert.equal(parseString('40000').schema, Schemas.INT32_SCHEMA);
    assert.equal(parseString('1.5').schema!.type, 'FLOAT32');
    assert.deepEqual(parseString('datagen'), { schema: Schemas.STRING_SCHEMA, value: 'datagen' });
    assert.equal(parseString('2024-03-15').schema!.name, ConnectDate.LOGICAL_NAME);
    assert.deepEqual(parseString('[1,2]').value, [1, 2]);
    assert.equal(parseString('[1,2]').schema!.type, 'ARRAY');
    const m = parseString('{a:1}').value as Map<unknown, unknown>;
    assert.equal(m.get('a'), 1);
  });
});

describe('ConnectHeaders', () => {
  it('keeps order and duplicates; removes and retains latest', () => {
    const h = new ConnectHeaders()
      .addString('X-Trace', 'a')
      .addInt('id', 1)
      .addString('X-Debug', 'b')
      .addString('X-Trace', 'c');
    assert.equal(h.size, 4);
    assert.equal(h.lastWithName('X-Trace')!.value, 'c');
    assert.equal(h.allWithName('X-Trace').length, 2);
    const dup = h.duplicate().remove('X-Trace');
    assert.deepEqual(
      dup.toArray().map((x) => x.key),
      ['id', 'X-Debug'],
    );
    assert.equal(h.size, 4, 'duplicate is independent');
    h.retainLatest();
    assert.deepEqual(
      h.toArray().map((x) => `${x.key}=${String(x.value)}`),
      ['id=1', 'X-Debug=b', 'X-Trace=c'],
    );
  });
});

describe('records', () => {
  it('SinkRecord.newRecord keeps offset, timestamp type and original coordinates', () => {
    const r = new SinkRecord(
      'orders',
      2,
      null,
      'k',
      null,
      { a: 1 },
      17,
      1000,
      'CreateTime',
      new ConnectHeaders().addString('h', 'v'),
    );
    const n = r.newRecord('orders-clean', 3, null, 'k2', null, null, 2000);
    assert.equal(n.topic, 'orders-clean');
    assert.equal(n.kafkaOffset, 17);
    assert.equal(n.timestampType, 'CreateTime');
    assert.equal(n.originalTopic, 'orders');
    assert.equal(n.originalKafkaPartition, 2);
    assert.equal(n.headers.size, 1);
    n.headers.addString('x', 'y');
    assert.equal(r.headers.size, 1, 'headers duplicated, not shared');
  });

  it('SourceRecord.newRecord keeps source partition and offset', () => {
    const r = SourceRecord.of({ table: 't' }, { pos: 5 }, 'topic', Schemas.STRING_SCHEMA, 'v');
    const n = r.newRecord('other', null, null, null, null, 'w', null, []);
    assert.deepEqual(n.sourcePartition, { table: 't' });
    assert.deepEqual(n.sourceOffset, { pos: 5 });
    assert.equal(n.headers.size, 0);
  });
});
