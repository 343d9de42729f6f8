import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectHeaders, SchemaBuilder, Schemas, Struct, Time, ConnectDate } from '@libs/connect-spi';
import { K, pred, sinkRecord, smt } from './helpers';

const hdrs = (r: { headers: ConnectHeaders }) => r.headers.toArray().map((h) => `${h.key}:${String(h.value)}`);

describe('HeaderFrom', () => {
  it('example: move trace_id to X-Trace (schemaless)', () => {
    const r = smt(K + 'HeaderFrom$Value', { fields: 'trace_id', headers: 'X-Trace', operation: 'move' }).apply(
      sinkRecord({ value: { id: 1, trace_id: 'ab12' } }),
    )!;
    assert.deepEqual(r.value, { id: 1 });
    assert.deepEqual(hdrs(r), ['X-Trace:ab12']);
    assert.equal(r.headers.lastWithName('X-Trace')!.schema, null);
  });

  it('copy with schemas keeps the value, header carries the field schema; duplicates kept', () => {
    const schema = SchemaBuilder.struct()
      .field('id', Schemas.INT32_SCHEMA)
      .field('trace_id', Schemas.STRING_SCHEMA)
      .build();
    const v = new Struct(schema).put('id', 1).put('trace_id', 'ab12');
    const rec = sinkRecord({
      valueSchema: schema,
      value: v,
      headers: new ConnectHeaders().addString('X-Trace', 'old'),
    });
    const r = smt(K + 'HeaderFrom$Value', { fields: 'trace_id', headers: 'X-Trace', operation: 'copy' }).apply(rec)!;
    assert.equal(r.value, v);
    assert.deepEqual(hdrs(r), ['X-Trace:old', 'X-Trace:ab12']);
    assert.equal(r.headers.lastWithName('X-Trace')!.schema, Schemas.STRING_SCHEMA);
    assert.equal(rec.headers.size, 1, 'original record untouched');
    const m = smt(K + 'HeaderFrom$Value', { fields: 'trace_id', headers: 'X-Trace', operation: 'move' }).apply(rec)!;
    assert.deepEqual(
      m.valueSchema!.fields.map((f) => f.name),
      ['id'],
    );
    assert.equal((m.value as Struct).get('id'), 1);
  });

  it('config and data errors', () => {
    assert.throws(
      () => smt(K + 'HeaderFrom$Value', { fields: 'a,b', headers: 'A', operation: 'move' }),
      /'fields' config must have the same number of elements as 'headers' config/,
    );
    assert.throws(
      () => smt(K + 'HeaderFrom$Value', { fields: 'a', headers: 'A', operation: 'cut' }),
      /String must be one of: move, copy/,
    );
    assert.throws(
      () =>
        smt(K + 'HeaderFrom$Key', { fields: 'a', headers: 'A', operation: 'copy' }).apply(sinkRecord({ key: null })),
      /Only Map objects supported/,
    );
  });
});

describe('InsertHeader', () => {
  it('example and typed literals', () => {
    const r = smt(K + 'InsertHeader', { header: 'source', 'value.literal': 'datagen' }).apply(
      sinkRecord({ value: { a: 1 } }),
    )!;
    assert.deepEqual(hdrs(r), ['source:datagen']);
    assert.equal(r.headers.lastWithName('source')!.schema, Schemas.STRING_SCHEMA);
    const n = smt(K + 'InsertHeader', { header: 'n', 'value.literal': '42' }).apply(sinkRecord({}))!;
    assert.equal(n.headers.lastWithName('n')!.value, 42);
    assert.equal(n.headers.lastWithName('n')!.schema!.type, 'INT8');
    const b = smt(K + 'InsertHeader', { header: 'b', 'value.literal': 'true' }).apply(sinkRecord({}))!;
    assert.equal(b.headers.lastWithName('b')!.value, true);
    const d = smt(K + 'InsertHeader', { header: 'd', 'value.literal': '2024-03-15' }).apply(sinkRecord({}))!;
    assert.equal(d.headers.lastWithName('d')!.schema!.name, ConnectDate.LOGICAL_NAME);
    const t = smt(K + 'InsertHeader', { header: 't', 'value.literal': '10:00:00.000Z' }).apply(sinkRecord({}))!;
    assert.equal(t.headers.lastWithName('t')!.schema!.name, Time.LOGICAL_NAME);
    assert.throws(() => smt(K + 'InsertHeader', { header: 'x' }), /Missing required configuration "value.literal"/);
  });
});

