import type { ConnectorPlugin } from '@libs/connect-spi';
import { HTTP_SINK_CLASS, HttpSinkConnector } from './http-sink-connector';
import { HTTP_SINK_VERSION } from './http-sink-task';

/** Confluent Cloud's managed HTTP Sink V2, under its alias. */
export const httpSinkV2Plugin: ConnectorPlugin = {
  alias: 'HttpSinkV2',
  className: HTTP_SINK_CLASS,
  type: 'sink',
  version: HTTP_SINK_VERSION,
  create: () => new HttpSinkConnector(),
};
