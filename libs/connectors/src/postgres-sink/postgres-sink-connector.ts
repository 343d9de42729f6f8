// PostgresSink (Confluent's JdbcSinkConnector with dialect.name=PostgreSqlDatabaseDialect),
// Confluent Cloud's managed property set, on the dialect-neutral JDBC sink core (../jdbc-sink)
// with the `pg` driver. put() writes durably (one transaction per put, retried on transient
// errors), so preCommit only ever returns offsets of committed rows.
import type { ConfigDef, Props, TaskConstructor } from '@libs/connect-spi';
import type { EgressPolicy } from '../egress/egress-policy';
import { JdbcSinkConnector } from '../jdbc-sink/jdbc-sink-connector';
import { JdbcSinkTask } from '../jdbc-sink/jdbc-sink-task';
import { JdbcWriter, type WriterHooks } from '../jdbc-sink/jdbc-writer';
import { PostgresDialect } from './postgres-dialect';
import {
  parsePostgresSinkConfig,
  postgresSinkConfigDef,
  postgresSinkProblems,
  type PostgresSinkConfig,
} from './postgres-sink-config';

export const POSTGRES_SINK_VERSION = '10.8.0';
/**
 * Confluent runs io.confluent.connect.jdbc.JdbcSinkConnector for both JDBC sinks; our plugin
 * registry needs one class name per plugin and MySqlSink holds that one, so this sink has its own.
 */
export const POSTGRES_SINK_CLASS = 'io.confluent.connect.jdbc.PostgresSinkConnector';

export class PostgresSinkConnector extends JdbcSinkConnector {
  /** Tests / embedders: the policy to validate connection.host against (default: process-wide). */
  static egressPolicyOverride: EgressPolicy | null = null;

  version(): string {
    return POSTGRES_SINK_VERSION;
  }

  protected parse(props: Props): PostgresSinkConfig {
    return parsePostgresSinkConfig(props);
  }

  protected problems(props: Props): Record<string, string[]> {
    return postgresSinkProblems(props);
  }

  protected policy(): EgressPolicy | undefined {
    return PostgresSinkConnector.egressPolicyOverride ?? undefined;
  }

  taskClass(): TaskConstructor<unknown> {
    return PostgresSinkTask;
  }

  config(): ConfigDef {
    return postgresSinkConfigDef();
  }
}

export class PostgresSinkTask extends JdbcSinkTask<PostgresSinkConfig> {
  version(): string {
    return POSTGRES_SINK_VERSION;
  }

  protected parse(props: Props): PostgresSinkConfig {
    return parsePostgresSinkConfig(props);
  }

  protected createWriter(config: PostgresSinkConfig, hooks: WriterHooks): JdbcWriter {
    if (!hooks.policy && PostgresSinkConnector.egressPolicyOverride)
      hooks.policy = PostgresSinkConnector.egressPolicyOverride;
    return new JdbcWriter(config, new PostgresDialect(config), hooks);
  }

  /** The writer (tests read its connection's backend pid). */
  get jdbcWriter(): JdbcWriter | null {
    return this.writer;
  }
}
