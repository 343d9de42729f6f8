// POST /v2/metrics/cloud/query bodies (METRICS-AND-LOGS.md §A.3): what is required, what is
// defaulted, and the 400s (message plus JSON pointer) for what is not allowed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelNames, parseQueryRequest } from '../src/query-request';
import { MetricsQueryError } from '../src/query-error';

const NOW = Date.parse('2026-01-15T12:06:41.123Z');
const SENT = 'io.confluent.kafka.connect/sent_records';
const LAG = 'io.confluent.kafka.server/consumer_lag_offsets';
const STATUS = 'io.confluent.kafka.connect/connector_status';
const RECEIVED_BYTES = 'io.confluent.kafka.server/received_bytes';

// The spec's first example: records a connector wrote per minute over the last hour
const sentRecords = () => ({
  aggregations: [{ metric: SENT }],
  filter: { field: 'resource.connector.id', op: 'EQ', value: 'lcc-9k2m4p' },
  granularity: 'PT1M',
  intervals: ['now-62m|m/now-2m|m'],
  limit: 100,
});

const rejects = (body: unknown, pointer: string | undefined, detail: RegExp) =>
  assert.throws(
    () => parseQueryRequest(body, NOW),
    (e: unknown) => e instanceof MetricsQueryError && e.pointer === pointer && detail.test(e.message),
  );

