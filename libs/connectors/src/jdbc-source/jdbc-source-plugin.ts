import type { ConnectorPlugin } from '@libs/connect-spi';
import {
  MYSQL_SOURCE_CLASS,
  MySqlSourceConnector,
  POSTGRES_SOURCE_CLASS,
  PostgresSourceConnector,
} from './jdbc-source-connector';
import { JDBC_SOURCE_VERSION } from './jdbc-source-task';

export const mySqlSourcePlugin: ConnectorPlugin = {
  alias: 'MySqlSource',
  className: MYSQL_SOURCE_CLASS,
  type: 'source',
  version: JDBC_SOURCE_VERSION,
  create: () => new MySqlSourceConnector(),
};

export const postgresSourcePlugin: ConnectorPlugin = {
  alias: 'PostgresSource',
  className: POSTGRES_SOURCE_CLASS,
  type: 'source',
  version: JDBC_SOURCE_VERSION,
  create: () => new PostgresSourceConnector(),
};
