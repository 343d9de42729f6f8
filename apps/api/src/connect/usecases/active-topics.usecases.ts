// KIP-558 active topics of a connector: what its tasks produced to or consumed from (recorded by
// the runtime), read and reset through the worker REST API's …/topics routes.
import { Injectable } from '@nestjs/common';
import type { Principal } from '@libs/auth';
import { ConnectorRepository } from '@libs/db';
import { ConnectScope, resourceNotFound } from './connect-scope';

@Injectable()
export class ConnectorActiveTopics {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
  ) {}

  /** Kafka's shape: `{"<name>": {"topics": [...]}}` (kcctl reads the first entry). */
  async get(p: Principal, env: string, lkc: string, name: string): Promise<Record<string, { topics: string[] }>> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    const topics = await this.connectors.activeTopics(p.scope, s.cluster.id, s.connector.id);
    if (!topics) throw resourceNotFound();
    return { [name]: { topics } };
  }

  async reset(p: Principal, env: string, lkc: string, name: string): Promise<void> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    await this.connectors.resetActiveTopics(p.scope, s.cluster.id, s.connector.id);
  }
}
