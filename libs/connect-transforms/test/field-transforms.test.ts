import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BigDecimal,
  ConfigException,
  ConnectDate,
  DataException,
  Decimal,
  SchemaBuilder,
  Schemas,
  Struct,
  Time,
  Timestamp,
} from '@libs/connect-spi';
import { K, sinkRecord, smt, sourceRecord } from './helpers';

const person = SchemaBuilder.struct()
  .name('com.acme.Person')
  .version(3)
  .field('fname', Schemas.STRING_SCHEMA)
  .field('ssn', Schemas.OPTIONAL_STRING_SCHEMA)
  .field('age', Schemas.INT32_SCHEMA)
  .build();
const ada = () => new Struct(person).put('fname', 'Ada').put('ssn', '1').put('age', 36);

describe('Cast', () => {
  it('schemaless example: amount:int32,active:boolean', () => {
    const r = smt(K + 'Cast$Value', { spec: 'amount:int32,active:boolean' }).apply(
      sinkRecord({ value: { id: 7, amount: 12.9, active: 0 } }),
    )!;
    assert.deepEqual(r.value, { id: 7, amount: 12, active: false });
  });

  it('whole-value example: key Long 42 (int64) → "42" with string schema', () => {
    const r = smt(K + 'Cast$Key', { spec: 'string' }).apply(sinkRecord({ keySchema: Schemas.INT64_SCHEMA, key: 42 }))!;
    assert.equal(r.key, '42');
    assert.equal(r.keySchema!.type, 'STRING');
  });

  it('narrows like Java: 300 → int8 44, 0.7 → boolean false, strings parsed strictly', () => {
    const c = smt(K + 'Cast$Value', { spec: 'a:int8,b:boolean,c:int32,d:float64,e:string,f:boolean' });
    const r = c.apply(sinkRecord({ value: { a: 300, b: 0.7, c: '123', d: '1.5', e: 2.5, f: 'TRUE' } }))!;
    assert.deepEqual(r.value, { a: 44, b: false, c: 123, d: 1.5, e: '2.5', f: true });
    assert.throws(
      () => smt(K + 'Cast$Value', { spec: 'c:int32' }).apply(sinkRecord({ value: { c: '1.5' } })),
      /Value \(1\.5\) was out of range for requested data type/,
    );
  });

  it('adds missing listed fields as null in schemaless mode and passes tombstones', () => {
    const c = smt(K + 'Cast$Value', { spec: 'missing:int32' });
    assert.deepEqual(c.apply(sinkRecord({ value: { a: 1 } }))!.value, { a: 1, missing: null });
    const tomb = sinkRecord({ value: null });
    assert.equal(c.apply(tomb), tomb);
  });

  it('rebuilds struct schemas: target primitive, optional and defaults kept, logical names dropped', () => {
    const schema = SchemaBuilder.struct()
      .name('s')
      .field('id', Schemas.INT64_SCHEMA)
      .field('score', SchemaBuilder.float64().optional().defaultValue(2.5))
      .field('day', ConnectDate.SCHEMA)
      .field('price', Decimal.schema(2))
      .build();
    const v = new Struct(schema)
      .put('id', 5)
      .put('day', new Date('2024-03-15T00:00:00Z'))
      .put('price', BigDecimal.fromString('12.34'));
    const r = smt(K + 'Cast$Value', { spec: 'id:string,score:int32,day:int32,price:float64' }).apply(
      sinkRecord({ valueSchema: schema, value: v }),
    )!;
    const s = r.valueSchema!;
    assert.equal(s.name, 's');
    assert.equal(s.field('id')!.schema.type, 'STRING');
    assert.equal(s.field('score')!.schema.optional, true);
    assert.equal(s.field('score')!.schema.defaultValue, 2);
    assert.equal(s.field('day')!.schema.name, null);
    const out = r.value as Struct;
    assert.equal(out.get('id'), '5');
    assert.equal(out.get('score'), 2, 'null field reads the default (replace.null.with.default) then casts');
    assert.equal(out.get('day'), 19797);
    assert.equal(out.get('price'), 12.34);
  });

  it('casts bytes only to string (base64) and formats dates', () => {
    assert.equal(
      smt(K + 'Cast$Value', { spec: 'string' }).apply(
        sinkRecord({ valueSchema: Schemas.BYTES_SCHEMA, value: Buffer.from('hi') }),
      )!.value,
      'aGk=',
    );
    assert.throws(
      () =>
        smt(K + 'Cast$Value', { spec: 'int32' }).apply(
          sinkRecord({ valueSchema: Schemas.BYTES_SCHEMA, value: Buffer.from('hi') }),
        ),
      DataException,
    );
    const tsSchema = SchemaBuilder.struct()
      .field('t', Timestamp.SCHEMA)
      .field('d', ConnectDate.SCHEMA)
      .field('tm', Time.SCHEMA)
      .build();
    const v = new Struct(tsSchema)
      .put('t', new Date(1700000000000))
      .put('d', new Date('2024-03-15T00:00:00Z'))
      .put('tm', new Date(3723004));
    const r = smt(K + 'Cast$Value', { spec: 't:string,d:string,tm:string' }).apply(
      sinkRecord({ valueSchema: tsSchema, value: v }),
    )!.value as Struct;
    assert.equal(r.get('t'), '2023-11-14T22:13:20.000Z');
    assert.equal(r.get('d'), '2024-03-15');
    assert.equal(r.get('tm'), '01:02:03.004Z');
  });

  it('rejects invalid specs', () => {
    assert.throws(() => smt(K + 'Cast$Value', { spec: 'a:int33' }), /Invalid type found in casting spec: int33/);
    assert.throws(() => smt(K + 'Cast$Value', { spec: 'a:bytes' }), /does not support casting to\/from BYTES/);
    assert.throws(() => smt(K + 'Cast$Value', { spec: 'int32,a:int8' }), /may ony specify a single cast/);
    assert.throws(() => smt(K + 'Cast$Value', { spec: '' }), /Must specify at least one field to cast/);
    assert.throws(() => smt(K + 'Cast$Value', {}), /Missing required configuration "spec"/);
    assert.throws(() => smt(K + 'Cast$Value', { spec: 'a:b:c' }), /Invalid rename mapping/);
  });

  it('requires a map without schema', () => {
    assert.throws(
      () => smt(K + 'Cast$Value', { spec: 'a:int8' }).apply(sinkRecord({ value: 'str' })),
      /Only Map objects supported in absence of schema for \[cast types\], found: java.lang.String/,
    );
  });
});

