// The query engine over hour rows (60 one-minute values, null where no sample): per-minute
// aggregation across the series of a group (agg), then across the minutes of a bucket (time_agg),
// buckets aligned to UTC, groups in the API's order (METRICS-AND-LOGS.md §A.1, §A.3, §A.4).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricSeriesRow } from '@libs/db';
import { hourRange, runQuery } from '../src/query-engine';
import { parseQueryRequest } from '../src/query-request';

const NOW = Date.parse('2026-01-16T00:00:00Z');
const SENT = 'io.confluent.kafka.connect/sent_records';
const LAG_MAX = 'io.confluent.kafka.connect/records_lag_max';
const RECEIVED_BYTES = 'io.confluent.kafka.server/received_bytes';

/** An hour row with the given minutes set (others null). */
function row(
  resourceId: string,
  hour: string,
  minutes: Record<number, number>,
  labels: Record<string, string> = {},
  metric = SENT,
): MetricSeriesRow {
  const values: (number | null)[] = Array.from({ length: 60 }, () => null);
  for (const [i, v] of Object.entries(minutes)) values[Number(i)] = v;
  return {
    resourceType: resourceId.startsWith('lkc-') ? 'kafka' : 'connector',
    metric,
    resourceId,
    labels,
    hour: new Date(hour),
    minutes: values,
  };
}

/** A query body for connector lcc-1 (and lcc-2 when `both`), parsed as the API would. */
function query(extra: Record<string, unknown> = {}, both = false) {
  const filter = both
    ? {
        op: 'OR',
        filters: [
          { field: 'resource.connector.id', op: 'EQ', value: 'lcc-1' },
          { field: 'resource.connector.id', op: 'EQ', value: 'lcc-2' },
        ],
      }
    : { field: 'resource.connector.id', op: 'EQ', value: 'lcc-1' };
  return parseQueryRequest(
    {
      aggregations: [{ metric: SENT }],
      filter,
      granularity: 'PT1M',
      intervals: ['2026-01-15T11:00:00Z/2026-01-15T13:00:00Z'],
      ...extra,
    },
    NOW,
  );
}

const points = (q: ReturnType<typeof query>, rows: MetricSeriesRow[]) => {
  const groups = runQuery(q, rows);
  assert.equal(groups.length, 1);
  return groups[0].points;
};