describe('parseQueryRequest', () => {
  it('reads the spec’s sent_records example', () => {
    const q = parseQueryRequest(sentRecords(), NOW);
    assert.equal(q.metric.name, SENT);
    assert.equal(q.agg, 'SUM');
    assert.equal(q.timeAgg, 'SUM');
    assert.equal(q.granularity, 'PT1M');
    assert.deepEqual(q.filter, { field: 'resource.connector.id', op: 'EQ', value: 'lcc-9k2m4p' });
    assert.deepEqual(q.resourceIds, ['lcc-9k2m4p']);
    assert.deepEqual(q.intervals, [
      { start: Date.parse('2026-01-15T11:04:00Z'), end: Date.parse('2026-01-15T12:04:00Z') },
    ]);
    assert.equal(q.limit, 100);
  });

  it('reads the spec’s consumer lag example (AND filter, group_by, GROUPED)', () => {
    const q = parseQueryRequest(
      {
        aggregations: [{ metric: LAG }],
        filter: {
          op: 'AND',
          filters: [
            { field: 'resource.kafka.id', op: 'EQ', value: 'lkc-7xw2pq' },
            { field: 'metric.consumer_group_id', op: 'EQ', value: 'connect-lcc-9k2m4p' },
          ],
        },
        group_by: ['metric.topic'],
        granularity: 'PT1M',
        intervals: ['PT1H/now-2m|m'],
        format: 'GROUPED',
      },
      NOW,
    );
    assert.deepEqual(q.resourceIds, ['lkc-7xw2pq']);
    assert.deepEqual(q.groupBy, ['metric.topic']);
    assert.equal(q.format, 'GROUPED');
    // a gauge: averaged over time unless the request says otherwise
    assert.equal(q.timeAgg, 'AVG');
  });

  it('defaults: agg SUM, time_agg by metric type, no group_by, limit 100, FLAT, DESCENDING', () => {
    const { limit: _limit, ...body } = sentRecords();
    const q = parseQueryRequest(body, NOW);
    assert.equal(q.agg, 'SUM');
    assert.equal(q.timeAgg, 'SUM');
    assert.deepEqual(q.groupBy, []);
    assert.equal(q.limit, 100);
    assert.equal(q.format, 'FLAT');
    assert.equal(q.order, 'DESCENDING');
    const gauge = parseQueryRequest({ ...body, aggregations: [{ metric: STATUS }] }, NOW);
    assert.equal(gauge.agg, 'SUM');
    assert.equal(gauge.timeAgg, 'AVG');
  });

  it('takes agg and time_agg as given (the CLI sends agg SUM with time_agg MAX)', () => {
    for (const agg of ['SUM', 'MAX', 'MIN', 'AVG', 'COUNT'] as const) {
      const q = parseQueryRequest({ ...sentRecords(), aggregations: [{ metric: SENT, agg, time_agg: agg }] }, NOW);
      assert.equal(q.agg, agg);
      assert.equal(q.timeAgg, agg);
    }
    const q = parseQueryRequest(
      { ...sentRecords(), aggregations: [{ metric: STATUS, agg: 'SUM', time_agg: 'MAX' }] },
      NOW,
    );
    assert.equal(q.timeAgg, 'MAX');
  });

  it('rejects a body that is not an object', () => {
    for (const body of [null, undefined, 'x', [], 3]) rejects(body, undefined, /must be a JSON object/);
  });

  it('needs exactly one aggregation naming a known metric', () => {
    const base = sentRecords();
    rejects({ ...base, aggregations: undefined }, '/aggregations', /exactly one/);
    rejects({ ...base, aggregations: [] }, '/aggregations', /exactly one/);
    rejects({ ...base, aggregations: [{ metric: SENT }, { metric: SENT }] }, '/aggregations', /exactly one/);
    rejects({ ...base, aggregations: [null] }, '/aggregations/0/metric', /metric name/);
    rejects({ ...base, aggregations: [{}] }, '/aggregations/0/metric', /metric name/);
    rejects(
      { ...base, aggregations: [{ metric: 'io.confluent.kafka.connect/nope' }] },
      '/aggregations/0/metric',
      /Unknown metric/,
    );
  });

  it('rejects an unknown agg or time_agg', () => {
    const base = sentRecords();
    rejects(
      { ...base, aggregations: [{ metric: SENT, agg: 'MEDIAN' }] },
      '/aggregations/0/agg',
      /SUM, MAX, MIN, AVG, COUNT/,
    );
    rejects({ ...base, aggregations: [{ metric: SENT, agg: 'sum' }] }, '/aggregations/0/agg', /agg must be/);
    rejects({ ...base, aggregations: [{ metric: SENT, time_agg: 'LAST' }] }, '/aggregations/0/time_agg', /time_agg/);
  });

  it('requires a known granularity', () => {
    const base = sentRecords();
    rejects({ ...base, granularity: undefined }, '/granularity', /granularity must be one of/);
    rejects({ ...base, granularity: 'PT2M' }, '/granularity', /PT1M, PT5M/);
    // an Object.prototype name is not a granularity (it used to pass and fail later as a 500)
    rejects({ ...base, granularity: 'constructor' }, '/granularity', /granularity must be one of/);
    for (const g of ['PT1M', 'PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT4H', 'PT6H', 'PT12H', 'P1D', 'ALL'])
      assert.equal(parseQueryRequest({ ...base, granularity: g }, NOW).granularity, g);
  });

  it('requires a filter that pins the resource', () => {
    const base = sentRecords();
    rejects({ ...base, filter: undefined }, '/filter', /filter is required/);
    rejects({ ...base, filter: null }, '/filter', /must be an object/);
    rejects(
      { ...base, filter: { field: 'resource.connector.id', op: 'GT', value: 'lcc' } },
      '/filter',
      /pin the resource with EQ on resource\.connector\.id/,
    );
    rejects(
      { ...base, aggregations: [{ metric: LAG }], filter: { field: 'metric.topic', op: 'EQ', value: 'a' } },
      '/filter',
      /resource\.kafka\.id/,
    );
    rejects(
      { ...base, filter: { field: 'resource.connector.id', op: 'LIKE', value: 'x' } },
      '/filter/op',
      /op must be/,
    );
  });

  it('takes group_by labels of the metric only', () => {
    const base = {
      ...sentRecords(),
      aggregations: [{ metric: LAG }],
      filter: { field: 'resource.kafka.id', op: 'EQ', value: 'lkc-1' },
    };
    assert.deepEqual(
      parseQueryRequest({ ...base, group_by: ['metric.topic', 'metric.consumer_group_id', 'resource.kafka.id'] }, NOW)
        .groupBy,
      ['metric.topic', 'metric.consumer_group_id', 'resource.kafka.id'],
    );
    rejects({ ...base, group_by: 'metric.topic' }, '/group_by', /list of labels/);
    rejects({ ...base, group_by: [1] }, '/group_by', /list of labels/);
    rejects({ ...base, group_by: ['metric.topic', 'topic'] }, '/group_by/1', /cannot be grouped by 'topic'/);
    rejects({ ...base, group_by: ['resource.connector.id'] }, '/group_by/0', /cannot be grouped/);
  });

  it('requires intervals and keeps all of them', () => {
    const base = sentRecords();
    rejects({ ...base, intervals: undefined }, '/intervals', /at least one/);
    rejects({ ...base, intervals: [] }, '/intervals', /at least one/);
    rejects({ ...base, intervals: 'PT1H/now' }, '/intervals', /at least one/);
    rejects({ ...base, intervals: [3600] }, '/intervals', /at least one/);
    rejects({ ...base, intervals: ['PT1H'] }, '/intervals', /Invalid interval/);
    const q = parseQueryRequest({ ...base, intervals: ['now-2h|h/PT1H', 'PT30M/now|m'] }, NOW);
    assert.deepEqual(q.intervals, [
      { start: Date.parse('2026-01-15T10:00:00Z'), end: Date.parse('2026-01-15T11:00:00Z') },
      { start: Date.parse('2026-01-15T11:36:00Z'), end: Date.parse('2026-01-15T12:06:00Z') },
    ]);
  });

  it('limits how long an interval may be at a fine granularity', () => {
    const base = sentRecords();
    // Confluent's own limits are accepted (PT1M: 6 h, PT5M: a day, PT15M: 4 days, PT30M: 7 days)
    assert.doesNotThrow(() => parseQueryRequest({ ...base, granularity: 'PT1M', intervals: ['PT6H/now'] }, NOW));
    assert.doesNotThrow(() => parseQueryRequest({ ...base, granularity: 'PT5M', intervals: ['P1D/now'] }, NOW));
    assert.doesNotThrow(() => parseQueryRequest({ ...base, granularity: 'PT15M', intervals: ['P4D/now'] }, NOW));
    assert.doesNotThrow(() => parseQueryRequest({ ...base, granularity: 'PT30M', intervals: ['P7D/now'] }, NOW));
    assert.doesNotThrow(() => parseQueryRequest({ ...base, granularity: 'PT1H', intervals: ['P90D/now'] }, NOW));
    assert.doesNotThrow(() => parseQueryRequest({ ...base, granularity: 'ALL', intervals: ['P90D/now'] }, NOW));
    rejects(
      { ...base, granularity: 'PT5M', intervals: ['PT24H1M/now'] },
      '/intervals',
      /PT5M may cover at most 24 hours/,
    );
    rejects({ ...base, granularity: 'PT15M', intervals: ['P5D/now'] }, '/intervals', /at most 96 hours/);
    rejects({ ...base, granularity: 'PT30M', intervals: ['PT1H/now', 'P8D/now'] }, '/intervals', /at most 168 hours/);
  });

  it('takes limit from 1 to 1000', () => {
    const base = sentRecords();
    assert.equal(parseQueryRequest({ ...base, limit: 1 }, NOW).limit, 1);
    assert.equal(parseQueryRequest({ ...base, limit: 1000 }, NOW).limit, 1000);
    for (const limit of [0, 1001, 1.5, '10', -1]) rejects({ ...base, limit }, '/limit', /integer from 1 to 1000/);
  });

  it('takes format FLAT or GROUPED, GROUPED only with group_by', () => {
    const base = { ...sentRecords(), group_by: ['resource.connector.id'] };
    assert.equal(parseQueryRequest({ ...base, format: 'FLAT' }, NOW).format, 'FLAT');
    assert.equal(parseQueryRequest({ ...base, format: 'GROUPED' }, NOW).format, 'GROUPED');
    rejects({ ...base, format: 'grouped' }, '/format', /FLAT or GROUPED/);
    rejects({ ...sentRecords(), format: 'GROUPED' }, '/format', /non-empty group_by/);
    rejects({ ...sentRecords(), group_by: [], format: 'GROUPED' }, '/format', /non-empty group_by/);
  });

  it('takes order_by with granularity ALL only, descending by default', () => {
    const base = { ...sentRecords(), granularity: 'ALL', group_by: ['resource.connector.id'] };
    assert.equal(parseQueryRequest(base, NOW).order, 'DESCENDING');
    assert.equal(
      parseQueryRequest({ ...base, order_by: [{ metric: SENT, order: 'ASCENDING' }] }, NOW).order,
      'ASCENDING',
    );
    assert.equal(
      parseQueryRequest({ ...base, order_by: [{ metric: SENT, order: 'DESCENDING' }] }, NOW).order,
      'DESCENDING',
    );
    assert.equal(parseQueryRequest({ ...base, order_by: [{ metric: SENT }] }, NOW).order, 'DESCENDING');
    rejects(
      { ...base, granularity: 'PT1H', order_by: [{ metric: SENT }] },
      '/order_by',
      /only allowed with granularity ALL/,
    );
    rejects({ ...base, order_by: [] }, '/order_by', /order_by must be/);
    rejects({ ...base, order_by: { order: 'ASCENDING' } }, '/order_by', /order_by must be/);
    rejects({ ...base, order_by: [{ metric: SENT, order: 'UP' }] }, '/order_by', /ASCENDING\|DESCENDING/);
  });
});

describe('labelNames', () => {
  it('names resource ids and metric labels as queries spell them', () => {
    const q = parseQueryRequest(
      {
        ...sentRecords(),
        aggregations: [{ metric: RECEIVED_BYTES }],
        filter: { field: 'resource.kafka.id', op: 'EQ', value: 'lkc-1' },
      },
      NOW,
    );
    assert.deepEqual(labelNames(q.metric), ['resource.kafka.id', 'metric.topic']);
  });
});
