import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfigInfos, ConfigException, SinkRecord } from '@libs/connect-spi';
import { defaultTransformRegistry, TransformationChain, validateTransformationConfig } from '@libs/connect-transforms';
import { K, sinkRecord } from './helpers';

describe('TransformationChain from connector config', () => {
  it('example: Filter on isFoo, ExtractField$Key negated on isBar', () => {
    const chain = TransformationChain.fromConfig<SinkRecord>({
      transforms: 'dropFoo,extract',
      'transforms.dropFoo.type': K + 'Filter',
      'transforms.dropFoo.predicate': 'isFoo',
      'transforms.extract.type': K + 'ExtractField$Key',
      'transforms.extract.field': 'id',
      'transforms.extract.predicate': 'isBar',
      'transforms.extract.negate': 'true',
      predicates: 'isFoo,isBar',
      'predicates.isFoo.type': K + 'predicates.TopicNameMatches',
      'predicates.isFoo.pattern': 'foo',
      'predicates.isBar.type': K + 'predicates.TopicNameMatches',
      'predicates.isBar.pattern': 'bar',
    });
    assert.equal(chain.stages.length, 2);
    assert.equal(chain.apply(sinkRecord({ topic: 'foo', key: { id: 1 } })), null, 'dropped by Filter');
    assert.equal(
      chain.apply(sinkRecord({ topic: 'bar', key: { id: 1 } }))!.key!.constructor,
      Object,
      'negated predicate true → not applied',
    );
    assert.equal(chain.apply(sinkRecord({ topic: 'baz', key: { id: 1 } }))!.key, 1);
  });

  it('drop tombstones before a sink and keep only eu.* topics', () => {
    const drop = TransformationChain.fromConfig<SinkRecord>({
      transforms: 'dropTombstones',
      'transforms.dropTombstones.type': K + 'Filter',
      'transforms.dropTombstones.predicate': 'isTombstone',
      predicates: 'isTombstone',
      'predicates.isTombstone.type': K + 'predicates.RecordIsTombstone',
    });
    assert.equal(drop.apply(sinkRecord({ value: null })), null);
    assert.ok(drop.apply(sinkRecord({ value: 1 })));
    const eu = TransformationChain.fromConfig<SinkRecord>({
      transforms: 'keepEu',
      'transforms.keepEu.type': 'Filter',
      'transforms.keepEu.predicate': 'isEu',
      'transforms.keepEu.negate': 'true',
      predicates: 'isEu',
      'predicates.isEu.type': 'TopicNameMatches',
      'predicates.isEu.pattern': 'eu\\..*',
    });
    assert.ok(eu.apply(sinkRecord({ topic: 'eu.orders' })));
    assert.equal(eu.apply(sinkRecord({ topic: 'us.orders' })), null);
  });

  it('a null result skips later transforms; no transforms is the identity', () => {
    const chain = TransformationChain.fromConfig<SinkRecord>({
      transforms: 'f,c',
      'transforms.f.type': K + 'Filter',
      'transforms.c.type': K + 'Cast$Value',
      'transforms.c.spec': 'int8',
    });
    assert.equal(chain.apply(sinkRecord({ value: 'not a number' })), null);
    const r = sinkRecord({});
    assert.equal(TransformationChain.fromConfig<SinkRecord>({}).apply(r), r);
  });

  it('strips implicit keys before configure and masks plugin keys of the same name', () => {
    const chain = TransformationChain.fromConfig<SinkRecord>({
      transforms: 'i',
      'transforms.i.type': K + 'InsertHeader',
      'transforms.i.header': 'h',
      'transforms.i.value.literal': 'v',
    });
    assert.equal(chain.apply(sinkRecord({}))!.headers.lastWithName('h')!.value, 'v');
  });

  it('throws a ConfigException listing every problem', () => {
    assert.throws(
      () =>
        TransformationChain.fromConfig({
          transforms: 'a,b',
          'transforms.a.type': 'com.nope.X',
          'transforms.b.type': K + 'Cast$Value',
        }),
      (e: Error) =>
        e instanceof ConfigException && /could not be found/.test(e.message) && /transforms\.b\.spec/.test(e.message),
    );
  });
});

