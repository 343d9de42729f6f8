// GET /v2/metrics/cloud/export bodies (METRICS-AND-LOGS.md §A.5): Confluent's metric and label
// names, every metric a gauge, Prometheus text 0.0.4 or OpenMetrics 1.0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXPORT_CONTENT_TYPES, exportName, renderExport, type ExportSample } from '../src/prometheus-export';
import { metricDescriptor } from '../src/metric-catalog';

const AT = 1_609_459_200_000; // 2021-01-01T00:00:00Z, the spec's sample timestamp
const RECEIVED_BYTES = 'io.confluent.kafka.server/received_bytes';
const SENT_RECORDS = 'io.confluent.kafka.connect/sent_records';

const samples: ExportSample[] = [
  { metric: SENT_RECORDS, labels: { 'resource.connector.id': 'lcc-1' }, value: 42 },
  { metric: RECEIVED_BYTES, labels: { 'resource.kafka.id': 'lkc-1', 'metric.topic': 'topicA' }, value: 10 },
  { metric: RECEIVED_BYTES, labels: { 'metric.topic': 'topicB', 'resource.kafka.id': 'lkc-1' }, value: 2.5 },
];

/** A sample line as [name, labels, value, timestamp]; label values stay escaped. */
function sample(line: string): [string, Record<string, string>, string, string] | undefined {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+) (\S+)$/.exec(line);
  if (!m) return undefined;
  const labels: Record<string, string> = {};
  for (const [, k, v] of m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
  return [m[1], labels, m[3], m[4]];
}

describe('exportName', () => {
  it('mangles names as Confluent does', () => {
    assert.equal(exportName(RECEIVED_BYTES), 'confluent_kafka_server_received_bytes');
    assert.equal(exportName(SENT_RECORDS), 'confluent_kafka_connect_sent_records');
    assert.equal(exportName('io.confluent.kafka.connect/dead-letter'), 'confluent_kafka_connect_dead_letter');
  });
});

describe('renderExport', () => {
  it('writes Prometheus text: HELP, TYPE gauge, samples with dropped label prefixes', () => {
    const lines = renderExport(samples, AT, 'prometheus').split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      `# HELP confluent_kafka_connect_sent_records ${metricDescriptor(SENT_RECORDS)!.description}`,
      '# TYPE confluent_kafka_connect_sent_records gauge',
      // Prometheus text timestamps are milliseconds (exposition format 0.0.4); the spec's
      // example shows seconds, which a Prometheus server would place in 1970
      'confluent_kafka_connect_sent_records{connector_id="lcc-1"} 42.0 1609459200000',
    ]);
    assert.deepEqual(lines.slice(3, 5), [
      `# HELP confluent_kafka_server_received_bytes ${metricDescriptor(RECEIVED_BYTES)!.description}`,
      '# TYPE confluent_kafka_server_received_bytes gauge',
    ]);
    // label order carries no meaning in the format, so compare label sets
    assert.deepEqual(lines.slice(5).map(sample), [
      ['confluent_kafka_server_received_bytes', { kafka_id: 'lkc-1', topic: 'topicA' }, '10.0', '1609459200000'],
      ['confluent_kafka_server_received_bytes', { kafka_id: 'lkc-1', topic: 'topicB' }, '2.5', '1609459200000'],
      undefined,
    ]);
    assert.equal(lines.at(-1), '');
  });

  it('writes OpenMetrics: UNIT for bytes, timestamps in seconds with millis, # EOF last', () => {
    const text = renderExport(samples, AT, 'openmetrics');
    const lines = text.split('\n');
    assert.equal(lines.at(-1), '');
    assert.equal(lines.at(-2), '# EOF');
    assert.deepEqual(
      lines.map(sample).filter((x) => x?.[0] === 'confluent_kafka_server_received_bytes'),
      [
        ['confluent_kafka_server_received_bytes', { kafka_id: 'lkc-1', topic: 'topicA' }, '10.0', '1609459200.000'],
        ['confluent_kafka_server_received_bytes', { kafka_id: 'lkc-1', topic: 'topicB' }, '2.5', '1609459200.000'],
      ],
    );
    assert.ok(lines.includes('confluent_kafka_connect_sent_records{connector_id="lcc-1"} 42.0 1609459200.000'));
    assert.ok(lines.includes('# TYPE confluent_kafka_server_received_bytes gauge'));
    // OpenMetrics: a family with a unit has a name ending in _<unit>
    assert.ok(lines.includes('# UNIT confluent_kafka_server_received_bytes bytes'));
    // records have the dimensionless unit "1": no UNIT line
    assert.ok(!lines.some((l) => l.startsWith('# UNIT confluent_kafka_connect_sent_records')));
    // the descriptor lines of a family come before its samples
    const unit = lines.indexOf('# UNIT confluent_kafka_server_received_bytes bytes');
    const first = lines.findIndex((l) => l.startsWith('confluent_kafka_server_received_bytes{'));
    assert.ok(unit < first);
  });

  it('keeps sub-second timestamps in OpenMetrics', () => {
    const text = renderExport([samples[0]], AT + 1_250, 'openmetrics');
    assert.match(text, / 42\.0 1609459201\.250\n/);
  });

  it('escapes backslash, double quote and newline in label values', () => {
    const text = renderExport(
      [{ metric: RECEIVED_BYTES, labels: { 'resource.kafka.id': 'lkc-1', 'metric.topic': 'a\\b"c\nd' }, value: 1 }],
      AT,
      'prometheus',
    );
    assert.deepEqual(sample(text.split('\n')[2])?.[1], { kafka_id: 'lkc-1', topic: 'a\\\\b\\"c\\nd' });
  });

  it('turns dots left in a label name into underscores', () => {
    const text = renderExport(
      [{ metric: SENT_RECORDS, labels: { 'resource.connector.id': 'lcc-1', 'metric.task.id': '0' }, value: 1 }],
      AT,
      'prometheus',
    );
    assert.deepEqual(sample(text.split('\n')[2])?.[1], { connector_id: 'lcc-1', task_id: '0' });
  });

  it('describes a metric outside the catalog by its name', () => {
    const text = renderExport([{ metric: 'io.confluent.custom/thing', labels: {}, value: 0 }], AT, 'openmetrics');
    assert.equal(
      text,
      [
        '# HELP confluent_custom_thing io.confluent.custom/thing',
        '# TYPE confluent_custom_thing gauge',
        'confluent_custom_thing{} 0.0 1609459200.000',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('renders nothing but the terminator when there are no samples', () => {
    assert.equal(renderExport([], AT, 'openmetrics'), '# EOF\n');
    assert.equal(renderExport([], AT, 'prometheus').trim(), '');
  });

  it('serves the content types the spec names', () => {
    assert.match(EXPORT_CONTENT_TYPES.prometheus, /^text\/plain; ?version=0\.0\.4/);
    assert.match(EXPORT_CONTENT_TYPES.openmetrics, /^application\/openmetrics-text; ?version=1\.0\.0; ?charset=utf-8$/);
  });
});
