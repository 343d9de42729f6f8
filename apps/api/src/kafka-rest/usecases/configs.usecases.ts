import { Inject, Injectable } from '@nestjs/common';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import type { Principal } from '@libs/auth';
import { APP_CONFIG, type AppConfig } from '@libs/config';
import { embeddedBrokerTarget } from '@libs/kafka-clients';
import { alterConfigsDirect } from './alter-configs-direct';
import { kafkaCall, kafkaRest } from '../kafka-errors';
import type { ConfigSourceName, ConfigView } from '../kafka-rest.presenter';
import { ClusterAccess } from './cluster-access';
import { describeTopic } from './topics.usecases';

// Kafka's DescribeConfigs ConfigSource ids.
const SOURCES: Record<number, ConfigSourceName> = {
  0: 'UNKNOWN',
  1: 'DYNAMIC_TOPIC_CONFIG',
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
  6: 'DYNAMIC_BROKER_LOGGER_CONFIG',
};

export interface ConfigChange {
  name: string;
  /** null: back to the default (DELETE). */
  value: string | null;
}

interface RawEntry {
  configName: string;
  configValue: string | null;
  readOnly: boolean;
  isDefault: boolean;
  isSensitive: boolean;
  configSource?: number;
  configSynonyms?: Array<{ configName: string; configValue: string | null; configSource: number }>;
}

function view(e: RawEntry, dynamicSource: number): ConfigView {
  const source = SOURCES[e.configSource ?? (e.isDefault ? 5 : dynamicSource)] ?? 'UNKNOWN';
  return {
    name: e.configName,
    value: e.configValue,
    isDefault: e.isDefault,
    isReadOnly: e.readOnly,
    isSensitive: e.isSensitive,
    source,
    synonyms: (e.configSynonyms ?? []).map((s) => ({
      name: s.configName,
      value: s.configValue,
      source: SOURCES[s.configSource] ?? 'UNKNOWN',
    })),
  };
}

async function describe(admin: Admin, type: ConfigResourceTypes, name: string, topic?: string): Promise<RawEntry[]> {
  const res = await kafkaCall(() => admin.describeConfigs({ includeSynonyms: false, resources: [{ type, name }] }), {
    topic,
  });
  const r = res.resources[0];
  if (!r) return [];
  if (r.errorCode === 3) throw kafkaRest.unknownTopic();
  return r.configEntries as RawEntry[];
}

/**
 * Applies a set of changes without dropping the other dynamic settings: kafkajs has no
 * IncrementalAlterConfigs, so the current dynamic values are read and the merged set is written
 * with AlterConfigs (which replaces the resource's dynamic configs).
 */
async function alterIncrementally(
  admin: Admin,
  type: ConfigResourceTypes,
  name: string,
  dynamicSource: number,
  changes: ConfigChange[],
  validateOnly: boolean,
  topic?: string,
  write?: (entries: Array<{ name: string; value: string }>) => Promise<void>,
): Promise<void> {
  const current = await describe(admin, type, name, topic);
  const merged = new Map<string, string>();
  for (const e of current) {
    const dynamic = e.configSource !== undefined ? e.configSource === dynamicSource : !e.isDefault;
    if (dynamic && e.configValue !== null && !e.isSensitive) merged.set(e.configName, e.configValue);
  }
  for (const c of changes) {
    if (c.value === null) merged.delete(c.name);
    else merged.set(c.name, c.value);
  }
  if (write) return write([...merged].map(([n, v]) => ({ name: n, value: v })));
  await kafkaCall(
    () =>
      admin.alterConfigs({
        validateOnly,
        resources: [{ type, name, configEntries: [...merged].map(([n, v]) => ({ name: n, value: v })) }],
      }),
    { topic },
  );
}

@Injectable()
export class ListTopicConfigs {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, topic: string): Promise<ConfigView[]> {
    const { admin } = await this.access.admin(p, clusterId);
    await describeTopic(admin, topic);
    return (await describe(admin, ConfigResourceTypes.TOPIC, topic, topic))
      .map((e) => view(e, 1))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

@Injectable()
export class GetTopicConfig {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, topic: string, name: string): Promise<ConfigView> {
    const { admin } = await this.access.admin(p, clusterId);
    await describeTopic(admin, topic);
    const found = (await describe(admin, ConfigResourceTypes.TOPIC, topic, topic)).find((e) => e.configName === name);
    if (!found) throw kafkaRest.notFound(`Config ${name} cannot be found for topic ${topic} in cluster ${clusterId}.`);
    return view(found, 1);
  }
}

@Injectable()
export class AlterTopicConfigs {
  constructor(private readonly access: ClusterAccess) {}

  /** PUT/DELETE of one config and POST configs:alter. */
  async execute(
    p: Principal,
    clusterId: string,
    topic: string,
    changes: ConfigChange[],
    validateOnly = false,
    mustExist?: string,
  ): Promise<void> {
    const { admin } = await this.access.admin(p, clusterId);
    await describeTopic(admin, topic);
    if (mustExist !== undefined) {
      const known = (await describe(admin, ConfigResourceTypes.TOPIC, topic, topic)).some(
        (e) => e.configName === mustExist,
      );
      if (!known)
        throw kafkaRest.notFound(`Config ${mustExist} cannot be found for topic ${topic} in cluster ${clusterId}.`);
    }
    await alterIncrementally(admin, ConfigResourceTypes.TOPIC, topic, 1, changes, validateOnly, topic);
  }
}

/** The node whose broker configs stand for the cluster's (the embedded broker is node 0). */
async function brokerNode(admin: Admin): Promise<string> {
  const d = await kafkaCall(() => admin.describeCluster());
  return String(d.controller ?? d.brokers[0]?.nodeId ?? 0);
}

@Injectable()
export class ListClusterConfigs {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string): Promise<ConfigView[]> {
    const { admin } = await this.access.admin(p, clusterId);
    const node = await brokerNode(admin);
    return (await describe(admin, ConfigResourceTypes.BROKER, node))
      .map((e) => view(e, 3))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

@Injectable()
export class GetClusterConfig {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, name: string): Promise<ConfigView> {
    const { admin } = await this.access.admin(p, clusterId);
    const node = await brokerNode(admin);
    const found = (await describe(admin, ConfigResourceTypes.BROKER, node)).find((e) => e.configName === name);
    if (!found) throw kafkaRest.notFound(`Config ${name} cannot be found for cluster ${clusterId}.`);
    return view(found, 3);
  }
}

@Injectable()
export class AlterClusterConfigs {
  constructor(
    private readonly access: ClusterAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Dynamic broker configs of the node that stands for the cluster (kafkajs cannot address the
   * cluster-wide default resource ""). The embedded broker has no dynamic broker configs: 400 40002.
   */
  async execute(p: Principal, clusterId: string, changes: ConfigChange[], validateOnly = false): Promise<void> {
    const { cluster, admin } = await this.access.admin(p, clusterId);
    const node = await brokerNode(admin);
    // Embedded: written over our own client so the broker's refusal message reaches the caller.
    const target =
      cluster.backend === 'EMBEDDED'
        ? embeddedBrokerTarget(cluster.id, {
            pepper: this.config.apiKeyPepper,
            embedded: { host: this.config.BROKER_HOST, port: this.config.BROKER_PORT },
          })
        : undefined;
    const write = target
      ? (entries: Array<{ name: string; value: string }>) =>
          alterConfigsDirect(target, { type: ConfigResourceTypes.BROKER, name: node }, entries, validateOnly)
      : undefined;
    await alterIncrementally(admin, ConfigResourceTypes.BROKER, node, 2, changes, validateOnly, undefined, write);
  }
}
