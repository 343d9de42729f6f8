// Connector config validation as Confluent Cloud runs it on create, PUT config and
// PUT …/config/validate: the managed-connector framework keys (connector.class, name, Kafka
// credentials, tasks.max, converters, error handling), the plugin's own ConfigDef and validate(),
// and the transformation chain (libs/connect-transforms), merged into Kafka's ConfigInfos.
import { Injectable } from '@nestjs/common';
import {
  buildConfigInfos,
  ConfigDef,
  ConfigException,
  type ConfigInfos,
  ConfigValue,
  LambdaValidator,
  NonEmptyStringWithoutControlChars,
  Range,
  ValidString,
  type ValidationPart,
} from '@libs/connect-spi';
import { findConverterPlugin } from '@libs/connect-converters';
import type { KafkaCluster, OrgScope } from '@libs/db';
import {
  errorHandlingConfigDef,
  exactlyOnceConfigDef,
  validateErrorHandling,
  validateExactlyOnce,
} from '@libs/connect-runtime';
import type { ConnectorPlugin } from '@libs/connect-spi';
import { validateTransformationConfig } from '@libs/connect-transforms';
import { ConnectorCredentialCheck } from './connector-credentials';

/** What every PASSWORD-typed value reads back as (as in the examples of Confluent's Connect v1 API reference). */
export const PASSWORD_MASK = '****************';

/** Read-only keys the service adds to every returned config; never stored, dropped on write. */
export const SERVICE_KEYS = [
  'cloud.environment',
  'cloud.provider',
  'kafka.endpoint',
  'kafka.region',
  'kafka.max.partition.validation.disable',
] as const;

const CONNECT_GROUP = 'How should we connect to your data?';
const CREDENTIALS_GROUP = 'Kafka Cluster credentials';
const TASKS_GROUP = 'Number of tasks for this connector';
const CONVERTERS_GROUP = 'Converters';
const ADDITIONAL_GROUP = 'Additional Configs';
const TOPICS_GROUP = 'Which topics do you want to get data from?';

const converterClass = LambdaValidator.with(
  (name, value) => {
    if (value === null || value === undefined || value === '') return;
    if (!findConverterPlugin(String(value)))
      throw new ConfigException(name, value, `Class ${String(value)} could not be found.`);
  },
  () => 'a converter class (JsonConverter, StringConverter, ByteArrayConverter)',
);

const recommend = (values: string[]) => ({ validValues: () => values, visible: () => true });

/**
 * The managed-connector framework keys (the common part of Confluent's fully-managed connector templates,
 * github.com/confluentinc/connect-migration-utility templates/fm/), shaped like Confluent's validate output.
 */
