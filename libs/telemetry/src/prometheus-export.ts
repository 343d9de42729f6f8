// GET /v2/metrics/cloud/export: the latest point of each series in the Prometheus text format
// (0.0.4) or OpenMetrics, named as Confluent names them: `io.confluent.kafka.connect/sent_records`
// → `confluent_kafka_connect_sent_records`, `resource.connector.id` → `connector_id`,
// `metric.topic` → `topic`. Every metric is a gauge (counters are per-minute deltas). Prometheus
// text carries the timestamp in milliseconds, as that format defines (Confluent's docs show
// seconds, which a Prometheus server would read as 1970); OpenMetrics in seconds.
import { metricDescriptor } from './metric-catalog';

export interface ExportSample {
  metric: string;
  /** Series labels as queries name them (`resource.connector.id`, `metric.topic`). */
  labels: Record<string, string>;
  value: number;
}

export type ExportFormat = 'prometheus' | 'openmetrics';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

export function exportName(metric: string): string {
  return metric
    .replace(/^io\./, '')
    .replace(/[./]/g, '_')
    .replace(/[^a-zA-Z0-9_]/g, '_');
}

const labelName = (label: string) =>
  label
    .replace(/^resource\./, '')
    .replace(/^metric\./, '')
    .replace(/\./g, '_');
const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

const UCUM_TO_OPENMETRICS: Record<string, string> = { By: 'bytes' };

export function renderExport(samples: readonly ExportSample[], atMs: number, format: ExportFormat): string {
  const byMetric = new Map<string, ExportSample[]>();
  for (const s of samples) {
    let list = byMetric.get(s.metric);
    if (!list) byMetric.set(s.metric, (list = []));
    list.push(s);
  }
  const lines: string[] = [];
  const stamp = format === 'prometheus' ? String(atMs) : (atMs / 1000).toFixed(3);
  for (const [metric, list] of [...byMetric].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const d = metricDescriptor(metric);
    const name = exportName(metric);
    lines.push(`# HELP ${name} ${d?.description ?? metric}`, `# TYPE ${name} gauge`);
    const unit = d ? UCUM_TO_OPENMETRICS[d.unit] : undefined;
    if (format === 'openmetrics' && unit) lines.push(`# UNIT ${name} ${unit}`);
    for (const s of list) {
      const labels = Object.keys(s.labels)
        .sort()
        .map((k) => `${labelName(k)}="${escape(s.labels[k])}"`)
        .join(',');
      lines.push(`${name}{${labels}} ${Number.isInteger(s.value) ? s.value.toFixed(1) : s.value} ${stamp}`);
    }
  }
  if (format === 'openmetrics') lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
