import type { ConnectorPlugin, Props, TopicCreationSpec } from '@libs/connect-spi';
import { DATAGEN_CLASS, DATAGEN_VERSION, DatagenConnector } from './datagen-connector';

export interface SourcePluginExtras {
  /** Topics the runtime creates (if missing) before starting the tasks. */
  topicsToCreate(config: Props): TopicCreationSpec[];
}

export const datagenSourcePlugin: ConnectorPlugin & SourcePluginExtras = {
  alias: 'DatagenSource',
  className: DATAGEN_CLASS,
  type: 'source',
  version: DATAGEN_VERSION,
  create: () => new DatagenConnector(),
  topicsToCreate: (config) => DatagenConnector.topicsToCreate(config),
};