describe('DropHeaders', () => {
  it('example: removes every listed header, keeps order', () => {
    const h = new ConnectHeaders()
      .addString('X-Trace', 'a')
      .addInt('id', 1)
      .addString('X-Debug', 'b')
      .addString('X-Trace', 'c');
    const r = smt(K + 'DropHeaders', { headers: 'X-Trace,X-Debug' }).apply(sinkRecord({ headers: h }))!;
    assert.deepEqual(hdrs(r), ['id:1']);
    assert.throws(() => smt(K + 'DropHeaders', { headers: '' }), /Empty list/);
  });
});

describe('RegexRouter', () => {
  it('example: whole-topic match, partition kept', () => {
    const t = smt(K + 'RegexRouter', { regex: '(.*)-raw', replacement: '$1-clean' });
    const r = t.apply(sinkRecord({ topic: 'orders-raw', partition: 3 }))!;
    assert.equal(r.topic, 'orders-clean');
    assert.equal(r.kafkaPartition, 3);
    const same = sinkRecord({ topic: 'orders' });
    assert.equal(t.apply(same), same);
  });

  it('translates Java replacement syntax (${name}, \\$) and rejects bad regexes', () => {
    assert.equal(
      smt(K + 'RegexRouter', { regex: '(?<base>.*)-raw', replacement: '${base}-\\$x' }).apply(
        sinkRecord({ topic: 'a-raw' }),
      )!.topic,
      'a-$x',
    );
    assert.throws(() => smt(K + 'RegexRouter', { regex: '(', replacement: 'x' }), /Invalid regex/);
    assert.throws(() => smt(K + 'RegexRouter', { regex: 'a' }), /Missing required configuration "replacement"/);
  });
});

describe('TimestampRouter', () => {
  it('example: orders + 2024-03-15T10:00Z → orders-20240315', () => {
    const r = smt(K + 'TimestampRouter', {}).apply(
      sinkRecord({ topic: 'orders', timestamp: Date.UTC(2024, 2, 15, 10) }),
    )!;
    assert.equal(r.topic, 'orders-20240315');
    const f = smt(K + 'TimestampRouter', {
      'topic.format': 'foo-${topic}-${timestamp}',
      'timestamp.format': 'yyyyMM',
    }).apply(sinkRecord({ topic: 'ordersTopic', timestamp: Date.UTC(2018, 3, 2) }))!;
    assert.equal(f.topic, 'foo-ordersTopic-201804');
    assert.throws(
      () => smt(K + 'TimestampRouter', {}).apply(sinkRecord({ timestamp: null })),
      /Timestamp missing on record/,
    );
  });
});

describe('Filter and predicates', () => {
  it('Filter drops everything', () => {
    assert.equal(smt(K + 'Filter').apply(sinkRecord({ value: 1 })), null);
  });

  it('TopicNameMatches: full match only; invalid or empty pattern rejected', () => {
    const p = pred(K + 'predicates.TopicNameMatches', { pattern: 'eu\\..*' });
    assert.equal(p.test(sinkRecord({ topic: 'eu.orders' })), true);
    assert.equal(p.test(sinkRecord({ topic: 'us.eu.orders' })), false);
    assert.equal(
      pred(K + 'predicates.TopicNameMatches', { pattern: 'foo' }).test(sinkRecord({ topic: 'foobar' })),
      false,
    );
    assert.throws(() => pred(K + 'predicates.TopicNameMatches', { pattern: '' }), /String must be non-empty/);
    assert.throws(() => pred(K + 'predicates.TopicNameMatches', { pattern: '[' }), /Invalid regex/);
    assert.throws(() => pred(K + 'predicates.TopicNameMatches', {}), /Missing required configuration "pattern"/);
  });

  it('HasHeaderKey and RecordIsTombstone', () => {
    const h = pred(K + 'predicates.HasHeaderKey', { name: 'X' });
    assert.equal(h.test(sinkRecord({ headers: new ConnectHeaders().addString('X', null) })), true);
    assert.equal(h.test(sinkRecord({})), false);
    assert.throws(() => pred(K + 'predicates.HasHeaderKey', {}), /Missing required/);
    const t = pred(K + 'predicates.RecordIsTombstone');
    assert.equal(t.test(sinkRecord({ key: 'k', value: null })), true);
    assert.equal(t.test(sinkRecord({ value: 0 })), false);
  });
});
