import { Injectable } from '@nestjs/common';
import { ApiError, newHexId, newResourceId } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { invalidConfigMessage } from '@libs/connect-spi';
import type { ConnectorPlugin } from '@libs/connect-spi';
import {
  ConnectorRepository,
  type ConnectorTargetState,
  type ConnectorWithTasks,
  type KafkaCluster,
  type OffsetEntry,
  type OrgScope,
} from '@libs/db';
import { ConnectPresenter } from '../connect.presenter';
import { ConnectorConfigValidator, PASSWORD_MASK, SERVICE_KEYS } from '../connector-config';
import { accountNotFound, ConnectScope, resourceNotFound } from './connect-scope';
import { unknownConnectorClass } from '../unknown-plugin';
import { parseOffsetEntries } from './offsets.usecases';
import { ConnectorEvents } from './connector-events';
import { ConnectorSecrets } from './connector-secrets';

export type Expansion = 'id' | 'info' | 'status';
const EXPANSIONS: readonly Expansion[] = ['id', 'info', 'status'];

/** `expand=id,info` and/or `expand=id&expand=status`; unknown tokens are a 400. null: no expand. */
export function parseExpand(raw: unknown): Set<Expansion> | null {
  if (raw === undefined) return null;
  const values = Array.isArray(raw) ? raw : [raw];
  const out = new Set<Expansion>();
  for (const v of values) {
    if (typeof v !== 'string') throw ApiError.badRequest('expand must be a comma-separated list of id, info, status');
    for (const token of v
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')) {
      if (!EXPANSIONS.includes(token as Expansion))
        throw ApiError.badRequest(`Unknown expand value "${token}": use id, info, status`);
      out.add(token as Expansion);
    }
  }
  return out.size === 0 ? null : out;
}

/** A JSON boolean query flag ("true"/"false", default false). */
export function parseFlag(raw: unknown, name: string): boolean {
  if (raw === undefined || raw === '') return false;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw ApiError.badRequest(`query parameter ${name} must be true or false`);
}

export interface PreparedConfig {
  plugin: ConnectorPlugin;
  /** Plaintext, every value a string, name included. */
  config: Record<string, string>;
  passwordKeys: Set<string>;
}

/**
 * Turns a request's config map into a validated plaintext config, as Kafka Connect does before
 * create/update: values as strings (numbers and booleans converted), service keys dropped,
 * `name` added or checked, the plugin resolved, validation errors a synchronous 400 with the
 * validate messages. `current` (plaintext) lets a client send back masked secrets unchanged.
 */
@Injectable()
export class PrepareConnectorConfig {
  constructor(
    private readonly scope: ConnectScope,
    private readonly validator: ConnectorConfigValidator,
  ) {}

  async execute(
    scope: OrgScope,
    cluster: KafkaCluster,
    name: string,
    raw: unknown,
    current?: Record<string, string>,
  ): Promise<PreparedConfig> {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw ApiError.badRequest('The connector config must be a JSON object of string values');
    const props: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if ((SERVICE_KEYS as readonly string[]).includes(k)) continue;
      if (v === null || typeof v === 'string') props[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') props[k] = String(v);
      else throw ApiError.badRequest(`The value of connector config "${k}" must be a string`);
    }
    if (props.name === undefined) props.name = name;
    else if (props.name !== name)
      throw ApiError.badRequest(
        `Connector name configuration (${props.name}) doesn't match connector name in the URL (${name})`,
      );
    const cls = props['connector.class'];
    if (typeof cls !== 'string' || cls.trim() === '')
      throw ApiError.badRequest('Connector config contains no connector type');
    const plugin = this.scope.registry.find(cls.trim());
    if (!plugin) throw unknownConnectorClass(this.scope.registry, cls.trim());
    if (current) {
      for (const k of this.validator.passwordKeys(plugin, props)) {
        if (props[k] === PASSWORD_MASK && current[k] !== undefined) props[k] = current[k];
      }
    }
    const { infos, passwordKeys } = await this.validator.validate(plugin, props, { scope, cluster });
    const nulls = Object.keys(props).filter((k) => props[k] === null && !infos.configs.some((c) => c.value.name === k));
    if (infos.error_count > 0 || nulls.length > 0) {
      const message = invalidConfigMessage(
        {
          ...infos,
          error_count: infos.error_count + nulls.length,
          configs: [
            ...infos.configs,
            ...nulls.map((k) => ({
              definition: null,
              value: {
                name: k,
                value: null,
                recommended_values: [],
                errors: [`${k}: Null value can not be supplied as the configuration value.`],
                visible: true,
              },
            })),
          ],
        },
        plugin.alias,
      );
      throw ApiError.badRequest(message);
    }
    return { plugin, config: props as Record<string, string>, passwordKeys };
  }
}

const sameConfig = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const ka = Object.keys(a);
  return (
    ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k])
  );
};

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

export interface CreateConnectorBody {
  name?: unknown;
  config?: unknown;
  offsets?: unknown;
  initial_state?: unknown;
}

