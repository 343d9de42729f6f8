import type { ConnectorPlugin } from '@libs/connect-spi';
import { MYSQL_SINK_CLASS, MYSQL_SINK_VERSION, MySqlSinkConnector } from './mysql-sink-connector';

/** Registered under the alias and the class name; JdbcSinkConnector's class with the MySQL dialect. */
export const mySqlSinkPlugin: ConnectorPlugin = {
  alias: 'MySqlSink',
  className: MYSQL_SINK_CLASS,
  type: 'sink',
  version: MYSQL_SINK_VERSION,
  create: () => new MySqlSinkConnector(),
};
