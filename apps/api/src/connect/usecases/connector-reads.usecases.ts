// The connector list (with expand), one connector's info, config, status and tasks.
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { ConnectorRepository } from '@libs/db';
import { ConnectPresenter } from '../connect.presenter';
import type { Expansion } from './connect-query-params';
import { ConnectScope } from './connect-scope';

@Injectable()
export class ListConnectors {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly present: ConnectPresenter,
  ) {}

  async execute(
    p: Principal,
    env: string,
    lkc: string,
    expand: Set<Expansion> | null,
  ): Promise<string[] | Record<string, unknown>> {
    const cluster = await this.scope.cluster(p, env, lkc);
    if (!expand) return this.connectors.listNames(p.scope, cluster.id);
    const out: Record<string, unknown> = {};
    for (const c of await this.connectors.listWithTasks(p.scope, cluster.id)) {
      const plugin = this.scope.registry.find(c.pluginClass);
      out[c.name] = {
        ...(expand.has('id') ? { id: this.present.id(c) } : {}),
        ...(expand.has('info') ? { info: this.present.info(cluster, c, plugin) } : {}),
        ...(expand.has('status') ? { status: this.present.status(c) } : {}),
        extensions: {},
      };
    }
    return out;
  }
}

@Injectable()
export class GetConnector {
  constructor(
    private readonly scope: ConnectScope,
    private readonly present: ConnectPresenter,
  ) {}

  async info(p: Principal, env: string, lkc: string, name: string) {
    const s = await this.scope.connector(p, env, lkc, name, 'account');
    return this.present.info(s.cluster, s.connector, s.plugin);
  }

  async config(p: Principal, env: string, lkc: string, name: string) {
    const s = await this.scope.connector(p, env, lkc, name, 'account');
    return this.present.config(s.cluster, s.connector, s.plugin);
  }

  /** `expand=id` (newer Confluent API) adds the connector's lcc id. */
  async status(p: Principal, env: string, lkc: string, name: string, expand: Set<Expansion> | null = null) {
    const s = await this.scope.connector(p, env, lkc, name, 'account');
    const status = this.present.status(s.connector);
    return expand?.has('id') ? { id: this.present.id(s.connector), ...status } : status;
  }

  /** Confluent's GET …/error-recommendations: no recommendation engine here, only the event id. */
  async errorRecommendations(p: Principal, env: string, lkc: string, name: string) {
    const s = await this.scope.connector(p, env, lkc, name, 'account');
    return {
      error: null,
      event_id: `${s.connector.id}_${Math.floor(s.connector.updatedAt.getTime() / 1000)}`,
      recommendations: [] as string[],
    };
  }

  async tasks(p: Principal, env: string, lkc: string, name: string) {
    const s = await this.scope.connector(p, env, lkc, name, 'account');
    return this.present.tasks(s.cluster, s.connector, s.plugin);
  }

  async taskStatus(p: Principal, env: string, lkc: string, name: string, taskId: number) {
    const s = await this.scope.connector(p, env, lkc, name, 'account');
    const t = s.connector.tasks.find((x) => x.taskId === taskId);
    if (!t) throw new ApiError(404, 'resource_not_found', `No status found for task ${name}-${taskId}`);
    return this.present.taskStatus(s.connector, t);
  }
}
