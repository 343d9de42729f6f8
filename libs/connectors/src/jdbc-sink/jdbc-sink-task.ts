// The JDBC sink task, dialect-neutral: put() writes durably through the writer (one transaction,
// retried on transient errors), unrolls a failed batch into the ErrantRecordReporter when there is
// one (as Confluent's JdbcSinkTask does once retries are spent), and preCommit only ever returns
// offsets of committed rows.
import { SinkTask, topicPartitionKey, type OffsetMap, type Props, type SinkRecord } from '@libs/connect-spi';
import { JdbcConnectionException } from './dialect';
import type { JdbcSinkConfig } from './jdbc-sink-config';
import type { JdbcWriter, WriterHooks } from './jdbc-writer';

export abstract class JdbcSinkTask<C extends JdbcSinkConfig = JdbcSinkConfig> extends SinkTask {
  protected writer: JdbcWriter | null = null;
  config_: C | null = null;
  /** Next offset per partition whose rows are committed in the database. */
  private readonly committed = new Map<string, number>();
  /** Hooks for tests (retry observation, fast sleeps, egress policy). */
  hooks: WriterHooks = {};

  protected abstract parse(props: Props): C;
  protected abstract createWriter(config: C, hooks: WriterHooks): JdbcWriter;

  start(props: Props): void {
    this.config_ = this.parse(props);
    this.writer = this.createWriter(this.config_, this.hooks);
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (!this.writer) throw new Error('task not started');
    if (records.length === 0) return;
    try {
      await this.writer.write(records);
    } catch (e) {
      // Confluent: with an ErrantRecordReporter (DLQ / errors.log.enable), a batch that failed for
      // good is unrolled: each record is written on its own and the failures are reported. A
      // database that cannot be reached fails the task instead: no record is at fault.
      const reporter = this.context?.errantRecordReporter() ?? null;
      if (!reporter || e instanceof JdbcConnectionException) throw e;
      for (const r of records) {
        try {
          await this.writer.write([r]);
        } catch (err) {
          if (err instanceof JdbcConnectionException) throw err;
          await reporter.report(r, err instanceof Error ? err : new Error(String(err)));
        }
      }
    }
    for (const r of records) {
      const key = topicPartitionKey({ topic: r.originalTopic, partition: r.originalKafkaPartition ?? 0 });
      const next = r.originalKafkaOffset + 1;
      if ((this.committed.get(key) ?? -1) < next) this.committed.set(key, next);
    }
  }

  /** Rows are committed inside put(); nothing is buffered. */
  override flush(): void {}

  /** Only offsets whose rows are committed (never past what put() made durable). */
  override async preCommit(currentOffsets: OffsetMap): Promise<OffsetMap> {
    const out: OffsetMap = new Map();
    for (const [k, v] of currentOffsets) {
      const done = this.committed.get(k);
      if (done === undefined) continue;
      out.set(k, { topicPartition: v.topicPartition, offset: Math.min(v.offset, done) });
    }
    return out;
  }

  async stop(): Promise<void> {
    await this.writer?.close();
    this.writer = null;
  }
}