describe('ReplaceField', () => {
  it('example, schemaless and struct (renamed field keeps position)', () => {
    const t = smt(K + 'ReplaceField$Value', { exclude: 'ssn', renames: 'fname:first_name' });
    assert.deepEqual(t.apply(sinkRecord({ value: { fname: 'Ada', ssn: '1', age: 36 } }))!.value, {
      first_name: 'Ada',
      age: 36,
    });
    const r = t.apply(sinkRecord({ valueSchema: person, value: ada() }))!;
    assert.deepEqual(
      r.valueSchema!.fields.map((f) => f.name),
      ['first_name', 'age'],
    );
    assert.equal(r.valueSchema!.name, 'com.acme.Person');
    assert.equal((r.value as Struct).get('first_name'), 'Ada');
  });

  it('include keeps only listed fields; exclude wins; old whitelist/blacklist names work', () => {
    assert.deepEqual(
      smt(K + 'ReplaceField$Value', { include: 'a,b', exclude: 'b' }).apply(
        sinkRecord({ value: { a: 1, b: 2, c: 3 } }),
      )!.value,
      { a: 1 },
    );
    assert.deepEqual(
      smt(K + 'ReplaceField$Value', { whitelist: 'a,b' }).apply(sinkRecord({ value: { a: 1, b: 2, c: 3 } }))!.value,
      { a: 1, b: 2 },
    );
    assert.deepEqual(
      smt(K + 'ReplaceField$Value', { blacklist: 'a' }).apply(sinkRecord({ value: { a: 1, b: 2 } }))!.value,
      { b: 2 },
    );
  });

  it('passes tombstones and rejects bad rename mappings', () => {
    const t = smt(K + 'ReplaceField$Key', { exclude: 'x' });
    const rec = sinkRecord({ key: null });
    assert.equal(t.apply(rec), rec);
    assert.throws(() => smt(K + 'ReplaceField$Value', { renames: 'a' }), /Invalid rename mapping: a/);
  });
});