@Injectable()
export class CreateConnector {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly prepare: PrepareConnectorConfig,
    private readonly secrets: ConnectorSecrets,
    private readonly present: ConnectPresenter,
    private readonly events: ConnectorEvents,
  ) {}

  async execute(p: Principal, env: string, lkc: string, body: unknown) {
    const cluster = await this.scope.cluster(p, env, lkc);
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw ApiError.badRequest('The request body must be {"name", "config", "offsets"?}');
    const b = body as CreateConnectorBody;
    if (typeof b.name !== 'string' || b.name.trim() === '') throw ApiError.badRequest('Connector name is required');
    const name = b.name.trim();
    // eslint-disable-next-line no-control-regex -- Kafka Connect refuses ISO control characters in names
    if (/[\u0000-\u001f\u007f-\u009f]/.test(name))
      throw ApiError.badRequest('Connector name may not contain ISO control characters');
    if (b.config === undefined || b.config === null) throw ApiError.badRequest('Connector config is required');
    let targetState: ConnectorTargetState = 'RUNNING';
    if (b.initial_state !== undefined && b.initial_state !== null) {
      const s = String(b.initial_state).toUpperCase();
      if (s !== 'RUNNING' && s !== 'PAUSED' && s !== 'STOPPED')
        throw ApiError.badRequest('initial_state must be one of RUNNING, PAUSED, STOPPED');
      targetState = s;
    }
    if (await this.connectors.findByName(p.scope, cluster.id, name)) throw connectorExists(name);
    const prepared = await this.prepare.execute(p.scope, cluster, name, b.config);
    const offsets =
      b.offsets === undefined || b.offsets === null ? [] : parseOffsetEntries(b.offsets, prepared.plugin.type, false);
    const id = newResourceId('lcc');
    const created = await this.connectors.create(p.scope, cluster.id, {
      id,
      environmentId: cluster.environmentId,
      name,
      pluginClass: String(prepared.config['connector.class']).trim(),
      type: prepared.plugin.type === 'sink' ? 'SINK' : 'SOURCE',
      config: this.secrets.seal(id, prepared.config, prepared.passwordKeys),
      targetState,
      ...(prepared.plugin.type === 'source' ? { sourceOffsets: offsets } : {}),
      ...(prepared.plugin.type === 'sink' && offsets.length > 0
        ? { pendingOffsetRequest: { id: newHexId(), offsets } }
        : {}),
    });
    if (!created) throw connectorExists(name);
    await this.events.changed(created.id);
    return { ...this.present.info(cluster, created, prepared.plugin), offsets };
  }
}

const connectorExists = (name: string) =>
  new ApiError(409, 'resource_already_exists', `Connector ${name} already exists`);

@Injectable()
export class PutConnectorConfig {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly prepare: PrepareConnectorConfig,
    private readonly secrets: ConnectorSecrets,
    private readonly present: ConnectPresenter,
    private readonly create: CreateConnector,
    private readonly events: ConnectorEvents,
  ) {}

  /** Create-or-update; an identical config changes nothing (no generation bump). */
  async execute(p: Principal, env: string, lkc: string, name: string, body: unknown) {
    const cluster = await this.scope.cluster(p, env, lkc);
    const existing = await this.connectors.findByName(p.scope, cluster.id, name);
    if (!existing) {
      const created = await this.create.execute(p, env, lkc, { name, config: body });
      const { offsets: _offsets, ...info } = created;
      return info;
    }
    const current = this.secrets.open(existing);
    const prepared = await this.prepare.execute(p.scope, cluster, name, body, current);
    if (sameConfig(current, prepared.config)) return this.present.info(cluster, existing, prepared.plugin);
    const updated = await this.connectors.updateConfig(p.scope, cluster.id, existing.id, {
      config: this.secrets.seal(existing.id, prepared.config, prepared.passwordKeys),
      pluginClass: String(prepared.config['connector.class']).trim(),
      type: prepared.plugin.type === 'sink' ? 'SINK' : 'SOURCE',
    });
    if (!updated) throw accountNotFound();
    await this.events.changed(updated.id);
    return this.present.info(cluster, updated, prepared.plugin);
  }
}

/** Kafka Connect's PATCH …/config (KIP-477): merge (a JSON null removes the key), then as PUT. */
@Injectable()
export class PatchConnectorConfig {
  constructor(
    private readonly scope: ConnectScope,
    private readonly secrets: ConnectorSecrets,
    private readonly put: PutConnectorConfig,
  ) {}

  async execute(p: Principal, env: string, lkc: string, name: string, body: unknown) {
    const s = await this.scope.connector(p, env, lkc, name, 'account');
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw ApiError.badRequest('The request body must be a JSON object of connector configs');
    const merged: Record<string, unknown> = { ...this.secrets.open(s.connector) };
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    return this.put.execute(p, env, lkc, name, merged);
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

/** pause / resume / stop: write the target state; the runtime acts on it. */
@Injectable()
export class SetTargetState {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly events: ConnectorEvents,
  ) {}

  async execute(p: Principal, env: string, lkc: string, name: string, state: ConnectorTargetState): Promise<void> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    if (s.connector.targetState === state) return;
    if (!(await this.connectors.setTargetState(p.scope, s.cluster.id, s.connector.id, state))) throw resourceNotFound();
    await this.events.changed(s.connector.id);
  }
}

