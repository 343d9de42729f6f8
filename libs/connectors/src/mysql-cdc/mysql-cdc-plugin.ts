import type { ConnectorPlugin } from '@libs/connect-spi';
import { MARIADB_CDC_CLASS, MYSQL_CDC_CLASS, MariaDbCdcConnector, MySqlCdcConnector } from './mysql-cdc-connector';
import { MYSQL_CDC_VERSION } from './mysql-cdc-task';

export const mySqlCdcSourceV2Plugin: ConnectorPlugin = {
  alias: 'MySqlCdcSourceV2',
  className: MYSQL_CDC_CLASS,
  type: 'source',
  version: MYSQL_CDC_VERSION,
  create: () => new MySqlCdcConnector(),
};

export const mariaDbCdcSourcePlugin: ConnectorPlugin = {
  alias: 'MariaDbCdcSource',
  className: MARIADB_CDC_CLASS,
  type: 'source',
  version: MYSQL_CDC_VERSION,
  create: () => new MariaDbCdcConnector(),
};
