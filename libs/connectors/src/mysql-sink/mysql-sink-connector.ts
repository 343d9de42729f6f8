// MySqlSink (io.confluent.connect.jdbc.JdbcSinkConnector with the MySQL dialect), Confluent
// Cloud's managed property set, on the dialect-neutral JDBC sink core (../jdbc-sink). put() writes
// durably (one transaction per put, retried on transient errors), so preCommit only ever returns
// offsets of committed rows.
import type { ConfigDef, Props, TaskConstructor } from '@libs/connect-spi';
import type { EgressPolicy } from '../egress/egress-policy';
import { JdbcSinkConnector } from '../jdbc-sink/jdbc-sink-connector';
import { JdbcSinkTask } from '../jdbc-sink/jdbc-sink-task';
import type { WriterHooks } from '../jdbc-sink/jdbc-writer';
import { mySqlSinkConfigDef, mySqlSinkProblems, parseMySqlSinkConfig, type MySqlSinkConfig } from './mysql-sink-config';
import { MySqlWriter } from './mysql-writer';

export const MYSQL_SINK_VERSION = '10.8.0';
export const MYSQL_SINK_CLASS = 'io.confluent.connect.jdbc.JdbcSinkConnector';

export class MySqlSinkConnector extends JdbcSinkConnector {
  /** Tests / embedders: the policy to validate connection.host against (default: process-wide). */
  static egressPolicyOverride: EgressPolicy | null = null;

  version(): string {
    return MYSQL_SINK_VERSION;
  }

  protected parse(props: Props): MySqlSinkConfig {
    return parseMySqlSinkConfig(props);
  }

  protected problems(props: Props): Record<string, string[]> {
    return mySqlSinkProblems(props);
  }

  protected policy(): EgressPolicy | undefined {
    return MySqlSinkConnector.egressPolicyOverride ?? undefined;
  }

  taskClass(): TaskConstructor<unknown> {
    return MySqlSinkTask;
  }

  config(): ConfigDef {
    return mySqlSinkConfigDef();
  }
}

export class MySqlSinkTask extends JdbcSinkTask<MySqlSinkConfig> {
  version(): string {
    return MYSQL_SINK_VERSION;
  }

  protected parse(props: Props): MySqlSinkConfig {
    return parseMySqlSinkConfig(props);
  }

  protected createWriter(config: MySqlSinkConfig, hooks: WriterHooks): MySqlWriter {
    if (!hooks.policy && MySqlSinkConnector.egressPolicyOverride)
      hooks.policy = MySqlSinkConnector.egressPolicyOverride;
    return new MySqlWriter(config, hooks);
  }

  get mysqlWriter(): MySqlWriter | null {
    return this.writer as MySqlWriter | null;
  }
}
