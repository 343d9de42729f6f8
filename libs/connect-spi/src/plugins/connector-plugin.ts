import type { Connector } from '../connector/connector';

/** A connector plugin as the Connect v1 API lists it and the runtime instantiates it. */
export interface ConnectorPlugin {
  /** Managed alias Confluent Cloud users put in connector.class (DatagenSource, MySqlSink). */
  alias: string;
  /** Fully-qualified class name, also accepted in connector.class. */
  className: string;
  type: 'source' | 'sink';
  version: string;
  create(): Connector;
}
