// Kafka Connect's connector-plugins routes: the list, a plugin's config definitions, validate.
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import { ConnectorConfigValidator, SERVICE_KEYS } from '../connector-config';
import { ConnectScope, resourceNotFound } from './connect-scope';

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