describe('InsertField', () => {
  const cfg = {
    'topic.field': 'src_topic',
    'offset.field': 'src_offset!',
    'static.field': 'origin',
    'static.value': 'dc1',
  };

  it('example on a sink record (schemaless and struct)', () => {
    const t = smt(K + 'InsertField$Value', cfg);
    assert.deepEqual(t.apply(sinkRecord({ value: { id: 1 } }))!.value, {
      id: 1,
      src_topic: 'orders',
      src_offset: 9,
      origin: 'dc1',
    });
    const schema = SchemaBuilder.struct().field('id', Schemas.INT32_SCHEMA).build();
    const r = t.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema).put('id', 1) }))!;
    const s = r.valueSchema!;
    assert.deepEqual(
      s.fields.map((f) => [f.name, f.schema.type, f.schema.optional]),
      [
        ['id', 'INT32', false],
        ['src_topic', 'STRING', true],
        ['src_offset', 'INT64', false],
        ['origin', 'STRING', true],
      ],
    );
    assert.equal((r.value as Struct).get('src_offset'), 9);
  });

  it('timestamp: Date in struct mode, raw epoch ms schemaless; partition skipped when null', () => {
    const t = smt(K + 'InsertField$Value', { 'timestamp.field': 'ts', 'partition.field': 'p' });
    assert.deepEqual(t.apply(sinkRecord({ value: {}, partition: null }))!.value, { ts: 1700000000000 });
    const schema = SchemaBuilder.struct().field('id', Schemas.INT32_SCHEMA).build();
    const r = t.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema).put('id', 1) }))!;
    assert.deepEqual((r.value as Struct).get('ts'), new Date(1700000000000));
    assert.equal(r.valueSchema!.field('ts')!.schema.name, Timestamp.LOGICAL_NAME);
    assert.equal((r.value as Struct).get('p'), 0);
  });

  it('tombstones unchanged; offset on source record fails; config errors', () => {
    const t = smt(K + 'InsertField$Value', cfg);
    const tomb = sinkRecord({ value: null });
    assert.equal(t.apply(tomb), tomb);
    assert.throws(() => t.apply(sourceRecord({ id: 1 }) as never), /Only SinkRecord supported for \[field insertion\]/);
    assert.throws(() => smt(K + 'InsertField$Value', {}), /No field insertion configured/);
    assert.throws(
      () => smt(K + 'InsertField$Value', { 'static.field': 'x' }),
      /No value specified for static field: x/,
    );
  });
});

