// Create, PUT config (create-or-update) and PATCH config (KIP-477) of a connector.
import { Injectable } from '@nestjs/common';
import { ApiError, newHexId, newResourceId } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { ConnectorRepository, type ConnectorTargetState } from '@libs/db';
import { ConnectPresenter } from '../connect.presenter';
import { accountNotFound, ConnectScope } from './connect-scope';
import { ConnectorEvents } from './connector-events';
import { ConnectorSecrets } from './connector-secrets';
import { parseOffsetEntries } from './offsets.usecases';
import { PrepareConnectorConfig, type PreparedConfig } from './prepare-connector-config.usecase';

const sameConfig = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const ka = Object.keys(a);
  return (
    ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k])
  );
};

export interface CreateConnectorBody {
  name?: unknown;
  config?: unknown;
  offsets?: unknown;
  initial_state?: unknown;
}

/** What a connector row stores of a prepared config: secrets sealed for this connector, the class as given, the type. */
const storedConfig = (secrets: ConnectorSecrets, connectorId: string, prepared: PreparedConfig) => ({
  config: secrets.seal(connectorId, prepared.config, prepared.passwordKeys),
  pluginClass: String(prepared.config['connector.class']).trim(),
  type: prepared.plugin.type === 'sink' ? ('SINK' as const) : ('SOURCE' as const),
});

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
      ...storedConfig(this.secrets, id, prepared),
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
      ...storedConfig(this.secrets, existing.id, prepared),
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