describe('validateTransformationConfig', () => {
  it('reports errors keyed by full property path', () => {
    const v = validateTransformationConfig({
      transforms: 'c,c2,n,x,m',
      'transforms.c.type': K + 'Cast$Value',
      'transforms.c.spec': 'a:int33',
      'transforms.c2.type': K + 'Cast$Value',
      'transforms.n.type': K + 'InsertField$Value',
      'transforms.n.negate': 'true',
      'transforms.x.type': 'com.acme.Nope',
      'transforms.m.type': K + 'predicates.RecordIsTombstone',
    });
    assert.match(
      v.errors['transforms.c.spec'][0],
      /^Invalid value \[a:int33\] for configuration transforms.c.spec: .*Invalid type found in casting spec: int33/,
    );
    assert.deepEqual(v.errors['transforms.c2.spec'], [
      'Missing required configuration "transforms.c2.spec" which has no default value.',
    ]);
    assert.deepEqual(v.errors['transforms.n.negate'], [
      "Config 'transforms.n.negate' was provided but there is no config 'transforms.n.predicate' defining a predicate to be negated.",
    ]);
    assert.deepEqual(v.errors['transforms.n.type'], ['No field insertion configured']);
    assert.deepEqual(v.errors['transforms.x.type'], [
      'Invalid value com.acme.Nope for configuration transforms.x.type: Class com.acme.Nope could not be found.',
    ]);
    assert.match(v.errors['transforms.m.type'][0], /does not implement the Transformation interface/);
  });

  it('reports duplicate aliases, missing types and undeclared predicates', () => {
    const v = validateTransformationConfig({ transforms: 'a,a', 'transforms.a.predicate': 'p' });
    assert.match(v.errors['transforms'][0], /Duplicate alias provided\./);
    assert.deepEqual(v.errors['transforms.a.type'], [
      'Missing required configuration "transforms.a.type" which has no default value.',
    ]);
    assert.match(v.errors['transforms.a.predicate'][0], /not listed in 'predicates'/);
    const p = validateTransformationConfig({ predicates: 'p', 'predicates.p.type': K + 'predicates.TopicNameMatches' });
    assert.deepEqual(p.errors['predicates.p.pattern'], [
      'Missing required configuration "predicates.p.pattern" which has no default value.',
    ]);
  });

  it('a valid config has no errors and feeds the validate response with per-alias groups', () => {
    const props = {
      transforms: 'castIt',
      'transforms.castIt.type': K + 'Cast$Value',
      'transforms.castIt.spec': 'a:int8',
      predicates: 'p',
      'predicates.p.type': K + 'predicates.HasHeaderKey',
      'predicates.p.name': 'x',
    };
    const v = validateTransformationConfig(props);
    assert.deepEqual(v.errors, {});
    const infos = buildConfigInfos('c', [{ def: v.configDef, values: v.configValues }]);
    assert.equal(infos.error_count, 0);
    assert.deepEqual(infos.groups, ['Transforms', 'Predicates', 'Transforms: castIt', 'Predicates: p']);
    const spec = infos.configs.find((c) => c.value.name === 'transforms.castIt.spec')!;
    assert.equal(spec.definition!.group, 'Transforms: castIt');
    assert.equal(spec.value.value, 'a:int8');
  });

  it('registry lists every plugin with type and version', () => {
    const names = defaultTransformRegistry.list('transformation').map((p) => p.className);
    for (const base of [
      'Cast',
      'ExtractField',
      'Flatten',
      'HeaderFrom',
      'HoistField',
      'InsertField',
      'MaskField',
      'ReplaceField',
      'SetSchemaMetadata',
      'TimestampConverter',
    ])
      for (const side of ['$Key', '$Value']) assert.ok(names.includes(K + base + side), base + side);
    for (const n of ['DropHeaders', 'Filter', 'InsertHeader', 'RegexRouter', 'TimestampRouter', 'ValueToKey'])
      assert.ok(names.includes(K + n), n);
    assert.equal(defaultTransformRegistry.list('predicate').length, 3);
    assert.equal(defaultTransformRegistry.find('Cast$Value')!.className, K + 'Cast$Value');
    assert.equal(defaultTransformRegistry.find('Filter')!.className, K + 'Filter');
    assert.equal(
      defaultTransformRegistry.find('Filter$Value')!.className,
      'io.confluent.connect.transforms.Filter$Value',
    );
  });
});