export function frameworkConfigDef(type: 'source' | 'sink'): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: 'connector.class',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'The connector plugin: a managed alias (e.g. DatagenSource) or its class name.',
      group: CONNECT_GROUP,
      orderInGroup: 1,
      displayName: 'Connector class',
    })
    .define({
      name: 'name',
      type: 'STRING',
      validator: new NonEmptyStringWithoutControlChars(),
      importance: 'HIGH',
      documentation: 'Sets a name for your connector.',
      group: CONNECT_GROUP,
      orderInGroup: 2,
      displayName: 'Connector name',
    })
    .define({
      name: 'kafka.auth.mode',
      type: 'STRING',
      defaultValue: 'KAFKA_API_KEY',
      validator: ValidString.in('KAFKA_API_KEY', 'SERVICE_ACCOUNT'),
      recommender: recommend(['KAFKA_API_KEY', 'SERVICE_ACCOUNT']),
      importance: 'HIGH',
      documentation:
        'Kafka Authentication mode. It can be one of KAFKA_API_KEY or SERVICE_ACCOUNT. It defaults to KAFKA_API_KEY mode.',
      group: CREDENTIALS_GROUP,
      orderInGroup: 1,
      displayName: 'Kafka Cluster Authentication mode',
    })
    .define({
      name: 'kafka.api.key',
      type: 'PASSWORD',
      defaultValue: '',
      importance: 'HIGH',
      documentation: 'Kafka API Key. Required when kafka.auth.mode==KAFKA_API_KEY.',
      group: CREDENTIALS_GROUP,
      orderInGroup: 2,
      displayName: 'Kafka API Key',
    })
    .define({
      name: 'kafka.service.account.id',
      type: 'STRING',
      defaultValue: '',
      importance: 'HIGH',
      documentation: 'The service account used to reach Kafka. Required when kafka.auth.mode==SERVICE_ACCOUNT.',
      group: CREDENTIALS_GROUP,
      orderInGroup: 2,
      displayName: 'Kafka Service Account',
    })
    .define({
      name: 'kafka.api.secret',
      type: 'PASSWORD',
      defaultValue: '',
      importance: 'HIGH',
      documentation: 'Secret associated with Kafka API key. Required when kafka.auth.mode==KAFKA_API_KEY.',
      group: CREDENTIALS_GROUP,
      orderInGroup: 3,
      displayName: 'Kafka API Secret',
    })
    .define({
      name: 'tasks.max',
      type: 'INT',
      validator: Range.atLeast(1),
      importance: 'HIGH',
      documentation: 'Maximum number of tasks for the connector.',
      group: TASKS_GROUP,
      orderInGroup: 1,
      displayName: 'Tasks',
    });
  if (type === 'sink') {
    def
      .define({
        name: 'topics',
        type: 'LIST',
        defaultValue: '',
        importance: 'HIGH',
        documentation: 'Identifies the topic name or a comma-separated list of topic names.',
        group: TOPICS_GROUP,
        orderInGroup: 1,
        displayName: 'Topic names',
      })
      .define({
        name: 'topics.regex',
        type: 'STRING',
        defaultValue: '',
        importance: 'HIGH',
        documentation: 'A regular expression that matches the names of the topics to consume from.',
        group: TOPICS_GROUP,
        orderInGroup: 2,
        displayName: 'Topics regex',
      });
  }
  def
    .define({
      name: 'key.converter',
      type: 'STRING',
      defaultValue: null,
      validator: converterClass,
      importance: 'LOW',
      documentation: 'Converter class for record keys.',
      group: CONVERTERS_GROUP,
      orderInGroup: 1,
      displayName: 'Key converter class',
    })
    .define({
      name: 'value.converter',
      type: 'STRING',
      defaultValue: null,
      validator: converterClass,
      importance: 'LOW',
      documentation: 'Converter class for record values.',
      group: CONVERTERS_GROUP,
      orderInGroup: 2,
      displayName: 'Value converter class',
    })
    .define({
      name: 'header.converter',
      type: 'STRING',
      defaultValue: null,
      validator: converterClass,
      importance: 'LOW',
      documentation: 'Converter class for record headers.',
      group: CONVERTERS_GROUP,
      orderInGroup: 3,
      displayName: 'Header converter class',
    });
  // errors.* (KIP-298): the runtime's own definition, so validate and the running task agree
  for (const key of errorHandlingConfigDef(type).configKeys.values()) def.defineKey(key);
  // KIP-618 exactly-once source keys: the runtime's own definition too
  if (type === 'source') for (const key of exactlyOnceConfigDef().configKeys.values()) def.defineKey(key);
  return def
    .define({
      name: 'auto.restart.on.user.error',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'MEDIUM',
      documentation: 'Restart failed tasks automatically (with backoff) after a user-actionable error.',
      group: ADDITIONAL_GROUP,
      orderInGroup: 1,
      displayName: 'Auto-restart on user error',
    })
    .define({
      name: 'schema.context.name',
      type: 'STRING',
      defaultValue: 'default',
      importance: 'LOW',
      documentation: 'The Schema Registry context to use.',
      group: ADDITIONAL_GROUP,
      orderInGroup: 2,
      displayName: 'Schema context',
    });
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || String(v).trim() === '';
}

