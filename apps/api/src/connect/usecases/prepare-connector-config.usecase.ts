import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import { invalidConfigMessage, type ConnectorPlugin } from '@libs/connect-spi';
import type { KafkaCluster, OrgScope } from '@libs/db';
import { ConnectorConfigValidator, PASSWORD_MASK, SERVICE_KEYS } from '../connector-config';
import { unknownConnectorClass } from '../unknown-plugin';
import { ConnectScope } from './connect-scope';

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
