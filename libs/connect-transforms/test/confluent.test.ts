import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectHeaders, DataException, SchemaBuilder, Schemas, Struct } from '@libs/connect-spi';
import { TombstoneHandler } from '@libs/connect-transforms';
import { C, sinkRecord, smt } from './helpers';

describe('Confluent ExtractTopic', () => {
  it('$Key whole key, $Value field, $Header, JSON_PATH, skip.missing.or.null', () => {
    assert.equal(smt(C + 'ExtractTopic$Key').apply(sinkRecord({ key: 'users' }))!.topic, 'users');
    assert.equal(
      smt(C + 'ExtractTopic$Value', { field: 'f2' }).apply(sinkRecord({ value: { f2: 'dest' } }))!.topic,
      'dest',
    );
    const s = SchemaBuilder.struct().field('f2', Schemas.STRING_SCHEMA).build();
    assert.equal(
      smt(C + 'ExtractTopic$Value', { field: 'f2' }).apply(
        sinkRecord({ valueSchema: s, value: new Struct(s).put('f2', 'x') }),
      )!.topic,
      'x',
    );
    assert.equal(
      smt(C + 'ExtractTopic$Key', { field: '$.f1.f3', 'field.format': 'JSON_PATH' }).apply(
        sinkRecord({ key: { f1: { f3: 'deep' } } }),
      )!.topic,
      'deep',
    );
    assert.equal(
      smt(C + 'ExtractTopic$Header', { field: 'route' }).apply(
        sinkRecord({ headers: new ConnectHeaders().addString('route', 'h') }),
      )!.topic,
      'h',
    );
    const rec = sinkRecord({ value: { a: 1 } });
    assert.equal(smt(C + 'ExtractTopic$Value', { field: 'f3', 'skip.missing.or.null': 'true' }).apply(rec), rec);
    assert.throws(() => smt(C + 'ExtractTopic$Value', { field: 'f3' }).apply(rec), DataException);
    assert.throws(() => smt(C + 'ExtractTopic$Header', {}), /requires a header name/);
  });
});

describe('Confluent TombstoneHandler', () => {
  it('warn (default) and ignore drop tombstones, fail throws; non-tombstones pass', () => {
    const logs: string[] = [];
    TombstoneHandler.logger = (level, msg) => logs.push(`${level}:${msg}`);
    assert.equal(smt(C + 'TombstoneHandler').apply(sinkRecord({ value: null })), null);
    assert.match(logs[0], /^warn:Tombstone record encountered/);
    assert.equal(smt(C + 'TombstoneHandler', { behavior: 'ignore' }).apply(sinkRecord({ value: null })), null);
    assert.throws(
      () => smt(C + 'TombstoneHandler', { behavior: 'fail' }).apply(sinkRecord({ value: null })),
      DataException,
    );
    const rec = sinkRecord({ value: 1 });
    assert.equal(smt(C + 'TombstoneHandler').apply(rec), rec);
    assert.throws(() => smt(C + 'TombstoneHandler', { behavior: 'drop' }), /String must be one of: ignore, warn, fail/);
    TombstoneHandler.logger = () => {};
  });
});

describe('Confluent Drop', () => {
  it('nullify / retain / validate', () => {
    const r = smt(C + 'Drop$Key').apply(sinkRecord({ keySchema: Schemas.STRING_SCHEMA, key: 'k', value: 1 }))!;
    assert.equal(r.key, null);
    assert.equal(r.keySchema, null);
    assert.equal(r.value, 1);
    const kept = smt(C + 'Drop$Value', { 'schema.behavior': 'retain' }).apply(
      sinkRecord({ valueSchema: Schemas.STRING_SCHEMA, value: 'v' }),
    )!;
    assert.equal(kept.valueSchema, Schemas.STRING_SCHEMA);
    assert.equal(kept.value, null);
    assert.throws(
      () =>
        smt(C + 'Drop$Value', { 'schema.behavior': 'validate' }).apply(
          sinkRecord({ valueSchema: Schemas.STRING_SCHEMA, value: 'v' }),
        ),
      /not optional/,
    );
  });
});