describe('configure-time errors are pinned to their key', () => {
  it('TimestampConverter format, HeaderFrom headers, SetSchemaMetadata, TimestampRouter pattern', () => {
    const v = validateTransformationConfig({
      transforms: 'ts,hf,ssm,tr,mtr',
      'transforms.ts.type': K + 'TimestampConverter$Value',
      'transforms.ts.target.type': 'string',
      'transforms.hf.type': K + 'HeaderFrom$Value',
      'transforms.hf.fields': 'a,b',
      'transforms.hf.headers': 'A',
      'transforms.hf.operation': 'copy',
      'transforms.ssm.type': K + 'SetSchemaMetadata$Value',
      'transforms.tr.type': K + 'TimestampRouter',
      'transforms.tr.timestamp.format': 'yyyy-qq',
      'transforms.mtr.type': 'io.confluent.connect.transforms.MessageTimestampRouter',
      'transforms.mtr.message.timestamp.keys': 'ts',
      'transforms.mtr.topic.timestamp.format': "'unterminated",
    });
    assert.deepEqual(v.errors['transforms.ts.format'], [
      'TimestampConverter requires format option to be specified when using string timestamps',
    ]);
    assert.deepEqual(v.errors['transforms.hf.headers'], [
      "'fields' config must have the same number of elements as 'headers' config.",
    ]);
    assert.deepEqual(v.errors['transforms.ssm.schema.name'], ['Neither schema name nor version configured']);
    assert.match(
      v.errors['transforms.tr.timestamp.format'][0],
      /^Invalid value yyyy-qq for configuration transforms.tr.timestamp.format: Invalid SimpleDateFormat pattern: Illegal pattern character 'q'/,
    );
    assert.match(v.errors['transforms.mtr.topic.timestamp.format'][0], /Unterminated quote/);
    const infos = buildConfigInfos('c', [{ def: v.configDef, values: v.configValues }]);
    assert.equal(infos.error_count, 5);
  });
});

describe('$Key variants act on the key only', () => {
  const pairs: [string, Record<string, string>, unknown][] = [
    ['Cast', { spec: 'a:string' }, { a: '1', b: 2 }],
    ['ReplaceField', { exclude: 'b' }, { a: 1 }],
    ['InsertField', { 'static.field': 's', 'static.value': 'v' }, { a: 1, b: 2, s: 'v' }],
    ['MaskField', { fields: 'a' }, { a: 0, b: 2 }],
    ['ExtractField', { field: 'a' }, 1],
    ['HoistField', { field: 'h' }, { h: { a: 1, b: 2 } }],
    ['Flatten', {}, { a: 1, b: 2 }],
    ['HeaderFrom', { fields: 'a', headers: 'A', operation: 'move' }, { b: 2 }],
    ['TimestampConverter', { field: 'a', 'target.type': 'Timestamp' }, { a: new Date(1), b: 2 }],
  ];
  for (const [name, props, expectedKey] of pairs) {
    it(name + '$Key', () => {
      const t = TransformationChain.fromConfig<SinkRecord>({
        transforms: 't',
        'transforms.t.type': K + name + '$Key',
        ...Object.fromEntries(Object.entries(props).map(([k, v]) => ['transforms.t.' + k, v])),
      });
      const value = { untouched: true };
      const r = t.apply(sinkRecord({ key: { a: 1, b: 2 }, value }))!;
      assert.deepEqual(r.key, expectedKey);
      assert.equal(r.value, value);
    });
  }
});
