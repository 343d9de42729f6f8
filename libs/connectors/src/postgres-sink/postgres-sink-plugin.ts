import type { ConnectorPlugin } from '@libs/connect-spi';
import { POSTGRES_SINK_CLASS, POSTGRES_SINK_VERSION, PostgresSinkConnector } from './postgres-sink-connector';

/** Confluent Cloud's managed PostgreSQL sink, under its alias. */
export const postgresSinkPlugin: ConnectorPlugin = {
  alias: 'PostgresSink',
  className: POSTGRES_SINK_CLASS,
  type: 'sink',
  version: POSTGRES_SINK_VERSION,
  create: () => new PostgresSinkConnector(),
};
