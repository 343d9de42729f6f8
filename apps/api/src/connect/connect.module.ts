import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { PluginRegistry } from '@libs/connect-spi';
import { connectorPluginRegistry } from '@libs/connectors';
import { CmkModule } from '../cmk/cmk.module';
import { SchemaRegistryModule } from '../schema-registry/schema-registry.module';
import { ConnectPresenter } from './connect.presenter';
import { ConnectorConfigValidator } from './connector-config';
import { ConnectorCredentialCheck } from './connector-credentials';
import { ConnectorsController } from './connectors.controller';
import { WorkerRestController } from './worker-rest/worker-rest.controller';
import { WorkerRestService } from './worker-rest/worker-rest.service';
import { ConnectorActiveTopics } from './usecases/active-topics.usecases';
import { ConnectorLogsController } from './logs/connector-logs.controller';
import { SearchConnectorLogs } from './usecases/search-connector-logs.usecase';
import { ConnectorEventsQuery } from './usecases/connector-events.usecases';
import { SinkGroupOffsets } from './sink-offsets';
import { ConnectScope } from './usecases/connect-scope';
import { ConnectorEvents } from './usecases/connector-events';
import { ConnectorSecrets } from './usecases/connector-secrets';
import { CreateConnector, PatchConnectorConfig, PutConnectorConfig } from './usecases/connector-config.usecases';
import { DeleteConnector, RestartConnector, SetTargetState } from './usecases/connector-lifecycle.usecases';
import { ConnectorPlugins } from './usecases/connector-plugins.usecase';
import { GetConnector, ListConnectors } from './usecases/connector-reads.usecases';
import { PrepareConnectorConfig } from './usecases/prepare-connector-config.usecase';
import { ConnectorOffsets } from './usecases/offsets.usecases';
import { ConnectLoggers } from './usecases/connect-loggers.usecases';
import { PreviewTransforms } from './usecases/preview.usecase';

/** Connect v1: managed connectors under /connect/v1/environments/{env}/clusters/{lkc}. */
@Module({
  imports: [CmkModule, SchemaRegistryModule],
  controllers: [ConnectorsController, WorkerRestController, ConnectorLogsController],
  providers: [
    {
      provide: PluginRegistry,
      useFactory: (config: AppConfig) => connectorPluginRegistry({ testPlugins: config.CONNECT_TEST_PLUGINS }),
      inject: [APP_CONFIG],
    },
    ConnectScope,
    ConnectorCredentialCheck,
    ConnectorConfigValidator,
    ConnectPresenter,
    ConnectorSecrets,
    ConnectorEvents,
    PrepareConnectorConfig,
    ListConnectors,
    CreateConnector,
    PutConnectorConfig,
    PatchConnectorConfig,
    GetConnector,
    SetTargetState,
    RestartConnector,
    DeleteConnector,
    ConnectorPlugins,
    ConnectorOffsets,
    PreviewTransforms,
    SinkGroupOffsets,
    WorkerRestService,
    ConnectorActiveTopics,
    SearchConnectorLogs,
    ConnectorEventsQuery,
    ConnectLoggers,
  ],
  exports: [PluginRegistry],
})
export class ConnectModule {}