describe('Confluent Filter', () => {
  const cond = '$.key[?(@.nestedKey == "value1" || @.nestedKey == "value2")]';
  it('docs example: include matches, exclude matches, Jayway semantics on objects', () => {
    const inc = smt(C + 'Filter$Value', { 'filter.condition': cond, 'filter.type': 'include' });
    const hit = sinkRecord({ value: { key: { nestedKey: 'value1' } } });
    const miss = sinkRecord({ value: { key: { nestedKey: 'other' } } });
    assert.equal(inc.apply(hit), hit);
    assert.equal(inc.apply(miss), null);
    const exc = smt(C + 'Filter$Value', { 'filter.condition': cond, 'filter.type': 'exclude' });
    assert.equal(exc.apply(hit), null);
    assert.equal(exc.apply(miss), miss);
    const root = smt(C + 'Filter$Value', {
      'filter.condition': "$[?(@.status == 'active')]",
      'filter.type': 'include',
    });
    assert.ok(root.apply(sinkRecord({ value: { status: 'active' } })));
    assert.equal(root.apply(sinkRecord({ value: { status: 'gone' } })), null);
  });

  it('Jayway in/nin operators, missing nested fields do not match, unsupported operators rejected', () => {
    const inT = smt(C + 'Filter$Value', {
      'filter.condition': "$[?(@.status in ['a', 'b'])]",
      'filter.type': 'include',
    });
    assert.ok(inT.apply(sinkRecord({ value: { status: 'b' } })));
    assert.equal(inT.apply(sinkRecord({ value: { status: 'c' } })), null);
    const nin = smt(C + 'Filter$Value', { 'filter.condition': "$[?(@.status nin ['a'])]", 'filter.type': 'include' });
    assert.ok(nin.apply(sinkRecord({ value: { status: 'c' } })));
    const nested = smt(C + 'Filter$Value', { 'filter.condition': '$.items[?(@.x.y == 1)]', 'filter.type': 'include' });
    assert.ok(nested.apply(sinkRecord({ value: { items: [{}, { x: { y: 1 } }] } })));
    assert.equal(nested.apply(sinkRecord({ value: { items: [{}] } })), null);
    assert.throws(
      () => smt(C + 'Filter$Value', { 'filter.condition': '$[?(@.a =~ /x/)]', 'filter.type': 'include' }),
      /not supported/,
    );
    assert.throws(
      () => smt(C + 'Filter$Value', { 'filter.condition': '$[?(@.a ==)]', 'filter.type': 'include' }),
      /Invalid JSON Path expression/,
    );
  });

  it('works on Structs and arrays', () => {
    const s = SchemaBuilder.struct().field('n', Schemas.INT32_SCHEMA).build();
    const t = smt(C + 'Filter$Value', { 'filter.condition': '$[?(@.n > 5)]', 'filter.type': 'include' });
    assert.ok(t.apply(sinkRecord({ valueSchema: s, value: new Struct(s).put('n', 6) })));
    assert.equal(t.apply(sinkRecord({ valueSchema: s, value: new Struct(s).put('n', 1) })), null);
    const arr = smt(C + 'Filter$Value', { 'filter.condition': '$.items[?(@.qty > 1)]', 'filter.type': 'include' });
    assert.ok(arr.apply(sinkRecord({ value: { items: [{ qty: 1 }, { qty: 3 }] } })));
  });

  it('missing.or.null.behavior fail (default) / include / exclude; bad condition rejected', () => {
    const rec = sinkRecord({ value: { other: 1 } });
    assert.throws(
      () => smt(C + 'Filter$Value', { 'filter.condition': cond, 'filter.type': 'include' }).apply(rec),
      DataException,
    );
    assert.equal(
      smt(C + 'Filter$Value', {
        'filter.condition': cond,
        'filter.type': 'include',
        'missing.or.null.behavior': 'include',
      }).apply(rec),
      rec,
    );
    assert.equal(
      smt(C + 'Filter$Value', {
        'filter.condition': cond,
        'filter.type': 'include',
        'missing.or.null.behavior': 'exclude',
      }).apply(rec),
      null,
    );
    assert.equal(
      smt(C + 'Filter$Value', {
        'filter.condition': cond,
        'filter.type': 'include',
        'missing.or.null.behavior': 'exclude',
      }).apply(sinkRecord({ value: null })),
      null,
    );
    assert.throws(
      () => smt(C + 'Filter$Value', { 'filter.condition': 'key.x', 'filter.type': 'include' }),
      /Invalid JSON Path expression/,
    );
    assert.throws(
      () => smt(C + 'Filter$Value', { 'filter.condition': '$.a' }),
      /Missing required configuration "filter.type"/,
    );
  });
});

describe('Confluent MessageTimestampRouter and TopicRegexRouter', () => {
  it('routes by the first present timestamp key', () => {
    const t = smt(C + 'MessageTimestampRouter', {
      'message.timestamp.keys': 'timestamp,time,ts',
      'topic.format': 'foo-${topic}-${timestamp}',
      'message.timestamp.format': "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
      'topic.timestamp.format': 'yyyy.MM.dd',
    });
    assert.equal(
      t.apply(sinkRecord({ topic: 'logs', value: { ts: '2024-03-15T10:00:00.000Z' } }))!.topic,
      'foo-logs-2024.03.15',
    );
    assert.equal(
      t.apply(sinkRecord({ topic: 'logs', value: { time: Date.UTC(2024, 0, 2) } }))!.topic,
      'foo-logs-2024.01.02',
    );
    assert.throws(() => t.apply(sinkRecord({ value: { other: 1 } })), DataException);
    assert.throws(
      () => smt(C + 'MessageTimestampRouter', {}),
      /Missing required configuration "message.timestamp.keys"/,
    );
  });

  it('TopicRegexRouter renames like RegexRouter', () => {
    assert.equal(
      smt(C + 'TopicRegexRouter', { regex: 'db1\\.(.*)', replacement: '$1' }).apply(sinkRecord({ topic: 'db1.users' }))!
        .topic,
      'users',
    );
  });
});
