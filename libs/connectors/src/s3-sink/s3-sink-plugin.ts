import type { ConnectorPlugin } from '@libs/connect-spi';
import { S3_SINK_CLASS, S3SinkConnector } from './s3-sink-connector';
import { S3_SINK_VERSION } from './s3-sink-task';

/** Confluent Cloud's managed Amazon S3 sink, under its alias. */
export const s3SinkPlugin: ConnectorPlugin = {
  alias: 'S3_SINK',
  className: S3_SINK_CLASS,
  type: 'sink',
  version: S3_SINK_VERSION,
  create: () => new S3SinkConnector(),
};
