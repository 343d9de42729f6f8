// API keys, their message specs and the version ranges this broker advertises.
// Ranges come from what the supported clients send (kafkajs 2.2.4, librdkafka 2.0.2, kafka-python 2.0.2;
// see their request code and librdkafka's src/rdkafka_feature.c) and the Kafka protocol guide
// (https://kafka.apache.org/protocol): low bounds keep librdkafka 2.0.2's feature gates on, high bounds stay non-flexible
// except ApiVersions v3 (which librdkafka always tries first).
import { inRange } from './versions';
import { CompiledMessage, message } from './schema';

export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  SaslHandshake: 17,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  SaslAuthenticate: 36,
  CreatePartitions: 37,
  DeleteGroups: 42,
  IncrementalAlterConfigs: 44,
} as const;

export type ApiName = keyof typeof ApiKey;

export interface ApiDef {
  key: number;
  name: ApiName;
  minVersion: number;
  maxVersion: number;
  request: CompiledMessage;
  response: CompiledMessage;
}

const ADVERTISED: Record<ApiName, [number, number]> = {
  Produce: [3, 7],
  Fetch: [4, 10],
  ListOffsets: [1, 3],
  Metadata: [0, 4],
  OffsetCommit: [0, 7],
  OffsetFetch: [1, 5],
  FindCoordinator: [0, 2],
  JoinGroup: [0, 5],
  Heartbeat: [0, 3],
  LeaveGroup: [0, 3],
  SyncGroup: [0, 3],
  DescribeGroups: [0, 4],
  ListGroups: [0, 2],
  SaslHandshake: [0, 1],
  ApiVersions: [0, 3],
  CreateTopics: [0, 4],
  DeleteTopics: [0, 3],
  DeleteRecords: [0, 1],
  InitProducerId: [0, 1],
  DescribeConfigs: [0, 2],
  AlterConfigs: [0, 1],
  SaslAuthenticate: [0, 1],
  CreatePartitions: [0, 1],
  DeleteGroups: [0, 1],
  IncrementalAlterConfigs: [0, 1],
};

let byKey: Map<number, ApiDef> | undefined;

export function apis(): Map<number, ApiDef> {
  if (byKey) return byKey;
  byKey = new Map();
  for (const [name, key] of Object.entries(ApiKey) as [ApiName, number][]) {
    const [minVersion, maxVersion] = ADVERTISED[name];
    byKey.set(key, {
      key,
      name,
      minVersion,
      maxVersion,
      request: message(`${name}Request`),
      response: message(`${name}Response`),
    });
  }
  return byKey;
}

export function api(key: number): ApiDef | undefined {
  return apis().get(key);
}

export function isFlexible(def: ApiDef, version: number): boolean {
  return inRange(def.request.flexible, version);
}
