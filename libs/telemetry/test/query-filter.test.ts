// The query filter (METRICS-AND-LOGS.md §A.3): field EQ/GT/GTE (lexicographic on the label value),
// AND/OR of filters, NOT; and the resource ids a filter pins (every query must pin its resources).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matches, parseFilter, pinnedResourceIds, type QueryFilter } from '../src/query-filter';
import { MetricsQueryError } from '../src/query-error';

const rejects = (raw: unknown, pointer: string, detail: RegExp) =>
  assert.throws(
    () => parseFilter(raw, '/filter'),
    (e: unknown) => e instanceof MetricsQueryError && e.pointer === pointer && detail.test(e.message),
  );

const eq = (field: string, value: string): QueryFilter => ({ field, op: 'EQ', value });

describe('parseFilter', () => {
  it('reads a field filter; a number value becomes its string', () => {
    assert.deepEqual(parseFilter({ field: 'resource.connector.id', op: 'EQ', value: 'lcc-1' }, '/filter'), {
      field: 'resource.connector.id',
      op: 'EQ',
      value: 'lcc-1',
    });
    assert.deepEqual(parseFilter({ field: 'metric.partition', op: 'GTE', value: 3 }, '/filter'), {
      field: 'metric.partition',
      op: 'GTE',
      value: '3',
    });
  });

  it('reads the spec’s compound example (AND of two EQ), and OR and NOT', () => {
    const raw = {
      op: 'AND',
      filters: [
        { field: 'resource.kafka.id', op: 'EQ', value: 'lkc-7xw2pq' },
        { field: 'metric.consumer_group_id', op: 'EQ', value: 'connect-lcc-9k2m4p' },
      ],
    };
    assert.deepEqual(parseFilter(raw, '/filter'), {
      op: 'AND',
      filters: [eq('resource.kafka.id', 'lkc-7xw2pq'), eq('metric.consumer_group_id', 'connect-lcc-9k2m4p')],
    });
    assert.deepEqual(parseFilter({ op: 'NOT', filter: { op: 'OR', filters: [eq('metric.topic', 'a')] } }, '/f'), {
      op: 'NOT',
      filter: { op: 'OR', filters: [eq('metric.topic', 'a')] },
    });
  });

  it('drops members it does not know', () => {
    assert.deepEqual(parseFilter({ field: 'metric.topic', op: 'GT', value: 'a', extra: 1 }, '/filter'), {
      field: 'metric.topic',
      op: 'GT',
      value: 'a',
    });
  });

  it('rejects non-objects', () => {
    for (const raw of [null, undefined, 'x', 3, [], true]) rejects(raw, '/filter', /must be an object/);
  });

  it('rejects an unknown or missing op, pointing at it', () => {
    rejects({ field: 'metric.topic', op: 'LT', value: 'a' }, '/filter/op', /EQ, GT, GTE, AND, OR, NOT/);
    rejects({ field: 'metric.topic', value: 'a' }, '/filter/op', /op must be/);
    rejects({ field: 'metric.topic', op: 'eq', value: 'a' }, '/filter/op', /op must be/);
  });

  it('rejects a field filter without a field name or with a bad value', () => {
    rejects({ op: 'EQ', value: 'a' }, '/filter/field', /label name/);
    rejects({ field: '', op: 'EQ', value: 'a' }, '/filter/field', /label name/);
    rejects({ field: 'metric.topic', op: 'EQ' }, '/filter/value', /string or a number/);
    rejects({ field: 'metric.topic', op: 'EQ', value: null }, '/filter/value', /string or a number/);
    rejects({ field: 'metric.topic', op: 'EQ', value: Infinity }, '/filter/value', /string or a number/);
    rejects({ field: 'metric.topic', op: 'EQ', value: ['a'] }, '/filter/value', /string or a number/);
  });

  it('rejects AND/OR without filters and points into nested filters', () => {
    rejects({ op: 'AND', filters: [] }, '/filter/filters', /AND needs a non-empty filters list/);
    rejects({ op: 'OR' }, '/filter/filters', /OR needs/);
    rejects({ op: 'NOT' }, '/filter/filter', /must be an object/);
    rejects(
      { op: 'AND', filters: [eq('metric.topic', 'a'), { op: 'NOT', filter: { field: 'metric.topic', op: 'EQ' } }] },
      '/filter/filters/1/filter/value',
      /string or a number/,
    );
  });

  it('rejects filters nested too deeply', () => {
    let raw: unknown = eq('metric.topic', 'a');
    for (let i = 0; i < 20; i++) raw = { op: 'NOT', filter: raw };
    assert.throws(() => parseFilter(raw, '/filter'), /nested too deeply/);
    let ok: unknown = eq('metric.topic', 'a');
    for (let i = 0; i < 3; i++) ok = { op: 'NOT', filter: ok };
    assert.doesNotThrow(() => parseFilter(ok, '/filter'));
  });
});

