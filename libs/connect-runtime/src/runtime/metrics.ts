// The worker's Prometheus metrics, per task and per connector (text exposition format 0.0.4).

type Labels = Record<string, string>;

const key = (l: Labels) => JSON.stringify(Object.entries(l).sort(([a], [b]) => a.localeCompare(b)));

function fmt(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

class Series {
  readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge',
  ) {}
  inc(labels: Labels, by = 1): void {
    const k = key(labels);
    const v = this.values.get(k);
    if (v) v.value += by;
    else this.values.set(k, { labels, value: by });
  }
  set(labels: Labels, value: number): void {
    this.values.set(key(labels), { labels, value });
  }
  remove(labels: Labels): void {
    this.values.delete(key(labels));
  }
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`);
    for (const { labels, value } of this.values.values()) out.push(`${this.name}${fmt(labels)} ${value}`);
  }
}

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

class Histogram {
  private readonly values = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(labels: Labels, seconds: number): void {
    const k = key(labels);
    let v = this.values.get(k);
    if (!v) this.values.set(k, (v = { labels, counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) v.counts[i]++;
    v.sum += seconds;
    v.count++;
  }
  remove(labels: Labels): void {
    this.values.delete(key(labels));
  }
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const v of this.values.values()) {
      BUCKETS.forEach((b, i) => out.push(`${this.name}_bucket${fmt({ ...v.labels, le: String(b) })} ${v.counts[i]}`));
      out.push(`${this.name}_bucket${fmt({ ...v.labels, le: '+Inf' })} ${v.count}`);
      out.push(`${this.name}_sum${fmt(v.labels)} ${v.sum}`, `${this.name}_count${fmt(v.labels)} ${v.count}`);
    }
  }
}

export type TaskLabels = {
  connector: string;
  task: string;
};

export class RuntimeMetrics {
  readonly polled = new Series(
    'connect_source_task_records_polled_total',
    'Records polled by a source task (before transforms).',
    'counter',
  );
  readonly produced = new Series(
    'connect_source_task_records_written_total',
    'Records a source task wrote and the broker acknowledged.',
    'counter',
  );
  readonly put = new Series('connect_sink_task_records_put_total', 'Records handed to a sink task put().', 'counter');
  readonly errors = new Series(
    'connect_task_errors_total',
    'Task failures (exceptions that failed the task).',
    'counter',
  );
  readonly fenced = new Series(
    'connect_task_fenced_total',
    'Writes rejected because a newer epoch owns the task (zombie fenced).',
    'counter',
  );
  readonly restarts = new Series('connect_task_restarts_total', 'Task (re)starts on this worker.', 'counter');
  readonly lag = new Series(
    'connect_sink_task_lag_records',
    'Records between a sink task position and the high watermark.',
    'gauge',
  );
  // KIP-298 task error metrics (Kafka's task-error-metrics group)
  readonly recordFailures = new Series(
    'connect_task_error_total_record_failures',
    'Record processing failures (after retries) in any stage.',
    'counter',
  );
  readonly recordsSkipped = new Series(
    'connect_task_error_total_records_skipped',
    'Records skipped because of errors (errors.tolerance=all).',
    'counter',
  );
  readonly retries = new Series('connect_task_error_total_retries', 'Retried operations.', 'counter');
  readonly dlqRequests = new Series(
    'connect_task_error_deadletterqueue_produce_requests',
    'Attempted writes to the dead letter queue.',
    'counter',
  );
  readonly dlqFailures = new Series(
    'connect_task_error_deadletterqueue_produce_failures',
    'Failed writes to the dead letter queue.',
    'counter',
  );
  readonly running = new Series('connect_worker_tasks_running', 'Tasks running on this worker.', 'gauge');
  readonly capacity = new Series('connect_worker_task_capacity', 'Task capacity of this worker.', 'gauge');
  readonly batch = new Histogram(
    'connect_task_batch_seconds',
    'Time to process one batch (source: poll→ack; sink: convert→put).',
  );

  forget(labels: TaskLabels): void {
    this.lag.remove(labels);
  }

  render(): string {
    const out: string[] = [];
    for (const s of [
      this.polled,
      this.produced,
      this.put,
      this.errors,
      this.fenced,
      this.restarts,
      this.lag,
      this.recordFailures,
      this.recordsSkipped,
      this.retries,
      this.dlqRequests,
      this.dlqFailures,
      this.running,
      this.capacity,
    ])
      s.render(out);
    this.batch.render(out);
    // per-connector rollups of the per-task counters
    for (const [s, name] of [
      [this.polled, 'connect_connector_records_polled_total'],
      [this.put, 'connect_connector_records_put_total'],
      [this.errors, 'connect_connector_errors_total'],
      [this.lag, 'connect_connector_lag_records'],
    ] as const) {
      const byConnector = new Map<string, number>();
      for (const { labels, value } of s.values.values())
        byConnector.set(labels.connector, (byConnector.get(labels.connector) ?? 0) + value);
      out.push(`# TYPE ${name} ${s.type}`);
      for (const [c, v] of byConnector) out.push(`${name}${fmt({ connector: c })} ${v}`);
    }
    return out.join('\n') + '\n';
  }
}
