// Connector events through Connect v1 (issue 17 point 3): a connector's recent CloudEvents, and
// where the stream is (what `confluent connect event describe` shows).
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { CONNECT_EVENTS_TOPIC, CONNECTOR_EVENT_TYPES, connectorCloudEvent } from '@libs/connect-runtime';
import { ConnectorEventRepository } from '@libs/db';
import { ConnectScope } from './connect-scope';

const MAX_EVENTS = 100;

@Injectable()
export class ConnectorEventsQuery {
  constructor(
    private readonly scope: ConnectScope,
    private readonly events: ConnectorEventRepository,
  ) {}

  /** Newest first, at most `limit` (1–100, default 100). */
  async list(p: Principal, env: string, lkc: string, name: string, rawLimit: unknown) {
    const limit = rawLimit === undefined || rawLimit === '' ? MAX_EVENTS : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS)
      throw ApiError.badRequest(`limit must be 1 to ${MAX_EVENTS}`);
    const s = await this.scope.connector(p, env, lkc, name, 'account');
    const rows = await this.events.list(p.scope, s.connector.id, limit);
    return {
      data: rows.map((r) =>
        connectorCloudEvent({
          ...r,
          environmentId: s.cluster.environmentId,
          clusterId: s.cluster.id,
          connectorName: s.connector.name,
        }),
      ),
    };
  }

  async describe(p: Principal, env: string, lkc: string) {
    const cluster = await this.scope.cluster(p, env, lkc);
    return {
      topic_name: CONNECT_EVENTS_TOPIC,
      cluster_id: cluster.id,
      environment_id: cluster.environmentId,
      format: 'CloudEvents 1.0, JSON',
      event_types: Object.values(CONNECTOR_EVENT_TYPES),
    };
  }
}