/** Checks across keys that ConfigDef cannot express (Confluent's messages). */
function crossChecks(values: Map<string, ConfigValue>, props: Record<string, unknown>, type: 'source' | 'sink'): void {
  const add = (key: string, msg: string) => {
    const cv = values.get(key);
    if (cv && !cv.errorMessages.includes(msg)) cv.addErrorMessage(msg);
  };
  const mode = isBlank(props['kafka.auth.mode']) ? 'KAFKA_API_KEY' : String(props['kafka.auth.mode']);
  if (mode === 'KAFKA_API_KEY') {
    if (isBlank(props['kafka.api.key']))
      add('kafka.api.key', '"kafka.api.key" is required when kafka.auth.mode==KAFKA_API_KEY');
    if (isBlank(props['kafka.api.secret']))
      add('kafka.api.secret', '"kafka.api.secret" is required when kafka.auth.mode==KAFKA_API_KEY');
  } else if (mode === 'SERVICE_ACCOUNT' && isBlank(props['kafka.service.account.id'])) {
    add('kafka.service.account.id', '"kafka.service.account.id" is required when kafka.auth.mode==SERVICE_ACCOUNT');
  }
  if (type === 'sink') {
    const topics = !isBlank(props.topics);
    const regex = !isBlank(props['topics.regex']);
    if (!topics && !regex) add('topics', 'Must configure one of topics or topics.regex');
    if (topics && regex) add('topics', 'topics and topics.regex are mutually exclusive options, but both are set.');
  }
  // KIP-298 cross-field checks (a DLQ that is an input topic, window threshold above its size)
  const strProps = Object.fromEntries(
    Object.entries(props)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  for (const [key, messages] of Object.entries(
    validateErrorHandling(strProps, { type, connectorId: String(props.id ?? 'lcc-new') }),
  )) {
    if (values.get(key)?.errorMessages.length) continue; // the key's own validator already reported it
    for (const m of messages) add(key, m);
  }
}

export interface ConfigValidation {
  infos: ConfigInfos;
  /** Every PASSWORD-typed key of the merged definitions: stored encrypted, read back masked. */
  passwordKeys: Set<string>;
}

@Injectable()
export class ConnectorConfigValidator {
  constructor(private readonly credentials: ConnectorCredentialCheck) {}

  /**
   * Kafka Connect's validate for one plugin: framework keys, the plugin's validate(), transforms;
   * with `target`, also the connector's Kafka credentials against that cluster of that tenant.
   */
  async validate(
    plugin: ConnectorPlugin,
    props: Record<string, string | null>,
    target?: { scope: OrgScope; cluster: KafkaCluster },
  ): Promise<ConfigValidation> {
    const framework = frameworkConfigDef(plugin.type);
    const frameworkValues = framework.validateAll(props);
    crossChecks(frameworkValues, props, plugin.type);
    if (target) {
      for (const [key, message] of Object.entries(await this.credentials.check(target.scope, target.cluster, props))) {
        const cv = frameworkValues.get(key);
        if (cv && cv.errorMessages.length === 0) cv.addErrorMessage(message);
      }
    }
    const parts: ValidationPart[] = [{ def: framework, values: frameworkValues.values() }];

    const connector = plugin.create();
    if (plugin.type === 'source') {
      // KIP-618 preflight: exactly.once.support=required / transaction.boundary=connector ask the connector
      const stringProps = Object.fromEntries(Object.entries(props).filter((e): e is [string, string] => e[1] !== null));
      for (const [key, messages] of Object.entries(validateExactlyOnce(stringProps, connector))) {
        const cv = frameworkValues.get(key);
        if (cv && cv.errorMessages.length === 0) for (const m of messages) cv.addErrorMessage(m);
      }
    }
    try {
      const def = connector.config();
      const result = await connector.validate(props as Record<string, string>);
      parts.push({ def, values: result.configValues });
    } catch (e) {
      // A plugin whose validate() throws reports it on connector.class, as Kafka does.
      frameworkValues
        .get('connector.class')
        ?.addErrorMessage(`${plugin.alias} could not validate the configuration: ${(e as Error).message}`);
    }
    const transforms = validateTransformationConfig(props);
    parts.push({ def: transforms.configDef, values: transforms.configValues });

    const passwordKeys = new Set<string>();
    for (const p of parts) for (const [k, key] of p.def.configKeys) if (key.type === 'PASSWORD') passwordKeys.add(k);
    const infos = buildConfigInfos(plugin.className, parts, { passwordMask: PASSWORD_MASK });
    return { infos, passwordKeys };
  }

  /** The PASSWORD-typed keys for a plugin and config, without running validation. */
  passwordKeys(plugin: ConnectorPlugin | undefined, props: Record<string, unknown>): Set<string> {
    const keys = new Set<string>();
    const defs: ConfigDef[] = [frameworkConfigDef(plugin?.type ?? 'source')];
    if (plugin) {
      try {
        defs.push(plugin.create().config());
      } catch {
        // a plugin that cannot describe itself masks only the framework keys (and envelopes)
      }
    }
    try {
      defs.push(validateTransformationConfig(props).configDef);
    } catch {
      // transforms that cannot be described contribute no keys
    }
    for (const d of defs) for (const [k, key] of d.configKeys) if (key.type === 'PASSWORD') keys.add(k);
    return keys;
  }
}

/** Confluent's validate body carries `alias` in definitions and `metadata` per config. */
export function confluentConfigInfos(infos: ConfigInfos): unknown {
  return {
    name: infos.name,
    groups: infos.groups,
    error_count: infos.error_count,
    configs: infos.configs.map((c) => ({
      // Confluent's Go SDK reads these as strings: no nulls on the wire (Confluent sends "").
      // CLASS is not in Confluent's type enum (their validate reports class keys as STRING).
      definition: c.definition
        ? {
            ...c.definition,
            type: c.definition.type === 'CLASS' ? 'STRING' : c.definition.type,
            default_value: c.definition.type === 'PASSWORD' ? '' : (c.definition.default_value ?? ''),
            group: c.definition.group ?? '',
            alias: '',
          }
        : null,
      value: { ...c.value, value: c.value.value ?? '' },
      metadata: {},
    })),
  };
}
