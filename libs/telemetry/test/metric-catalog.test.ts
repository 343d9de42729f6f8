// The metric catalog against the names, kinds and resources of METRICS-AND-LOGS.md §A.1, §A.7, §A.8.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONNECT_METRICS, KAFKA_METRICS, METRICS, RESOURCES, metricDescriptor } from '../src/metric-catalog';

const COUNTERS = [
  'io.confluent.kafka.connect/sent_records',
  'io.confluent.kafka.connect/received_records',
  'io.confluent.kafka.connect/sent_bytes',
  'io.confluent.kafka.connect/received_bytes',
  'io.confluent.kafka.connect/dead_letter_queue_records',
  'io.confluent.kafka.server/received_bytes',
  'io.confluent.kafka.server/sent_bytes',
  'io.confluent.kafka.server/received_records',
  'io.confluent.kafka.server/sent_records',
];
const GAUGES = [
  'io.confluent.kafka.connect/connector_status',
  'io.confluent.kafka.connect/records_lag_max',
  'io.confluent.kafka.server/consumer_lag_offsets',
];

describe('metric catalog', () => {
  it('holds Confluent’s metric names, each once', () => {
    const names = METRICS.map((m) => m.name);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual([...names].sort(), [...COUNTERS, ...GAUGES].sort());
  });

  it('types counters and gauges as the spec reads them', () => {
    for (const n of COUNTERS) assert.match(metricDescriptor(n)!.type, /^COUNTER_/, n);
    for (const n of GAUGES) assert.match(metricDescriptor(n)!.type, /^GAUGE_/, n);
  });

  it('uses UCUM units: By for bytes, 1 for counts', () => {
    for (const m of METRICS) assert.equal(m.unit, m.name.endsWith('_bytes') ? 'By' : '1', m.name);
  });

  it('puts connect metrics on connectors and server metrics on Kafka clusters', () => {
    for (const m of METRICS)
      assert.deepEqual(m.resources, [m.name.startsWith('io.confluent.kafka.connect/') ? 'connector' : 'kafka'], m.name);
  });

  it('has bare label keys (used as metric.<key>) as the spec lists them', () => {
    const keys = (n: string) => metricDescriptor(n)!.labels.map((l) => l.key);
    for (const n of [
      'io.confluent.kafka.server/received_bytes',
      'io.confluent.kafka.server/sent_bytes',
      'io.confluent.kafka.server/received_records',
      'io.confluent.kafka.server/sent_records',
    ])
      assert.deepEqual(keys(n), ['topic'], n);
    assert.deepEqual(keys('io.confluent.kafka.server/consumer_lag_offsets').sort(), ['consumer_group_id', 'topic']);
    assert.deepEqual(keys('io.confluent.kafka.connect/connector_status'), ['status']);
    for (const m of METRICS) for (const l of m.labels) assert.doesNotMatch(l.key, /^(metric|resource)\./);
  });

  it('marks every metric and label exportable and generally available, with a description', () => {
    for (const m of METRICS) {
      assert.equal(m.exportable, true, m.name);
      assert.equal(m.lifecycle_stage, 'GENERAL_AVAILABILITY', m.name);
      assert.ok(m.description.length > 0, m.name);
      for (const l of m.labels) assert.equal(l.exportable, true, `${m.name} ${l.key}`);
    }
  });

  it('describes the connector and kafka resources with their id labels', () => {
    assert.deepEqual(
      RESOURCES.map((r) => [r.type, r.labels.map((l) => l.key)]),
      [
        ['connector', ['connector.id']],
        ['kafka', ['kafka.id']],
      ],
    );
  });

  it('looks metrics up by name only', () => {
    assert.equal(metricDescriptor('io.confluent.kafka.connect/sent_records')?.type, 'COUNTER_INT64');
    assert.equal(metricDescriptor('sent_records'), undefined);
    assert.equal(metricDescriptor('constructor'), undefined);
  });

  it('names what the runtime and broker record by catalog names', () => {
    for (const n of [...Object.values(CONNECT_METRICS), ...Object.values(KAFKA_METRICS)])
      assert.ok(metricDescriptor(n), n);
    assert.equal(Object.values(CONNECT_METRICS).length + Object.values(KAFKA_METRICS).length, METRICS.length);
  });
});
