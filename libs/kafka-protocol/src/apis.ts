// API keys, their message specs and the version ranges this broker advertises: the full range of
// Apache Kafka 3.9 for every API it implements (the specs under ../messages are 3.9's), so any
// current client negotiates its newest version. Two floors differ: Produce < 3 and Fetch < 4 carry
// the v0/v1 message format, which this broker does not store or down-convert (Kafka 4.0 dropped
// them too, KIP-896). ListOffsets v0 stays although Kafka 4.0 dropped it: Burrow still sends it.
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
  AddPartitionsToTxn: 24,
  AddOffsetsToTxn: 25,
  EndTxn: 26,
  TxnOffsetCommit: 28,
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
  Produce: [3, 11],
  Fetch: [4, 17],
  ListOffsets: [0, 10],
  Metadata: [0, 12],
  OffsetCommit: [0, 9],
  OffsetFetch: [0, 9],
  FindCoordinator: [0, 6],
  JoinGroup: [0, 9],
  Heartbeat: [0, 4],
  LeaveGroup: [0, 5],
  SyncGroup: [0, 5],
  DescribeGroups: [0, 5],
  ListGroups: [0, 5],
  SaslHandshake: [0, 1],
  ApiVersions: [0, 4],
  CreateTopics: [0, 7],
  DeleteTopics: [0, 6],
  DeleteRecords: [0, 2],
  InitProducerId: [0, 5],
  // v4+ batches transactions (KIP-890); EndTxn v5 is unstable in Kafka 3.9 (not advertised there).
  AddPartitionsToTxn: [0, 5],
  AddOffsetsToTxn: [0, 4],
  EndTxn: [0, 4],
  TxnOffsetCommit: [0, 4],
  DescribeConfigs: [0, 4],
  AlterConfigs: [0, 2],
  SaslAuthenticate: [0, 2],
  CreatePartitions: [0, 3],
  DeleteGroups: [0, 2],
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