describe('MaskField', () => {
  it('example: replacement fails on an integer, no replacement gives empty values', () => {
    assert.throws(
      () =>
        smt(K + 'MaskField$Value', { fields: 'card,cvv', replacement: '****' }).apply(
          sinkRecord({ value: { card: '4111', cvv: 123 } }),
        ),
      DataException,
    );
    assert.deepEqual(
      smt(K + 'MaskField$Value', { fields: 'card,cvv' }).apply(sinkRecord({ value: { card: '4111', cvv: 123 } }))!
        .value,
      { card: '', cvv: 0 },
    );
  });

  it('masks by type, keeps the schema, parses numeric replacements into the field type', () => {
    const schema = SchemaBuilder.struct()
      .field('b', Schemas.BOOLEAN_SCHEMA)
      .field('n', Schemas.INT16_SCHEMA)
      .field('s', Schemas.STRING_SCHEMA)
      .field('l', SchemaBuilder.array(Schemas.INT32_SCHEMA))
      .field('o', Schemas.OPTIONAL_STRING_SCHEMA)
      .build();
    const v = new Struct(schema).put('b', true).put('n', 5).put('s', 'x').put('l', [1]);
    const r = smt(K + 'MaskField$Value', { fields: 'b,n,s,l,o' }).apply(sinkRecord({ valueSchema: schema, value: v }))!;
    assert.equal(r.valueSchema, schema);
    assert.deepEqual([...['b', 'n', 's', 'l', 'o'].map((f) => (r.value as Struct).get(f))], [false, 0, '', [], null]);
    const r2 = smt(K + 'MaskField$Value', { fields: 'n', replacement: '42' }).apply(
      sinkRecord({ valueSchema: schema, value: v }),
    )!;
    assert.equal((r2.value as Struct).get('n'), 42);
    assert.throws(
      () =>
        smt(K + 'MaskField$Value', { fields: 'n', replacement: '70000' }).apply(
          sinkRecord({ valueSchema: schema, value: v }),
        ),
      /Unable to convert 70000/,
    );
    assert.throws(
      () =>
        smt(K + 'MaskField$Value', { fields: 'b', replacement: 'x' }).apply(
          sinkRecord({ valueSchema: schema, value: v }),
        ),
      /Cannot mask value of type java.lang.Boolean with custom replacement/,
    );
  });

  it('rejects tombstones, bytes, and empty configs', () => {
    assert.throws(
      () => smt(K + 'MaskField$Value', { fields: 'a' }).apply(sinkRecord({ value: null })),
      /Only Map objects supported in absence of schema for \[mask fields\], found: null/,
    );
    assert.throws(
      () => smt(K + 'MaskField$Value', { fields: 'a' }).apply(sinkRecord({ value: { a: Buffer.from('x') } })),
      /Cannot mask value of type/,
    );
    assert.throws(() => smt(K + 'MaskField$Value', { fields: '' }), ConfigException);
    assert.throws(() => smt(K + 'MaskField$Value', { fields: 'a', replacement: '' }), /String must be non-empty/);
  });
});

describe('ValueToKey', () => {
  it('example, schemaless and struct; missing fields', () => {
    const t = smt(K + 'ValueToKey', { fields: 'id,region' });
    const r = t.apply(sinkRecord({ value: { id: 5, region: 'eu', x: 1 } }))!;
    assert.deepEqual(r.key, { id: 5, region: 'eu' });
    assert.equal(r.keySchema, null);
    assert.deepEqual(t.apply(sinkRecord({ value: { id: 5 } }))!.key, { id: 5, region: null });
    const schema = SchemaBuilder.struct()
      .field('region', Schemas.STRING_SCHEMA)
      .field('id', Schemas.INT32_SCHEMA)
      .build();
    const rs = t.apply(
      sinkRecord({ valueSchema: schema, value: new Struct(schema).put('id', 5).put('region', 'eu') }),
    )!;
    assert.deepEqual(
      rs.keySchema!.fields.map((f) => f.name),
      ['id', 'region'],
    );
    assert.equal((rs.key as Struct).get('region'), 'eu');
    assert.throws(
      () =>
        smt(K + 'ValueToKey', { fields: 'nope' }).apply(
          sinkRecord({ valueSchema: schema, value: new Struct(schema).put('id', 5).put('region', 'eu') }),
        ),
      /Field does not exist: nope/,
    );
    assert.throws(() => t.apply(sinkRecord({ value: null })), DataException);
  });

  it('ValueToKey then ExtractField$Key gives a primitive key', () => {
    const r1 = smt(K + 'ValueToKey', { fields: 'id' }).apply(sinkRecord({ value: { id: 5 } }))!;
    assert.equal(smt(K + 'ExtractField$Key', { field: 'id' }).apply(r1)!.key, 5);
  });
});

