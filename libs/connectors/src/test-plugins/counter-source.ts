// CounterSource: a built-in test source. Task i emits {task: i, n} with n = 0, 1, 2, … to `topic`,
// with source partition {task: i} and offset {n}; after a restart it resumes from the committed
// offset + 1, so a consumer can check at-least-once delivery (no gaps; duplicates only past the
// last commit). With exactly-once delivery and `transaction.boundary=connector` it can define its
// own transactions (commit after every N-th record, abort every K-th of them), so that KIP-618's
// connector-defined boundaries have a plugin to be tested with.
import { existsSync, writeFileSync } from 'node:fs';
import {
  ConfigDef,
  ConfigException,
  Range,
  SourceConnector,
  SourceRecord,
  SourceTask,
  type ConnectorTransactionBoundaries,
  type ExactlyOnceSupport,
  type Props,
  type TaskConstructor,
} from '@libs/connect-spi';
import type { ConnectorPlugin } from '@libs/connect-spi';

export const BUILTIN_VERSION = '1.0.0';

const GROUP = 'Counter';

export function counterSourceConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'topic',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'Topic the counter records go to.',
      group: GROUP,
      orderInGroup: 1,
      displayName: 'Topic',
    })
    .define({
      name: 'tasks.max',
      type: 'INT',
      defaultValue: 1,
      validator: Range.atLeast(1),
      importance: 'HIGH',
      documentation: 'Number of counter tasks (one sequence each).',
      group: GROUP,
      orderInGroup: 2,
      displayName: 'Tasks max',
    })
    .define({
      name: 'batch.size',
      type: 'INT',
      defaultValue: 10,
      validator: Range.between(1, 10000),
      importance: 'LOW',
      documentation: 'Records per poll.',
      group: GROUP,
      orderInGroup: 3,
    })
    .define({
      name: 'poll.interval.ms',
      type: 'LONG',
      defaultValue: 100,
      validator: Range.atLeast(0),
      importance: 'LOW',
      documentation: 'Pause between polls.',
      group: GROUP,
      orderInGroup: 4,
    })
    .define({
      name: 'max.records',
      type: 'LONG',
      defaultValue: -1,
      importance: 'LOW',
      documentation: 'Stop emitting after this many records per task (-1: never).',
      group: GROUP,
      orderInGroup: 5,
    })
    .define({
      name: 'fail.at',
      type: 'LONG',
      defaultValue: -1,
      importance: 'LOW',
      documentation: 'Testing: poll() throws once when the counter reaches this value (see fail.marker.file).',
      group: GROUP,
      orderInGroup: 6,
    })
    .define({
      name: 'fail.marker.file',
      type: 'STRING',
      defaultValue: '',
      importance: 'LOW',
      documentation:
        'Testing: with fail.at, fail only while this file does not exist (created on failure), so a restart recovers. Empty: fail every time.',
      group: GROUP,
      orderInGroup: 7,
    })
    .define({
      name: 'transaction.commit.every',
      type: 'LONG',
      defaultValue: -1,
      importance: 'LOW',
      documentation:
        'With transaction.boundary=connector: end a transaction after every N-th record (-1: the task defines no boundaries).',
      group: GROUP,
      orderInGroup: 8,
    })
    .define({
      name: 'transaction.abort.every',
      type: 'LONG',
      defaultValue: -1,
      importance: 'LOW',
      documentation:
        'With transaction.commit.every: abort every K-th of those transactions instead of committing it (-1: never).',
      group: GROUP,
      orderInGroup: 9,
    });
}

export class CounterSourceConnector extends SourceConnector {
  private props: Props = {};

  version(): string {
    return BUILTIN_VERSION;
  }

  start(props: Props): void {
    const parsed = this.config().parse(props);
    if (!parsed.topic) throw new ConfigException('topic', parsed.topic, 'topic is required');
    this.props = { ...props };
  }

  taskClass(): TaskConstructor<unknown> {
    return CounterSourceTask;
  }