describe('matches', () => {
  const labels = { 'resource.kafka.id': 'lkc-1', 'metric.topic': 'orders', 'metric.partition': '10' };

  it('EQ compares exactly', () => {
    assert.ok(matches(eq('metric.topic', 'orders'), labels));
    assert.equal(matches(eq('metric.topic', 'Orders'), labels), false);
    assert.equal(matches(eq('metric.topic', 'order'), labels), false);
  });

  it('GT and GTE compare lexicographically, not numerically', () => {
    assert.ok(matches({ field: 'metric.topic', op: 'GT', value: 'order' }, labels));
    assert.equal(matches({ field: 'metric.topic', op: 'GT', value: 'orders' }, labels), false);
    assert.ok(matches({ field: 'metric.topic', op: 'GTE', value: 'orders' }, labels));
    assert.equal(matches({ field: 'metric.topic', op: 'GTE', value: 'p' }, labels), false);
    // '10' < '9' as strings
    assert.equal(matches({ field: 'metric.partition', op: 'GT', value: '9' }, labels), false);
    assert.ok(matches({ field: 'metric.partition', op: 'GT', value: '1' }, labels));
  });

  it('a label the series lacks matches no field filter', () => {
    assert.equal(matches(eq('metric.status', 'RUNNING'), labels), false);
    assert.equal(matches({ field: 'metric.status', op: 'GTE', value: '' }, labels), false);
  });

  it('names of Object.prototype members are labels the series lacks too', () => {
    // a plain object would hand back the inherited function or prototype, which compares
    // greater than '' as a string and made GT/GTE filters on such fields match every series
    for (const field of ['toString', 'constructor', '__proto__'])
      for (const op of ['GT', 'GTE'] as const)
        assert.equal(matches({ field, op, value: '' }, labels), false, `${field} ${op}`);
  });

  it('AND, OR and NOT combine', () => {
    const a = eq('metric.topic', 'orders');
    const b = eq('resource.kafka.id', 'lkc-2');
    assert.equal(matches({ op: 'AND', filters: [a, b] }, labels), false);
    assert.ok(matches({ op: 'OR', filters: [a, b] }, labels));
    assert.ok(matches({ op: 'NOT', filter: b }, labels));
    assert.equal(matches({ op: 'NOT', filter: { op: 'OR', filters: [a, b] } }, labels), false);
    // NOT of a missing label holds
    assert.ok(matches({ op: 'NOT', filter: eq('metric.status', 'x') }, labels));
  });
});

describe('pinnedResourceIds', () => {
  it('an EQ on a resource id pins that id', () => {
    assert.deepEqual(pinnedResourceIds(eq('resource.connector.id', 'lcc-1')), ['lcc-1']);
    assert.deepEqual(pinnedResourceIds(eq('resource.kafka.id', 'lkc-1')), ['lkc-1']);
    assert.deepEqual(pinnedResourceIds(eq('resource.schema_registry.id', 'lsrc-1')), ['lsrc-1']);
  });

  it('other comparisons and metric labels pin nothing', () => {
    assert.equal(pinnedResourceIds({ field: 'resource.connector.id', op: 'GT', value: 'lcc-1' }), null);
    assert.equal(pinnedResourceIds({ field: 'resource.connector.id', op: 'GTE', value: 'lcc-1' }), null);
    assert.equal(pinnedResourceIds(eq('metric.topic', 'a')), null);
    assert.equal(pinnedResourceIds(eq('resource.connector.name', 'a')), null);
    assert.equal(pinnedResourceIds({ op: 'NOT', filter: eq('resource.connector.id', 'lcc-1') }), null);
  });

  it('AND is pinned by any pinned child, taking the narrowest', () => {
    assert.deepEqual(
      pinnedResourceIds({
        op: 'AND',
        filters: [eq('metric.topic', 'a'), eq('resource.kafka.id', 'lkc-1')],
      }),
      ['lkc-1'],
    );
    assert.deepEqual(
      pinnedResourceIds({
        op: 'AND',
        filters: [
          { op: 'OR', filters: [eq('resource.connector.id', 'lcc-1'), eq('resource.connector.id', 'lcc-2')] },
          eq('resource.connector.id', 'lcc-2'),
        ],
      }),
      ['lcc-2'],
    );
    assert.equal(pinnedResourceIds({ op: 'AND', filters: [eq('metric.topic', 'a')] }), null);
  });

  it('OR is pinned only when every child is, to the union without repeats', () => {
    assert.deepEqual(
      pinnedResourceIds({
        op: 'OR',
        filters: [
          eq('resource.connector.id', 'lcc-1'),
          eq('resource.connector.id', 'lcc-2'),
          eq('resource.connector.id', 'lcc-1'),
        ],
      }),
      ['lcc-1', 'lcc-2'],
    );
    assert.equal(
      pinnedResourceIds({ op: 'OR', filters: [eq('resource.connector.id', 'lcc-1'), eq('metric.topic', 'a')] }),
      null,
    );
  });
});