describe('ExtractField', () => {
  it('examples: V1 top-level and V2 nested path', () => {
    assert.equal(
      smt(K + 'ExtractField$Value', { field: 'id' }).apply(sinkRecord({ value: { id: 42, name: 'x' } }))!.value,
      42,
    );
    assert.equal(
      smt(K + 'ExtractField$Value', { field: 'address.city', 'field.syntax.version': 'v2' }).apply(
        sinkRecord({ value: { address: { city: 'Oslo' } } }),
      )!.value,
      'Oslo',
    );
    assert.equal(
      smt(K + 'ExtractField$Value', { field: '`a.b`.c', 'field.syntax.version': 'V2' }).apply(
        sinkRecord({ value: { 'a.b': { c: 1 } } }),
      )!.value,
      1,
    );
    assert.equal(smt(K + 'ExtractField$Value', { field: 'a.b' }).apply(sinkRecord({ value: { 'a.b': 7 } }))!.value, 7);
  });

  it('struct mode: schema becomes the field schema; unknown field fails even for null values', () => {
    const r = smt(K + 'ExtractField$Value', { field: 'age' }).apply(sinkRecord({ valueSchema: person, value: ada() }))!;
    assert.equal(r.value, 36);
    assert.equal(r.valueSchema, Schemas.INT32_SCHEMA);
    const n = smt(K + 'ExtractField$Value', { field: 'age' }).apply(sinkRecord({ valueSchema: person, value: null }))!;
    assert.equal(n.value, null);
    assert.equal(n.valueSchema, Schemas.INT32_SCHEMA);
    assert.throws(
      () => smt(K + 'ExtractField$Value', { field: 'nope' }).apply(sinkRecord({ valueSchema: person, value: null })),
      /Unknown field: nope/,
    );
    assert.equal(smt(K + 'ExtractField$Value', { field: 'nope' }).apply(sinkRecord({ value: { a: 1 } }))!.value, null);
    assert.throws(
      () => smt(K + 'ExtractField$Value', { field: 'a', 'field.syntax.version': 'V3' }),
      /case insensitive/,
    );
  });
});

describe('HoistField', () => {
  it('examples: schema string → struct{line}, schemaless map, null still wrapped', () => {
    const t = smt(K + 'HoistField$Value', { field: 'line' });
    const r = t.apply(sinkRecord({ valueSchema: Schemas.STRING_SCHEMA, value: 'hello' }))!;
    assert.equal((r.value as Struct).get('line'), 'hello');
    assert.deepEqual(
      r.valueSchema!.fields.map((f) => [f.name, f.schema.type]),
      [['line', 'STRING']],
    );
    assert.deepEqual(t.apply(sinkRecord({ value: 'foo' }))!.value, { line: 'foo' });
    assert.deepEqual(t.apply(sinkRecord({ value: null }))!.value, { line: null });
  });
});

describe('Flatten', () => {
  it('example with delimiter _ (schemaless)', () => {
    const r = smt(K + 'Flatten$Value', { delimiter: '_' }).apply(
      sinkRecord({ value: { id: 1, addr: { city: 'Oslo', geo: { lat: 59.9 } }, tags: ['a'] } }),
    )!;
    assert.deepEqual(r.value, { id: 1, addr_city: 'Oslo', addr_geo_lat: 59.9, tags: ['a'] });
    assert.deepEqual(Object.keys(r.value as object), ['id', 'addr_city', 'addr_geo_lat', 'tags']);
  });

  it('struct mode: nested structs flattened, optional from ancestors, MAP rejected', () => {
    const geo = SchemaBuilder.struct().field('lat', Schemas.FLOAT64_SCHEMA).build();
    const addr = SchemaBuilder.struct().optional().field('city', Schemas.STRING_SCHEMA).field('geo', geo).build();
    const schema = SchemaBuilder.struct()
      .field('id', Schemas.INT32_SCHEMA)
      .field('addr', addr)
      .field('tags', SchemaBuilder.array(Schemas.STRING_SCHEMA))
      .build();
    const v = new Struct(schema)
      .put('id', 1)
      .put('tags', ['a'])
      .put('addr', new Struct(addr).put('city', 'Oslo').put('geo', new Struct(geo).put('lat', 59.9)));
    const r = smt(K + 'Flatten$Value', {}).apply(sinkRecord({ valueSchema: schema, value: v }))!;
    assert.deepEqual(
      r.valueSchema!.fields.map((f) => [f.name, f.schema.optional]),
      [
        ['id', false],
        ['addr.city', true],
        ['addr.geo.lat', true],
        ['tags', false],
      ],
    );
    assert.equal((r.value as Struct).get('addr.geo.lat'), 59.9);
    const withMap = SchemaBuilder.struct()
      .field('m', SchemaBuilder.map(Schemas.STRING_SCHEMA, Schemas.STRING_SCHEMA))
      .build();
    assert.throws(
      () =>
        smt(K + 'Flatten$Value', {}).apply(
          sinkRecord({ valueSchema: withMap, value: new Struct(withMap).put('m', new Map()) }),
        ),
      /Flatten transformation does not support MAP for record with schemas \(for field m\)/,
    );
  });
});