describe('runQuery', () => {
  it('gives one point per minute with a sample, at the minute, skipping nulls but not zeros', () => {
    const rows = [row('lcc-1', '2026-01-15T11:00:00Z', { 0: 5, 2: 0, 3: 7, 59: 1 })];
    assert.deepEqual(runQuery(query(), rows), [
      {
        labels: {},
        points: [
          { timestamp: '2026-01-15T11:00:00Z', value: 5 },
          { timestamp: '2026-01-15T11:02:00Z', value: 0 },
          { timestamp: '2026-01-15T11:03:00Z', value: 7 },
          { timestamp: '2026-01-15T11:59:00Z', value: 1 },
        ],
      },
    ]);
  });

  it('keeps minutes in [start, end) of an interval only, over several intervals', () => {
    const rows = [row('lcc-1', '2026-01-15T11:00:00Z', { 0: 1, 1: 2, 2: 3, 3: 4, 10: 5, 11: 6, 12: 7 })];
    const q = query({
      intervals: ['2026-01-15T11:01:00Z/2026-01-15T11:03:00Z', '2026-01-15T11:11:00Z/PT1M'],
    });
    assert.deepEqual(points(q, rows), [
      { timestamp: '2026-01-15T11:01:00Z', value: 2 },
      { timestamp: '2026-01-15T11:02:00Z', value: 3 },
      { timestamp: '2026-01-15T11:11:00Z', value: 6 },
    ]);
  });

  it('leaves out series the filter does not match and returns no data when nothing is left', () => {
    const rows = [row('lcc-2', '2026-01-15T11:00:00Z', { 0: 9 }), row('lcc-1', '2026-01-15T11:00:00Z', {})];
    assert.deepEqual(runQuery(query(), rows), []);
    assert.deepEqual(runQuery(query(), []), []);
    // a sample outside every interval leaves no point either
    assert.deepEqual(runQuery(query(), [row('lcc-1', '2026-01-15T10:00:00Z', { 59: 3 })]), []);
  });

  it('combines the series of a group per minute with agg SUM, MAX, MIN, AVG, COUNT', () => {
    const rows = [
      row('lcc-1', '2026-01-15T11:00:00Z', { 0: 4, 2: 3 }),
      row('lcc-2', '2026-01-15T11:00:00Z', { 0: 10, 1: 6, 2: 3 }),
    ];
    const expected = {
      SUM: [14, 6, 6],
      MAX: [10, 6, 3],
      MIN: [4, 6, 3],
      AVG: [7, 6, 3],
      COUNT: [2, 1, 2],
    };
    for (const [agg, values] of Object.entries(expected)) {
      // time_agg SUM over a one-minute bucket keeps the minute's value
      const q = query({ aggregations: [{ metric: SENT, agg, time_agg: 'SUM' }] }, true);
      assert.deepEqual(
        points(q, rows).map((p) => p.value),
        values,
        agg,
      );
    }
  });

  it('combines the minutes of a bucket with time_agg, ignoring minutes without a sample', () => {
    // PT5M: 11:00–11:04 holds 1, 2, 4, 5; 11:05–11:09 holds 6, 10
    const rows = [row('lcc-1', '2026-01-15T11:00:00Z', { 0: 1, 1: 2, 3: 4, 4: 5, 5: 6, 9: 10 })];
    const expected = { SUM: [12, 16], MAX: [5, 10], MIN: [1, 6], AVG: [3, 8], COUNT: [4, 2] };
    for (const [timeAgg, values] of Object.entries(expected)) {
      const q = query({ granularity: 'PT5M', aggregations: [{ metric: SENT, time_agg: timeAgg }] });
      assert.deepEqual(points(q, rows), [
        { timestamp: '2026-01-15T11:00:00Z', value: values[0] },
        { timestamp: '2026-01-15T11:05:00Z', value: values[1] },
      ]);
    }
  });

  it('sums a counter over time and averages a gauge by default', () => {
    const counter = [row('lcc-1', '2026-01-15T11:00:00Z', { 0: 1, 1: 2, 3: 6 })];
    assert.deepEqual(points(query({ granularity: 'PT5M' }), counter), [
      { timestamp: '2026-01-15T11:00:00Z', value: 9 },
    ]);
    const gauge = [row('lcc-1', '2026-01-15T11:00:00Z', { 0: 1, 1: 2, 3: 6 }, {}, LAG_MAX)];
    const q = query({ granularity: 'PT5M', aggregations: [{ metric: LAG_MAX }] });
    assert.deepEqual(points(q, gauge), [{ timestamp: '2026-01-15T11:00:00Z', value: 3 }]);
  });

  it('applies agg across series before time_agg across minutes', () => {
    // minute 0: lcc-1 2, lcc-2 8; minute 1: lcc-2 4. MAX per minute → 8, 4; then AVG → 6
    // (AVG of all three samples would be 4.67, MAX of all would be 8)
    const rows = [row('lcc-1', '2026-01-15T11:00:00Z', { 0: 2 }), row('lcc-2', '2026-01-15T11:00:00Z', { 0: 8, 1: 4 })];
    const q = query({ granularity: 'PT5M', aggregations: [{ metric: SENT, agg: 'MAX', time_agg: 'AVG' }] }, true);
    assert.deepEqual(points(q, rows), [{ timestamp: '2026-01-15T11:00:00Z', value: 6 }]);
  });

  it('buckets PT1H by hour across hour rows', () => {
    const rows = [
      row('lcc-1', '2026-01-15T12:00:00Z', { 0: 10, 30: 20 }),
      row('lcc-1', '2026-01-15T11:00:00Z', { 15: 1, 45: 2 }),
    ];
    assert.deepEqual(points(query({ granularity: 'PT1H' }), rows), [
      { timestamp: '2026-01-15T11:00:00Z', value: 3 },
      { timestamp: '2026-01-15T12:00:00Z', value: 30 },
    ]);
  });

  it('aligns buckets to UTC even when the interval starts mid-bucket', () => {
    const rows = [row('lcc-1', '2026-01-15T11:00:00Z', { 7: 1, 8: 2, 31: 4 })];
    // PT5M from 11:07: the first bucket is stamped 11:05
    assert.deepEqual(points(query({ granularity: 'PT5M', intervals: ['2026-01-15T11:07:00Z/PT1H'] }), rows), [
      { timestamp: '2026-01-15T11:05:00Z', value: 3 },
      { timestamp: '2026-01-15T11:30:00Z', value: 4 },
    ]);
    // PT4H: 08:00–12:00 UTC
    assert.deepEqual(points(query({ granularity: 'PT4H' }), rows), [{ timestamp: '2026-01-15T08:00:00Z', value: 7 }]);
  });

  it('buckets P1D by UTC day', () => {
    const rows = [
      row('lcc-1', '2026-01-14T23:00:00Z', { 58: 1, 59: 2 }),
      row('lcc-1', '2026-01-15T00:00:00Z', { 0: 4 }),
      row('lcc-1', '2026-01-15T11:00:00Z', { 0: 8 }),
    ];
    const q = query({ granularity: 'P1D', intervals: ['2026-01-14T12:00:00Z/2026-01-15T12:00:00Z'] });
    assert.deepEqual(points(q, rows), [
      { timestamp: '2026-01-14T00:00:00Z', value: 3 },
      { timestamp: '2026-01-15T00:00:00Z', value: 12 },
    ]);
  });

  it('gives one point per interval for ALL, stamped with the interval start (whole seconds)', () => {
    const rows = [row('lcc-1', '2026-01-15T11:00:00Z', { 0: 1, 1: 2, 30: 4 })];
    const q = query({ granularity: 'ALL', intervals: ['2026-01-15T11:00:00Z/PT10M', '2026-01-15T11:20:00Z/PT1H'] });
    assert.deepEqual(points(q, rows), [
      { timestamp: '2026-01-15T11:00:00Z', value: 3 },
      { timestamp: '2026-01-15T11:20:00Z', value: 4 },
    ]);
    // an interval from an unrounded now: RFC 3339 without fractional seconds
    const at = Date.parse('2026-01-15T12:06:41.123Z');
    const q2 = parseQueryRequest(
      {
        aggregations: [{ metric: SENT }],
        filter: { field: 'resource.connector.id', op: 'EQ', value: 'lcc-1' },
        granularity: 'ALL',
        intervals: ['PT2H/now'],
      },
      at,
    );
    assert.deepEqual(points(q2, rows), [{ timestamp: '2026-01-15T10:06:41Z', value: 7 }]);
  });

  it('groups by labels named as the request names them, ordered by label values', () => {
    const rows = [
      row('lkc-1', '2026-01-15T11:00:00Z', { 0: 1 }, { topic: 'orders' }, RECEIVED_BYTES),
      row('lkc-1', '2026-01-15T11:00:00Z', { 0: 2 }, { topic: 'audit' }, RECEIVED_BYTES),
      row('lkc-1', '2026-01-15T11:00:00Z', { 0: 4, 1: 8 }, { topic: 'orders' }, RECEIVED_BYTES),
      row('lkc-2', '2026-01-15T11:00:00Z', { 0: 100 }, { topic: 'billing' }, RECEIVED_BYTES),
    ];
    const q = query({
      aggregations: [{ metric: RECEIVED_BYTES }],
      filter: { field: 'resource.kafka.id', op: 'EQ', value: 'lkc-1' },
      group_by: ['metric.topic'],
      format: 'GROUPED',
    });
    assert.deepEqual(runQuery(q, rows), [
      { labels: { 'metric.topic': 'audit' }, points: [{ timestamp: '2026-01-15T11:00:00Z', value: 2 }] },
      {
        labels: { 'metric.topic': 'orders' },
        points: [
          { timestamp: '2026-01-15T11:00:00Z', value: 5 },
          { timestamp: '2026-01-15T11:01:00Z', value: 8 },
        ],
      },
    ]);
  });

  it('orders groups by each group_by label in turn', () => {
    const rows = [
      row('lkc-2', '2026-01-15T11:00:00Z', { 0: 1 }, { topic: 'a' }, RECEIVED_BYTES),
      row('lkc-1', '2026-01-15T11:00:00Z', { 0: 2 }, { topic: 'b' }, RECEIVED_BYTES),
      row('lkc-1', '2026-01-15T11:00:00Z', { 0: 3 }, { topic: 'a' }, RECEIVED_BYTES),
    ];
    const q = query({
      aggregations: [{ metric: RECEIVED_BYTES }],
      filter: {
        op: 'OR',
        filters: [
          { field: 'resource.kafka.id', op: 'EQ', value: 'lkc-2' },
          { field: 'resource.kafka.id', op: 'EQ', value: 'lkc-1' },
        ],
      },
      group_by: ['resource.kafka.id', 'metric.topic'],
    });
    assert.deepEqual(
      runQuery(q, rows).map((g) => g.labels),
      [
        { 'resource.kafka.id': 'lkc-1', 'metric.topic': 'a' },
        { 'resource.kafka.id': 'lkc-1', 'metric.topic': 'b' },
        { 'resource.kafka.id': 'lkc-2', 'metric.topic': 'a' },
      ],
    );
  });

  it('filters on metric labels too', () => {
    const rows = [
      row('lkc-1', '2026-01-15T11:00:00Z', { 0: 1 }, { topic: 'a' }, RECEIVED_BYTES),
      row('lkc-1', '2026-01-15T11:00:00Z', { 0: 2 }, { topic: 'b' }, RECEIVED_BYTES),
      row('lkc-1', '2026-01-15T11:00:00Z', { 0: 4 }, { topic: 'c' }, RECEIVED_BYTES),
    ];
    const q = query({
      aggregations: [{ metric: RECEIVED_BYTES }],
      filter: {
        op: 'AND',
        filters: [
          { field: 'resource.kafka.id', op: 'EQ', value: 'lkc-1' },
          { field: 'metric.topic', op: 'GTE', value: 'b' },
          { op: 'NOT', filter: { field: 'metric.topic', op: 'EQ', value: 'c' } },
        ],
      },
    });
    assert.deepEqual(points(q, rows), [{ timestamp: '2026-01-15T11:00:00Z', value: 2 }]);
  });

  it('orders ALL groups by value, descending by default and ascending on request', () => {
    const rows = [row('lcc-1', '2026-01-15T11:00:00Z', { 0: 5 }), row('lcc-2', '2026-01-15T11:00:00Z', { 0: 9, 1: 1 })];
    const base = { granularity: 'ALL', group_by: ['resource.connector.id'] };
    const ids = (extra: Record<string, unknown>) =>
      runQuery(query({ ...base, ...extra }, true), rows).map((g) => [
        g.labels['resource.connector.id'],
        g.points[0].value,
      ]);
    assert.deepEqual(ids({}), [
      ['lcc-2', 10],
      ['lcc-1', 5],
    ]);
    assert.deepEqual(ids({ order_by: [{ metric: SENT, order: 'ASCENDING' }] }), [
      ['lcc-1', 5],
      ['lcc-2', 10],
    ]);
  });

  it('returns every group; the API pages them by limit', () => {
    const rows = ['lcc-3', 'lcc-1', 'lcc-2'].map((id) => row(id, '2026-01-15T11:00:00Z', { 0: 1 }));
    const q = parseQueryRequest(
      {
        aggregations: [{ metric: SENT }],
        filter: {
          op: 'OR',
          filters: ['lcc-1', 'lcc-2', 'lcc-3'].map((value) => ({ field: 'resource.connector.id', op: 'EQ', value })),
        },
        group_by: ['resource.connector.id'],
        granularity: 'PT1M',
        intervals: ['2026-01-15T11:00:00Z/PT1H'],
        limit: 2,
      },
      NOW,
    );
    const groups = runQuery(q, rows);
    assert.equal(q.limit, 2);
    assert.deepEqual(
      groups.map((g) => g.labels['resource.connector.id']),
      ['lcc-1', 'lcc-2', 'lcc-3'],
    );
  });
});

describe('hourRange', () => {
  it('spans the hours whose rows can hold points of the intervals', () => {
    const q = query({ intervals: ['2026-01-15T11:20:00Z/2026-01-15T11:40:00Z', '2026-01-15T09:05:00Z/PT10M'] });
    assert.deepEqual(hourRange(q), {
      from: new Date('2026-01-15T09:00:00Z'),
      to: new Date('2026-01-15T11:40:00Z'),
    });
  });
});
