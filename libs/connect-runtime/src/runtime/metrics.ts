// The worker's Prometheus metrics, per task and per connector, through prom-client (one registry
// per runtime, so several runtimes in one process — tests — keep their own series).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type TaskLabels = {
  connector: string;
  task: string;
};

const TASK = ['connector', 'task'] as const;
const WORKER = ['worker'] as const;

export class RuntimeMetrics {
  private readonly registry = new Registry();
  private readonly counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: TASK, registers: [this.registry] });

  readonly polled = this.counter(
    'connect_source_task_records_polled_total',
    'Records polled by a source task (before transforms).',
  );
  readonly produced = this.counter(
    'connect_source_task_records_written_total',
    'Records a source task wrote and the broker acknowledged.',
  );
  readonly put = this.counter('connect_sink_task_records_put_total', 'Records handed to a sink task put().');
  readonly errors = this.counter('connect_task_errors_total', 'Task failures (exceptions that failed the task).');
  readonly fenced = this.counter(
    'connect_task_fenced_total',
    'Writes rejected because a newer epoch owns the task (zombie fenced).',
  );
  readonly restarts = this.counter('connect_task_restarts_total', 'Task (re)starts on this worker.');
  readonly lag = new Gauge({
    name: 'connect_sink_task_lag_records',
    help: 'Records between a sink task position and the high watermark.',
    labelNames: TASK,
    registers: [this.registry],
  });
  // KIP-298 task error metrics (Kafka's task-error-metrics group)
  readonly recordFailures = this.counter(
    'connect_task_error_total_record_failures',
    'Record processing failures (after retries) in any stage.',
  );
  readonly recordsSkipped = this.counter(
    'connect_task_error_total_records_skipped',
    'Records skipped because of errors (errors.tolerance=all).',
  );
  readonly retries = this.counter('connect_task_error_total_retries', 'Retried operations.');
  readonly dlqRequests = this.counter(
    'connect_task_error_deadletterqueue_produce_requests',
    'Attempted writes to the dead letter queue.',
  );
  readonly dlqFailures = this.counter(
    'connect_task_error_deadletterqueue_produce_failures',
    'Failed writes to the dead letter queue.',
  );
  readonly running = new Gauge({
    name: 'connect_worker_tasks_running',
    help: 'Tasks running on this worker.',
    labelNames: WORKER,
    registers: [this.registry],
  });
  readonly capacity = new Gauge({
    name: 'connect_worker_task_capacity',
    help: 'Task capacity of this worker.',
    labelNames: WORKER,
    registers: [this.registry],
  });
  readonly batch = new Histogram({
    name: 'connect_task_batch_seconds',
    help: 'Time to process one batch (source: poll→ack; sink: convert→put).',
    labelNames: TASK,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** One series per task held here, its current state as a label (value 1), as Grafana's state timelines want. */
  readonly taskState = new Gauge({
    name: 'connect_task_state',
    help: 'The state a task on this worker last reported (1 for the current state, one series per task).',
    labelNames: ['connector', 'task', 'state'],
    registers: [this.registry],
  });
  private readonly lastState = new Map<string, string>();

  constructor() {
    // per-connector rollups of the per-task series, summed when scraped
    this.rollup(this.polled, 'connect_connector_records_polled_total', 'Records polled, per connector.', 'counter');
    this.rollup(this.put, 'connect_connector_records_put_total', 'Records handed to put(), per connector.', 'counter');
    this.rollup(this.errors, 'connect_connector_errors_total', 'Task failures, per connector.', 'counter');
    this.rollup(this.lag, 'connect_connector_lag_records', 'Sink lag in records, per connector.', 'gauge');
  }

  forget(labels: TaskLabels): void {
    this.lag.remove(labels);
  }

  setTaskState(labels: TaskLabels, state: string): void {
    const key = `${labels.connector}/${labels.task}`;
    const previous = this.lastState.get(key);
    if (previous === state) return;
    if (previous !== undefined) this.taskState.remove({ ...labels, state: previous });
    this.taskState.set({ ...labels, state }, 1);
    this.lastState.set(key, state);
  }

  forgetTaskState(labels: TaskLabels): void {
    const key = `${labels.connector}/${labels.task}`;
    const previous = this.lastState.get(key);
    if (previous !== undefined) this.taskState.remove({ ...labels, state: previous });
    this.lastState.delete(key);
  }

  /** Node's process metrics (event-loop lag, heap, RSS, GC) in this registry: once per process, by the worker app. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The text exposition format (0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private rollup(source: Counter<string> | Gauge<string>, name: string, help: string, type: 'counter' | 'gauge') {
    const sumByConnector = async () => {
      const sums = new Map<string, number>();
      for (const { labels, value } of (await source.get()).values) {
        const c = String(labels.connector);
        sums.set(c, (sums.get(c) ?? 0) + value);
      }
      return sums;
    };
    const options = { name, help, labelNames: ['connector'], registers: [this.registry] };
    if (type === 'gauge') {
      new Gauge({
        ...options,
        async collect() {
          this.reset();
          for (const [connector, v] of await sumByConnector()) this.set({ connector }, v);
        },
      });
    } else {
      new Counter({
        ...options,
        async collect() {
          this.reset();
          for (const [connector, v] of await sumByConnector()) this.inc({ connector }, v);
        },
      });
    }
  }
}
