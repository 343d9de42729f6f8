import type { ConnectorPlugin } from '@libs/connect-spi';
import { POSTGRES_CDC_CLASS, PostgresCdcConnector } from './postgres-cdc-connector';
import { POSTGRES_CDC_VERSION } from './postgres-cdc-task';

export const postgresCdcSourceV2Plugin: ConnectorPlugin = {
  alias: 'PostgresCdcSourceV2',
  className: POSTGRES_CDC_CLASS,
  type: 'source',
  version: POSTGRES_CDC_VERSION,
  create: () => new PostgresCdcConnector(),
};
