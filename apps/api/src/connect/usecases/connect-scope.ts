import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import { AccessService, type Principal } from '@libs/auth';
import { PluginRegistry, type ConnectorPlugin } from '@libs/connect-spi';
import { ConnectorRepository, KafkaClusterRepository, type ConnectorWithTasks, type KafkaCluster } from '@libs/db';

/** Connect v1's 404 messages (https://docs.confluent.io/cloud/current/api.html#tag/Connectors-(v1)). */
export const accountNotFound = () => new ApiError(404, 'resource_not_found', 'account not found');
export const resourceNotFound = () => new ApiError(404, 'resource_not_found', 'resource not found');

/** Which 404 an unknown connector gets on a route: reads say "account", actions "resource". */
export type MissingConnector = 'account' | 'resource';

export interface ConnectorScope {
  cluster: KafkaCluster;
  connector: ConnectorWithTasks;
  plugin: ConnectorPlugin | undefined;
}

/**
 * Loads the caller's cluster (unknown, another tenant's, or in another environment → 404
 * "account not found"), checks a role on it (403), and resolves connectors by name in it.
 */
@Injectable()
export class ConnectScope {
  constructor(
    private readonly clusters: KafkaClusterRepository,
    private readonly connectors: ConnectorRepository,
    private readonly access: AccessService,
    readonly registry: PluginRegistry,
  ) {}

  async cluster(p: Principal, environmentId: string, clusterId: string): Promise<KafkaCluster> {
    const cluster = await this.clusters.get(p.scope, clusterId);
    if (!cluster || cluster.environmentId !== environmentId) throw accountNotFound();
    await this.access.requireClusterAdmin(p, environmentId, clusterId);
    return cluster;
  }

  async connector(
    p: Principal,
    environmentId: string,
    clusterId: string,
    name: string,
    missing: MissingConnector,
  ): Promise<ConnectorScope> {
    const cluster = await this.cluster(p, environmentId, clusterId);
    const connector = await this.connectors.findByName(p.scope, cluster.id, name);
    if (!connector) throw missing === 'account' ? accountNotFound() : resourceNotFound();
    return { cluster, connector, plugin: this.registry.find(connector.pluginClass) };
  }

  /** Reloads a connector after a write (null when it vanished meanwhile). */
  reload(p: Principal, clusterId: string, name: string): Promise<ConnectorWithTasks | null> {
    return this.connectors.findByName(p.scope, clusterId, name);
  }
}