describe('SetSchemaMetadata', () => {
  it('example: renames the schema, data unchanged', () => {
    const schema = SchemaBuilder.struct().name('ksql.orders').field('id', Schemas.INT32_SCHEMA).build();
    const r = smt(K + 'SetSchemaMetadata$Value', { 'schema.name': 'com.acme.Order', 'schema.version': '4' }).apply(
      sinkRecord({ valueSchema: schema, value: new Struct(schema).put('id', 1) }),
    )!;
    assert.equal(r.valueSchema!.name, 'com.acme.Order');
    assert.equal(r.valueSchema!.version, 4);
    assert.equal((r.value as Struct).schema, r.valueSchema);
    assert.equal((r.value as Struct).get('id'), 1);
  });

  it('null schema + null value unchanged; value without schema fails; config required', () => {
    const t = smt(K + 'SetSchemaMetadata$Value', { 'schema.name': 'x' });
    const tomb = sinkRecord({ value: null });
    assert.equal(t.apply(tomb), tomb);
    assert.throws(() => t.apply(sinkRecord({ value: { a: 1 } })), /Schema required for \[updating schema metadata\]/);
    assert.equal(
      t.apply(sinkRecord({ valueSchema: Schemas.OPTIONAL_STRING_SCHEMA, value: null }))!.valueSchema!.name,
      'x',
    );
    assert.throws(() => smt(K + 'SetSchemaMetadata$Value', {}), /Neither schema name nor version configured/);
    assert.throws(() => smt(K + 'SetSchemaMetadata$Value', { 'schema.version': 'x' }), /Not a number of type INT/);
  });
});

