// MySqlSink (io.confluent.connect.jdbc.JdbcSinkConnector with the MySQL dialect), Confluent
// Cloud's managed property set. put() writes durably (one transaction per put, retried on
// transient errors), so preCommit only ever returns offsets of committed rows.
import {
  ConfigDef,
  SinkConnector,
  SinkTask,
  type Config,
  type OffsetMap,
  type Props,
  type SinkRecord,
  type TaskConstructor,
  topicPartitionKey,
} from '@libs/connect-spi';
import type { EgressPolicy } from '../egress/egress-policy';
import { mergeErrors } from '../common/validation';
import {
  egressProblems,
  mySqlSinkConfigDef,
  mySqlSinkProblems,
  parseMySqlSinkConfig,
  type MySqlSinkConfig,
} from './mysql-sink-config';
import { MySqlWriter, type WriterHooks } from './mysql-writer';

export const MYSQL_SINK_VERSION = '10.8.0';
export const MYSQL_SINK_CLASS = 'io.confluent.connect.jdbc.JdbcSinkConnector';

const OWNED = [
  'insert.mode',
  'pk.mode',
  'ssl.mode',
  'input.data.format',
  'input.key.format',
  'quote.sql.identifiers',
  'auto.create',
  'auto.evolve',
  'delete.enabled',
  'db.timezone',
  'connection.port',
];

export class MySqlSinkConnector extends SinkConnector {
  private props: Props = {};
  /** Tests / embedders: the policy to validate connection.host against (default: process-wide). */
  static egressPolicyOverride: EgressPolicy | null = null;

  version(): string {
    return MYSQL_SINK_VERSION;
  }

  start(props: Props): void {
    parseMySqlSinkConfig(props);
    this.props = { ...props };
  }

  taskClass(): TaskConstructor<unknown> {
    return MySqlSinkTask;
  }

  taskConfigs(maxTasks: number): Props[] {
    const n = Math.max(1, Math.min(maxTasks, Number(this.props['tasks.max'] ?? maxTasks) || 1));
    return Array.from({ length: n }, (_, i) => ({ ...this.props, 'task.id': String(i) }));
  }

  stop(): void {}

  config(): ConfigDef {
    return mySqlSinkConfigDef();
  }

  override async validate(props: Props): Promise<Config> {
    const base = this.config().validate(props);
    const errors = mySqlSinkProblems(props);
    for (const [k, v] of Object.entries(
      await egressProblems(props, MySqlSinkConnector.egressPolicyOverride ?? undefined),
    ))
      (errors[k] ??= []).push(...v);
    return mergeErrors(base, errors, OWNED);
  }
}

export class MySqlSinkTask extends SinkTask {
  private writer: MySqlWriter | null = null;
  config_: MySqlSinkConfig | null = null;
  /** Next offset per partition whose rows are committed in MySQL. */
  private readonly committed = new Map<string, number>();
  /** Hooks for tests (retry observation, fast sleeps, egress policy). */
  hooks: WriterHooks = {};

  version(): string {
    return MYSQL_SINK_VERSION;
  }

  start(props: Props): void {
    this.config_ = parseMySqlSinkConfig(props);
    if (!this.hooks.policy && MySqlSinkConnector.egressPolicyOverride)
      this.hooks.policy = MySqlSinkConnector.egressPolicyOverride;
    this.writer = new MySqlWriter(this.config_, this.hooks);
  }

  get mysqlWriter(): MySqlWriter | null {
    return this.writer;
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (!this.writer) throw new Error('task not started');
    if (records.length === 0) return;
    try {
      await this.writer.write(records);
    } catch (e) {
      // Confluent: with an ErrantRecordReporter (DLQ / errors.log.enable), a batch that failed for
      // good is unrolled: each record is written on its own and the failures are reported.
      const reporter = this.context?.errantRecordReporter() ?? null;
      if (!reporter) throw e;
      for (const r of records) {
        try {
          await this.writer.write([r]);
        } catch (err) {
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
