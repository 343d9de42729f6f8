// Apache Kafka Connect's worker REST API over the Connect v1 use cases, for tools written for
// self-managed Connect (kcctl, Kafka UI): one base URL per Kafka cluster, /kafka-connect/{lkc}. The
// cluster names its environment; the use cases keep every rule (scope, roles, validation, secrets).
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { CONVERTER_PLUGINS, HEADER_ONLY_CONVERTER_PLUGINS } from '@libs/connect-converters';
import { BUILTIN_TRANSFORM_PLUGINS } from '@libs/connect-transforms';
import { ConnectorRepository, KafkaClusterRepository, type KafkaCluster } from '@libs/db';
import type { Expansion } from '../usecases/connect-query-params';
import { CreateConnector, PatchConnectorConfig, PutConnectorConfig } from '../usecases/connector-config.usecases';
import { DeleteConnector, RestartConnector, SetTargetState } from '../usecases/connector-lifecycle.usecases';
import { ConnectorActiveTopics } from '../usecases/active-topics.usecases';
import { ConnectScope } from '../usecases/connect-scope';
import { ConnectorPlugins } from '../usecases/connector-plugins.usecase';
import { ConnectorOffsets } from '../usecases/offsets.usecases';
import { ConnectLoggers } from '../usecases/connect-loggers.usecases';
import { GetConnector, ListConnectors } from '../usecases/connector-reads.usecases';
import type { ConnectorStatus } from '../connect.presenter';
import {
  restartingSnapshot,
  workerStateInfo,
  workerTaskState,
  type WorkerConnectorStateInfo,
} from './worker-rest.presenter';

/** The Kafka release whose worker API this answers (kcctl unlocks its commands by it: ≥ 3.7). */
export const WORKER_API_VERSION = '3.9.0';

const connectorNotFound = (name: string) => new ApiError(404, 'not_found', `Connector ${name} not found`);

@Injectable()
export class WorkerRestService {
  constructor(
    private readonly scope: ConnectScope,
    private readonly clusters: KafkaClusterRepository,
    private readonly connectors: ConnectorRepository,
    private readonly list: ListConnectors,
    private readonly create: CreateConnector,
    private readonly get: GetConnector,
    private readonly put: PutConnectorConfig,
    private readonly patch: PatchConnectorConfig,
    private readonly target: SetTargetState,
    private readonly restart: RestartConnector,
    private readonly remove: DeleteConnector,
    private readonly plugins: ConnectorPlugins,
    private readonly offsets: ConnectorOffsets,
    private readonly topics: ConnectorActiveTopics,
    private readonly loggers: ConnectLoggers,
  ) {}

  /** The caller's cluster (another tenant's or unknown: 404); the use cases check the roles on it. */
  private async found(p: Principal, lkc: string): Promise<KafkaCluster> {
    const cluster = await this.clusters.get(p.scope, lkc);
    if (!cluster) throw new ApiError(404, 'not_found', `Kafka cluster ${lkc} not found`);
    return cluster;
  }

  /** The cluster under Connect v1's role rules (403), for the routes that call no use case. */
  async cluster(p: Principal, lkc: string): Promise<KafkaCluster> {
    return this.scope.cluster(p, (await this.found(p, lkc)).environmentId, lkc);
  }

  /**
   * Runs a connector route's use case in the cluster's environment; its "not found" (the cluster
   * exists, so it is the connector) becomes Kafka Connect's text. Task 404s keep theirs.
   */
  private async onConnector<T>(p: Principal, lkc: string, name: string, run: (env: string) => Promise<T>): Promise<T> {
    const env = (await this.found(p, lkc)).environmentId;
    return run(env).catch((e: unknown) => {
      throw e instanceof ApiError && e.status === 404 && /^(account|resource) not found$/.test(e.detail)
        ? connectorNotFound(name)
        : e;
    });
  }

  async root(p: Principal, lkc: string) {
    await this.cluster(p, lkc);
    return { version: WORKER_API_VERSION, commit: 'connectplane', kafka_cluster_id: lkc };
  }

  async connectorNames(p: Principal, lkc: string, expand: Set<Expansion> | null) {
    const env = (await this.found(p, lkc)).environmentId;
    const listed = await this.list.execute(p, env, lkc, expand);
    if (Array.isArray(listed)) return listed;
    const out: Record<string, { info?: unknown; status?: WorkerConnectorStateInfo }> = {};
    for (const [name, e] of Object.entries(listed as Record<string, { info?: unknown; status?: ConnectorStatus }>)) {
      out[name] = {
        ...(e.info ? { info: e.info } : {}),
        ...(e.status ? { status: workerStateInfo(e.status) } : {}),
      };
    }
    return out;
  }

  async createConnector(p: Principal, lkc: string, body: unknown) {
    const env = (await this.found(p, lkc)).environmentId;
    const { offsets: _offsets, ...info } = await this.create.execute(p, env, lkc, body);
    return info;
  }

  async info(p: Principal, lkc: string, name: string) {
    return this.onConnector(p, lkc, name, (env) => this.get.info(p, env, lkc, name));
  }

  async config(p: Principal, lkc: string, name: string) {
    return this.onConnector(p, lkc, name, (env) => this.get.config(p, env, lkc, name));
  }