describe('TimestampConverter', () => {
  it('example: unix → string and unix → unix seconds (schemaless)', () => {
    const rec = sinkRecord({ value: { id: 1, ts: 1700000000000 } });
    assert.deepEqual(
      smt(K + 'TimestampConverter$Value', {
        field: 'ts',
        'target.type': 'string',
        format: "yyyy-MM-dd'T'HH:mm:ss'Z'",
      }).apply(rec)!.value,
      { id: 1, ts: '2023-11-14T22:13:20Z' },
    );
    // Kafka applies unix.precision to unix *input* too (KIP-808): unix→unix with the same precision is
    // identity (not 1700000000000 → 1700000000).
    assert.deepEqual(
      smt(K + 'TimestampConverter$Value', { field: 'ts', 'target.type': 'unix', 'unix.precision': 'seconds' }).apply(
        rec,
      )!.value,
      { id: 1, ts: 1700000000000 },
    );
    // Milliseconds → seconds needs a typed input, e.g. a Timestamp or a string:
    const tsSchema = SchemaBuilder.struct().field('id', Schemas.INT32_SCHEMA).field('ts', Timestamp.SCHEMA).build();
    const typed = sinkRecord({
      valueSchema: tsSchema,
      value: new Struct(tsSchema).put('id', 1).put('ts', new Date(1700000000000)),
    });
    assert.equal(
      (
        smt(K + 'TimestampConverter$Value', { field: 'ts', 'target.type': 'unix', 'unix.precision': 'seconds' }).apply(
          typed,
        )!.value as Struct
      ).get('ts'),
      1700000000,
    );
    assert.deepEqual(
      smt(K + 'TimestampConverter$Value', {
        field: 'ts',
        'target.type': 'string',
        format: "yyyy-MM-dd'T'HH:mm:ss'Z'",
        'unix.precision': 'seconds',
      }).apply(sinkRecord({ value: { ts: 1700000000 } }))!.value,
      { ts: '2023-11-14T22:13:20Z' },
    );
  });

  it('string → Timestamp/Date/Time with schemas, output optional when input optional', () => {
    const schema = SchemaBuilder.struct().field('ts', Schemas.OPTIONAL_STRING_SCHEMA).build();
    const v = new Struct(schema).put('ts', '2024-03-15 10:30:00');
    const mk = (target: string) =>
      smt(K + 'TimestampConverter$Value', { field: 'ts', 'target.type': target, format: 'yyyy-MM-dd HH:mm:ss' }).apply(
        sinkRecord({ valueSchema: schema, value: v }),
      )!;
    const ts = mk('Timestamp');
    assert.equal(ts.valueSchema!.field('ts')!.schema.name, Timestamp.LOGICAL_NAME);
    assert.equal(ts.valueSchema!.field('ts')!.schema.optional, true);
    assert.equal(((ts.value as Struct).get('ts') as Date).toISOString(), '2024-03-15T10:30:00.000Z');
    assert.equal(((mk('Date').value as Struct).get('ts') as Date).toISOString(), '2024-03-15T00:00:00.000Z');
    assert.equal(((mk('Time').value as Struct).get('ts') as Date).toISOString(), '1970-01-01T10:30:00.000Z');
    assert.equal((mk('unix').value as Struct).get('ts'), Date.UTC(2024, 2, 15, 10, 30));
  });

  it('whole value Timestamp → string; nulls stay null; unix precision on input', () => {
    const r = smt(K + 'TimestampConverter$Value', { 'target.type': 'string', format: 'yyyyMMdd' }).apply(
      sinkRecord({ valueSchema: Timestamp.SCHEMA, value: new Date(1700000000000) }),
    )!;
    assert.equal(r.value, '20231114');
    assert.equal(r.valueSchema, Schemas.STRING_SCHEMA);
    assert.deepEqual(
      smt(K + 'TimestampConverter$Value', { field: 'ts', 'target.type': 'unix' }).apply(
        sinkRecord({ value: { ts: null } }),
      )!.value,
      { ts: null },
    );
    const micros = smt(K + 'TimestampConverter$Value', {
      field: 't',
      'target.type': 'Timestamp',
      'unix.precision': 'microseconds',
    }).apply(sinkRecord({ value: { t: 1700000000000123 } }))!;
    assert.deepEqual((micros.value as { t: Date }).t, new Date(1700000000000));
  });

  it('errors: unsupported inputs, missing format, bad target, unparsable string, bad schema', () => {
    assert.throws(() => smt(K + 'TimestampConverter$Value', { 'target.type': 'string' }), /requires format option/);
    assert.throws(() => smt(K + 'TimestampConverter$Value', { 'target.type': 'timestamp' }), /String must be one of/);
    assert.throws(
      () =>
        smt(K + 'TimestampConverter$Value', { field: 't', 'target.type': 'unix' }).apply(
          sinkRecord({ value: { t: 1.5 } }),
        ),
      /does not support java.lang.Double objects as timestamps/,
    );
    assert.throws(
      () =>
        smt(K + 'TimestampConverter$Value', { field: 't', 'target.type': 'unix', format: 'yyyy-MM-dd' }).apply(
          sinkRecord({ value: { t: 'nope' } }),
        ),
      /Could not parse timestamp: value \(nope\) does not match pattern \(yyyy-MM-dd\)/,
    );
    const s = SchemaBuilder.struct().field('t', Schemas.INT32_SCHEMA).build();
    assert.throws(
      () =>
        smt(K + 'TimestampConverter$Value', { field: 't', 'target.type': 'unix' }).apply(
          sinkRecord({ valueSchema: s, value: new Struct(s).put('t', 1) }),
        ),
      /does not correspond to a known timestamp type format/,
    );
  });
});
