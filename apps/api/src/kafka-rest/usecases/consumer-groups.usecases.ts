import { Injectable } from '@nestjs/common';
import { AssignerProtocol, type Admin, type GroupDescription } from 'kafkajs';
import type { Principal } from '@libs/auth';
import { kafkaCall, kafkaRest } from '../kafka-errors';
import type { ConsumerView, GroupView, LagView } from '../kafka-rest.presenter';
import { ClusterAccess } from './cluster-access';

const STATES: Record<string, string> = {
  Stable: 'STABLE',
  PreparingRebalance: 'PREPARING_REBALANCE',
  CompletingRebalance: 'COMPLETING_REBALANCE',
  AwaitingSync: 'COMPLETING_REBALANCE',
  Empty: 'EMPTY',
  Dead: 'DEAD',
};

interface Member {
  consumerId: string;
  clientId: string;
  instanceId: string | null;
  assignment: Record<string, number[]>;
}

interface Described {
  view: GroupView;
  members: Member[];
}

function decodeAssignment(buf: Buffer): Record<string, number[]> {
  if (!buf || buf.length === 0) return {};
  try {
    return AssignerProtocol.MemberAssignment.decode(buf)?.assignment ?? {};
  } catch {
    return {};
  }
}

function describedView(g: GroupDescription): Described {
  return {
    view: {
      groupId: g.groupId,
      isSimple: g.protocolType === '' && g.members.length === 0,
      partitionAssignor: g.protocol ?? '',
      state: STATES[g.state] ?? 'UNKNOWN',
    },
    members: g.members.map((m) => ({
      consumerId: m.memberId,
      clientId: m.clientId,
      instanceId: (m as { groupInstanceId?: string | null }).groupInstanceId ?? null,
      assignment: g.protocolType === 'consumer' ? decodeAssignment(m.memberAssignment) : {},
    })),
  };
}

async function describeGroup(admin: Admin, groupId: string): Promise<Described> {
  const listed = await kafkaCall(() => admin.listGroups());
  if (!listed.groups.some((g) => g.groupId === groupId))
    throw kafkaRest.notFound(`Consumer group ${groupId} cannot be found.`);
  const res = await kafkaCall(() => admin.describeGroups([groupId]));
  const g = res.groups.find((x) => x.groupId === groupId);
  if (!g) throw kafkaRest.notFound(`Consumer group ${groupId} cannot be found.`);
  return describedView(g);
}

/** Committed offset, log end offset and owner of every partition the group has an offset for. */
async function lagsOf(admin: Admin, groupId: string): Promise<LagView[]> {
  const described = await describeGroup(admin, groupId);
  const owner = new Map<string, Member>();
  const topics = new Set<string>();
  for (const m of described.members) {
    for (const [topic, partitions] of Object.entries(m.assignment)) {
      topics.add(topic);
      for (const partition of partitions) owner.set(`${topic}\u0000${partition}`, m);
    }
  }
  // OffsetFetch needs topic names: the assigned ones plus every topic of the cluster (a group may have
  // committed offsets and no members).
  for (const t of await kafkaCall(() => admin.listTopics())) topics.add(t);
  if (topics.size === 0) return [];
  const committed = await kafkaCall(() => admin.fetchOffsets({ groupId, topics: [...topics] }));
  const out: LagView[] = [];
  for (const { topic, partitions } of committed) {
    const withOffsets = partitions.filter((p) => Number(p.offset) >= 0);
    if (withOffsets.length === 0) continue;
    const ends = new Map(
      (await kafkaCall(() => admin.fetchTopicOffsets(topic))).map((o) => [o.partition, Number(o.high)]),
    );
    for (const p of withOffsets) {
      const current = Number(p.offset);
      const end = ends.get(p.partition) ?? current;
      const m = owner.get(`${topic}\u0000${p.partition}`);
      out.push({
        topic,
        partition: p.partition,
        currentOffset: current,
        logEndOffset: end,
        lag: Math.max(0, end - current),
        consumerId: m?.consumerId ?? '',
        clientId: m?.clientId ?? '',
        instanceId: m?.instanceId ?? null,
      });
    }
  }
  return out.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

@Injectable()
export class ListConsumerGroups {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string): Promise<GroupView[]> {
    const { admin } = await this.access.admin(p, clusterId);
    const listed = await kafkaCall(() => admin.listGroups());
    if (listed.groups.length === 0) return [];
    const res = await kafkaCall(() => admin.describeGroups(listed.groups.map((g) => g.groupId)));
    return res.groups.map((g) => describedView(g).view).sort((a, b) => a.groupId.localeCompare(b.groupId));
  }
}

@Injectable()
export class GetConsumerGroup {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, groupId: string): Promise<GroupView> {
    const { admin } = await this.access.admin(p, clusterId);
    return (await describeGroup(admin, groupId)).view;
  }
}

@Injectable()
export class ListConsumers {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, groupId: string): Promise<ConsumerView[]> {
    const { admin } = await this.access.admin(p, clusterId);
    return (await describeGroup(admin, groupId)).members.map(({ consumerId, clientId, instanceId }) => ({
      consumerId,
      clientId,
      instanceId,
    }));
  }
}

@Injectable()
export class GetConsumer {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, groupId: string, consumerId: string): Promise<ConsumerView> {
    const { admin } = await this.access.admin(p, clusterId);
    const m = (await describeGroup(admin, groupId)).members.find((x) => x.consumerId === consumerId);
    if (!m) throw kafkaRest.notFound(`Consumer ${consumerId} cannot be found in consumer group ${groupId}.`);
    return { consumerId: m.consumerId, clientId: m.clientId, instanceId: m.instanceId };
  }
}

@Injectable()
export class ListConsumerLags {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, groupId: string): Promise<LagView[]> {
    const { admin } = await this.access.admin(p, clusterId);
    return lagsOf(admin, groupId);
  }
}

@Injectable()
export class GetConsumerLag {
  constructor(private readonly access: ClusterAccess) {}

  async execute(p: Principal, clusterId: string, groupId: string, topic: string, partition: number): Promise<LagView> {
    const { admin } = await this.access.admin(p, clusterId);
    const found = (await lagsOf(admin, groupId)).find((l) => l.topic === topic && l.partition === partition);
    if (!found)
      throw kafkaRest.unknownTopic(`Consumer group ${groupId} has no committed offset for ${topic}-${partition}.`);
    return found;
  }
}