  /** PUT …/config: `created` tells 201 from 200, as Kafka Connect answers. */
  async putConfig(p: Principal, lkc: string, name: string, body: unknown) {
    const cluster = await this.found(p, lkc);
    const created = !(await this.connectors.findByName(p.scope, cluster.id, name));
    return { created, info: await this.put.execute(p, cluster.environmentId, lkc, name, body) };
  }

  async patchConfig(p: Principal, lkc: string, name: string, body: unknown) {
    return this.onConnector(p, lkc, name, (env) => this.patch.execute(p, env, lkc, name, body));
  }

  async status(p: Principal, lkc: string, name: string): Promise<WorkerConnectorStateInfo> {
    return this.onConnector(p, lkc, name, async (env) => workerStateInfo(await this.get.status(p, env, lkc, name)));
  }

  async tasks(p: Principal, lkc: string, name: string) {
    return this.onConnector(p, lkc, name, (env) => this.get.tasks(p, env, lkc, name));
  }

  async taskStatus(p: Principal, lkc: string, name: string, taskId: number) {
    return this.onConnector(p, lkc, name, async (env) =>
      workerTaskState(await this.get.taskStatus(p, env, lkc, name, taskId)),
    );
  }

  async setTarget(p: Principal, lkc: string, name: string, state: 'RUNNING' | 'PAUSED' | 'STOPPED') {
    return this.onConnector(p, lkc, name, async (env) => {
      await this.target.execute(p, env, lkc, name, state);
    });
  }

  /** null when nothing but the instance restarts (204); else the 202 snapshot with RESTARTING. */
  async restartConnector(p: Principal, lkc: string, name: string, includeTasks: boolean, onlyFailed: boolean) {
    return this.onConnector(p, lkc, name, async (env) => {
      const before = workerStateInfo(await this.get.status(p, env, lkc, name));
      const restarted = await this.restart.execute(p, env, lkc, name, includeTasks, onlyFailed);
      return !includeTasks && !onlyFailed ? null : restartingSnapshot(before, restarted);
    });
  }

  async restartTask(p: Principal, lkc: string, name: string, taskId: number) {
    return this.onConnector(p, lkc, name, async (env) => {
      await this.restart.task(p, env, lkc, name, taskId);
    });
  }

  async deleteConnector(p: Principal, lkc: string, name: string) {
    return this.onConnector(p, lkc, name, async (env) => {
      await this.remove.execute(p, env, lkc, name);
    });
  }

  async activeTopics(p: Principal, lkc: string, name: string) {
    return this.onConnector(p, lkc, name, (env) => this.topics.get(p, env, lkc, name));
  }

  async resetActiveTopics(p: Principal, lkc: string, name: string) {
    return this.onConnector(p, lkc, name, async (env) => {
      await this.topics.reset(p, env, lkc, name);
    });
  }

  /** Kafka's `{"offsets": [...]}` (Confluent adds id, name and metadata). */
  async getOffsets(p: Principal, lkc: string, name: string) {
    return this.onConnector(p, lkc, name, async (env) => {
      const { offsets } = await this.offsets.get(p, env, lkc, name);
      return { offsets };
    });
  }

  /** PATCH/DELETE …/offsets: synchronous, on a STOPPED connector only (else 400). */
  async alterOffsets(p: Principal, lkc: string, name: string, type: 'PATCH' | 'DELETE', body: unknown) {
    return this.onConnector(p, lkc, name, (env) => this.offsets.alter(p, env, lkc, name, type, body));
  }

  /** connectorsOnly=false adds the converters, header converters, transformations and predicates. */
  async pluginList(p: Principal, lkc: string, connectorsOnly: boolean) {
    const env = (await this.found(p, lkc)).environmentId;
    const connectors = await this.plugins.list(p, env, lkc);
    if (connectorsOnly) return connectors;
    return [
      ...connectors,
      ...CONVERTER_PLUGINS.flatMap((c) => c.types.map((type) => ({ class: c.className, type, version: c.version }))),
      ...HEADER_ONLY_CONVERTER_PLUGINS.map((c) => ({
        class: c.className,
        type: 'header_converter',
        version: c.version,
      })),
      ...BUILTIN_TRANSFORM_PLUGINS.map((t) => ({ class: t.className, type: t.type, version: t.version })),
    ];
  }

  async pluginConfig(p: Principal, lkc: string, plugin: string) {
    const env = (await this.found(p, lkc)).environmentId;
    return this.plugins.definitions(p, env, lkc, plugin).catch((e: unknown) => {
      throw e instanceof ApiError && e.status === 404 ? new ApiError(404, 'not_found', `Unknown plugin ${plugin}.`) : e;
    });
  }

  async validate(p: Principal, lkc: string, plugin: string, body: unknown) {
    const env = (await this.found(p, lkc)).environmentId;
    return this.plugins.validate(p, env, lkc, plugin, body);
  }

  async loggerLevels(p: Principal, lkc: string) {
    const env = (await this.found(p, lkc)).environmentId;
    return this.loggers.list(p, env, lkc);
  }

  async loggerLevel(p: Principal, lkc: string, logger: string) {
    const env = (await this.found(p, lkc)).environmentId;
    return this.loggers.get(p, env, lkc, logger);
  }

  /** The loggers it applied to; `scope` (worker or cluster) only chooses the answer: see ConnectLoggers. */
  async setLoggerLevel(p: Principal, lkc: string, logger: string, body: unknown) {
    const env = (await this.found(p, lkc)).environmentId;
    return this.loggers.set(p, env, lkc, logger, body);
  }
}