@Injectable()
export class RestartConnector {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly events: ConnectorEvents,
  ) {}

  /** Kafka's KIP-745 rules: the instance iff !onlyFailed || FAILED; tasks iff includeTasks && (!onlyFailed || FAILED). */
  async execute(
    p: Principal,
    env: string,
    lkc: string,
    name: string,
    includeTasks: boolean,
    onlyFailed: boolean,
  ): Promise<void> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    const restartInstance = !onlyFailed || s.connector.state === 'FAILED';
    const taskIds = includeTasks
      ? s.connector.tasks.filter((t) => !onlyFailed || t.state === 'FAILED').map((t) => t.taskId)
      : [];
    await this.connectors.markForRestart(p.scope, s.cluster.id, s.connector.id, {
      connector: restartInstance,
      taskIds,
    });
    await this.events.changed(s.connector.id);
  }

  async task(p: Principal, env: string, lkc: string, name: string, taskId: number): Promise<void> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    if (!s.connector.tasks.some((t) => t.taskId === taskId))
      throw new ApiError(404, 'resource_not_found', `Unknown task: ${name}-${taskId}`);
    await this.connectors.markForRestart(p.scope, s.cluster.id, s.connector.id, {
      connector: false,
      taskIds: [taskId],
    });
    await this.events.changed(s.connector.id);
  }
}

@Injectable()
export class DeleteConnector {
  constructor(
    private readonly scope: ConnectScope,
    private readonly connectors: ConnectorRepository,
    private readonly events: ConnectorEvents,
  ) {}

  async execute(p: Principal, env: string, lkc: string, name: string): Promise<{ error: null }> {
    const s = await this.scope.connector(p, env, lkc, name, 'resource');
    if (!(await this.connectors.delete(p.scope, s.cluster.id, s.connector.id))) throw resourceNotFound();
    await this.events.deleted(s.connector.id);
    return { error: null };
  }
}

@Injectable()
export class ConnectorPlugins {
  constructor(
    private readonly scope: ConnectScope,
    private readonly validator: ConnectorConfigValidator,
  ) {}

  async list(p: Principal, env: string, lkc: string) {
    await this.scope.cluster(p, env, lkc);
    const plugins = [...this.scope.registry.list()].sort((a, b) =>
      a.type === b.type ? a.alias.localeCompare(b.alias) : a.type === 'sink' ? -1 : 1,
    );
    return plugins.map((pl) => ({ class: pl.alias, type: pl.type, ...(pl.version ? { version: pl.version } : {}) }));
  }

  /** Kafka Connect's GET /connector-plugins/{plugin}/config: the definitions (framework + plugin). */
  async definitions(p: Principal, env: string, lkc: string, pluginName: string) {
    await this.scope.cluster(p, env, lkc);
    const plugin = this.scope.registry.find(pluginName) ?? this.scope.registry.find(stripConnector(pluginName));
    if (!plugin) throw resourceNotFound();
    const infos = await this.validator.validate(plugin, { 'connector.class': plugin.alias });
    return infos.infos.configs.flatMap((c) => (c.definition ? [c.definition] : []));
  }

  /** PUT …/connector-plugins/{plugin}/config/validate: 200 with the ConfigInfos, errors included. */
  async validate(p: Principal, env: string, lkc: string, pluginName: string, body: unknown) {
    const cluster = await this.scope.cluster(p, env, lkc);
    const plugin = this.scope.registry.find(pluginName) ?? this.scope.registry.find(stripConnector(pluginName));
    if (!plugin) throw resourceNotFound();
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw ApiError.badRequest('The request body must be a JSON object of connector configs');
    const props: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if ((SERVICE_KEYS as readonly string[]).includes(k)) continue;
      props[k] =
        v === null || typeof v === 'string'
          ? v
          : typeof v === 'number' || typeof v === 'boolean'
            ? String(v)
            : JSON.stringify(v);
    }
    const cls = props['connector.class'];
    if (typeof cls !== 'string' || cls.trim() === '')
      throw ApiError.badRequest('Connector config contains no connector type');
    const given = this.scope.registry.find(cls.trim());
    if (given !== plugin && stripConnector(cls.trim()) !== stripConnector(pluginName)) {
      throw ApiError.badRequest(`Included connector type ${cls.trim()} does not match request type ${pluginName}`);
    }
    return (await this.validator.validate(plugin, props, { scope: p.scope, cluster })).infos;
  }
}

const stripConnector = (s: string) => (s.endsWith('Connector') ? s.slice(0, -'Connector'.length) : s);

export type { ConnectorWithTasks, KafkaCluster, OffsetEntry };