  taskConfigs(maxTasks: number): Props[] {
    const n = Math.min(maxTasks, Number(this.props['tasks.max'] ?? 1));
    // tasks.max is not part of a task's config: shrinking or growing leaves the other tasks as they are
    const { 'tasks.max': _max, ...rest } = this.props;
    return Array.from({ length: n }, (_, i) => ({ ...rest, 'task.id': String(i) }));
  }

  stop(): void {}

  config(): ConfigDef {
    return counterSourceConfigDef();
  }

  override exactlyOnceSupport(_props: Props): ExactlyOnceSupport {
    return 'SUPPORTED'; // deterministic records from its committed offset
  }

  override canDefineTransactionBoundaries(props: Props): ConnectorTransactionBoundaries {
    return Number(props['transaction.commit.every'] ?? -1) > 0 ? 'SUPPORTED' : 'UNSUPPORTED';
  }
}

export class CounterSourceTask extends SourceTask {
  private topic = '';
  private taskId = 0;
  private next = 0;
  private batch = 10;
  private intervalMs = 100;
  private max = -1;
  private failAt = -1;
  private failMarker = '';
  private emitted = 0;
  private stopped = false;
  private commitEvery = -1;
  private abortEvery = -1;

  version(): string {
    return BUILTIN_VERSION;
  }

  async start(props: Props): Promise<void> {
    const c = counterSourceConfigDef().parse(props);
    this.topic = String(c.topic);
    this.taskId = Number(props['task.id'] ?? 0);
    this.batch = Number(c['batch.size']);
    this.intervalMs = Number(c['poll.interval.ms']);
    this.max = Number(c['max.records']);
    this.failAt = Number(c['fail.at']);
    this.failMarker = String(c['fail.marker.file'] ?? '');
    this.commitEvery = Number(c['transaction.commit.every']);
    this.abortEvery = Number(c['transaction.abort.every']);
    const committed = await this.context?.offsetStorageReader.offset({ task: this.taskId });
    this.next = committed && typeof committed.n === 'number' ? committed.n + 1 : 0;
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.intervalMs > 0) await new Promise((r) => setTimeout(r, this.intervalMs));
    if (this.stopped) return null;
    const out: SourceRecord[] = [];
    for (let i = 0; i < this.batch; i++) {
      if (this.max >= 0 && this.next >= this.max) break;
      const n = this.next;
      if (n === this.failAt && !(this.failMarker && existsSync(this.failMarker))) {
        if (this.failMarker) writeFileSync(this.failMarker, String(Date.now()));
        throw new Error(`CounterSource task ${this.taskId} failed on purpose at ${n}`);
      }
      const record = new SourceRecord(
        { task: this.taskId },
        { n },
        this.topic,
        null,
        null,
        `task-${this.taskId}`,
        null,
        { task: this.taskId, n },
        Date.now(),
      );
      out.push(record);
      this.endTransactionAfter(record, n);
      this.next++;
      this.emitted++;
    }
    return out.length > 0 ? out : null;
  }

  /** Connector-defined boundaries: the transaction of records [k·N, (k+1)·N) ends after its last one. */
  private endTransactionAfter(record: SourceRecord, n: number): void {
    const tx = this.context?.transactionContext;
    if (!tx || this.commitEvery <= 0 || (n + 1) % this.commitEvery !== 0) return;
    const index = Math.floor(n / this.commitEvery);
    if (this.abortEvery > 0 && index % this.abortEvery === this.abortEvery - 1) tx.abortTransaction(record);
    else tx.commitTransaction(record);
  }

  stop(): void {
    this.stopped = true;
  }
}

export const counterSourcePlugin: ConnectorPlugin = {
  alias: 'CounterSource',
  className: 'io.connectplane.connect.builtin.CounterSourceConnector',
  type: 'source',
  version: BUILTIN_VERSION,
  create: () => new CounterSourceConnector(),
};
