// The connector plugins this platform ships, as one explicit list: the API lists and validates
// them, the worker instantiates them. A new connector is added here under its alias; a duplicate
// or an entry whose plugin is missing stops start-up (PluginRegistry.fromLists).
import { PluginRegistry, type PluginList } from '@libs/connect-spi';
import { datagenSourcePlugin } from './datagen';
import { httpSinkV2Plugin } from './http-sink';
import { mySqlSourcePlugin, postgresSourcePlugin } from './jdbc-source';
import { mariaDbCdcSourcePlugin, mySqlCdcSourceV2Plugin } from './mysql-cdc';
import { mySqlSinkPlugin } from './mysql-sink';
import { postgresCdcSourceV2Plugin } from './postgres-cdc';
import { postgresSinkPlugin } from './postgres-sink';
import { s3SinkPlugin } from './s3-sink';
import { collectSinkPlugin, counterSourcePlugin } from './test-plugins';

/** The managed connectors, by the alias users put in connector.class. */
export const CONNECTOR_PLUGINS: PluginList = {
  DatagenSource: datagenSourcePlugin,
  MySqlSink: mySqlSinkPlugin,
  PostgresSink: postgresSinkPlugin,
  HttpSinkV2: httpSinkV2Plugin,
  S3_SINK: s3SinkPlugin,
  MySqlCdcSourceV2: mySqlCdcSourceV2Plugin,
  MariaDbCdcSource: mariaDbCdcSourcePlugin,
  PostgresCdcSourceV2: postgresCdcSourceV2Plugin,
  MySqlSource: mySqlSourcePlugin,
  PostgresSource: postgresSourcePlugin,
};

/**
 * The runtime's test plugins. Never listed for tenants: registered only when the test harness sets
 * CONNECT_TEST_PLUGINS=true (which the config accepts with NODE_ENV=test only).
 */
export const TEST_CONNECTOR_PLUGINS: PluginList = {
  CounterSource: counterSourcePlugin,
  CollectSink: collectSinkPlugin,
};

/** The registry a process serves: the managed connectors, plus the test plugins when asked for. */
export function connectorPluginRegistry(opts: { testPlugins?: boolean } = {}): PluginRegistry {
  return PluginRegistry.fromLists(CONNECTOR_PLUGINS, ...(opts.testPlugins ? [TEST_CONNECTOR_PLUGINS] : []));
}
