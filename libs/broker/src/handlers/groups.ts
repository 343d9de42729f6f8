// Consumer-group APIs: thin adapters between the wire messages and the GroupCoordinator.
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import { RequestContext } from './context';

const E = ErrorCode;

export async function joinGroup(ctx: RequestContext, body: Msg): Promise<Msg> {
  const r = await ctx.tenant.groups.join({
    groupId: body.groupId,
    sessionTimeoutMs: body.sessionTimeoutMs,
    // v0 has no rebalance timeout; Kafka uses the session timeout.
    rebalanceTimeoutMs: ctx.version >= 1 ? body.rebalanceTimeoutMs : body.sessionTimeoutMs,
    memberId: body.memberId ?? '',
    groupInstanceId: body.groupInstanceId ?? null,
    protocolType: body.protocolType,
    protocols: (body.protocols as Msg[]).map((p) => ({ name: p.name, metadata: p.metadata })),
    version: ctx.version,
    clientId: ctx.clientId,
    clientHost: ctx.clientHost,
  });
  return {
    throttleTimeMs: 0,
    errorCode: r.errorCode,
    generationId: r.generationId,
    protocolType: r.protocolType,
    protocolName: r.protocolName ?? '',
    leader: r.leader,
    memberId: r.memberId,
    members: r.members,
  };
}

export async function syncGroup(ctx: RequestContext, body: Msg): Promise<Msg> {
  const r = await ctx.tenant.groups.sync(
    body.groupId,
    body.memberId,
    body.generationId,
    (body.assignments as Msg[]).map((a) => ({ memberId: a.memberId, assignment: a.assignment })),
    body.groupInstanceId ?? null,
  );
  return {
    throttleTimeMs: 0,
    errorCode: r.errorCode,
    protocolType: r.protocolType,
    protocolName: r.protocolName,
    assignment: r.assignment,
  };
}

export function heartbeat(ctx: RequestContext, body: Msg): Msg {
  return {
    throttleTimeMs: 0,
    errorCode: ctx.tenant.groups.heartbeat(
      body.groupId,
      body.memberId,
      body.generationId,
      body.groupInstanceId ?? null,
    ),
  };
}

export function leaveGroup(ctx: RequestContext, body: Msg): Msg {
  if (ctx.version < 3) {
    const [code] = ctx.tenant.groups.leave(body.groupId, [{ memberId: body.memberId }]);
    return { throttleTimeMs: 0, errorCode: code };
  }
  const members = body.members as Msg[];
  const codes = ctx.tenant.groups.leave(
    body.groupId,
    members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId ?? null })),
  );
  return {
    throttleTimeMs: 0,
    errorCode: E.NONE,
    members: members.map((m, i) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      errorCode: codes[i],
    })),
  };
}

export function offsetCommit(ctx: RequestContext, body: Msg): Msg {
  const { groups, topics } = ctx.tenant;
  const generation = ctx.version >= 1 ? (body.generationIdOrMemberEpoch as number) : -1;
  const memberId = ctx.version >= 1 ? (body.memberId as string) : '';
  const groupCode = body.groupId
    ? groups.checkCommit(body.groupId, memberId, generation, body.groupInstanceId ?? null)
    : E.INVALID_GROUP_ID;
  const now = Date.now();
  const accepted: {
    topic: string;
    partition: number;
    offset: number;
    leaderEpoch: number;
    metadata: string | null;
    commitTimestamp: number;
  }[] = [];
  const result = (body.topics as Msg[]).map((t) => {
    const topic = topics.get(t.name);
    return {
      name: t.name,
      partitions: (t.partitions as Msg[]).map((p) => {
        let code = groupCode;
        if (code === E.NONE && (!topic || !topic.partitions[p.partitionIndex])) code = E.UNKNOWN_TOPIC_OR_PARTITION;
        if (code === E.NONE && p.committedMetadata && Buffer.byteLength(p.committedMetadata) > 4096)
          code = E.OFFSET_METADATA_TOO_LARGE;
        if (code === E.NONE) {
          accepted.push({
            topic: t.name,
            partition: p.partitionIndex,
            offset: p.committedOffset,
            leaderEpoch: p.committedLeaderEpoch ?? -1,
            metadata: p.committedMetadata ?? null,
            commitTimestamp: now,
          });
        }
        return { partitionIndex: p.partitionIndex, errorCode: code };
      }),
    };
  });
  // Written (and fsynced per policy) before the response goes out.
  groups.offsets.commit(body.groupId, accepted);
  return { throttleTimeMs: 0, topics: result };
}

export function offsetFetch(ctx: RequestContext, body: Msg): Msg {
  const { groups } = ctx.tenant;
  const groupId = body.groupId as string;
  let requested: { name: string; partitionIndexes: number[] }[];
  if (body.topics === null) {
    const byTopic = new Map<string, number[]>();
    for (const e of groups.offsets.all(groupId)) {
      if (!byTopic.has(e.topic)) byTopic.set(e.topic, []);
      byTopic.get(e.topic)!.push(e.partition);
    }
    requested = [...byTopic.entries()].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
  } else requested = body.topics as { name: string; partitionIndexes: number[] }[];
  const topics = requested.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((p) => {
      const c = groups.offsets.get(groupId, t.name, p);
      return {
        partitionIndex: p,
        committedOffset: c ? c.offset : -1,
        committedLeaderEpoch: c ? c.leaderEpoch : -1,
        metadata: c ? c.metadata : '',
        errorCode: E.NONE,
      };
    }),
  }));
  return { throttleTimeMs: 0, topics, errorCode: E.NONE };
}

export function describeGroups(ctx: RequestContext, body: Msg): Msg {
  const { groups } = ctx.tenant;
  return {
    throttleTimeMs: 0,
    groups: (body.groups as string[]).map((id) => {
      const g = groups.describe(id);
      if (!g)
        return { errorCode: E.NONE, groupId: id, groupState: 'Dead', protocolType: '', protocolData: '', members: [] };
      return {
        errorCode: E.NONE,
        groupId: id,
        groupState: g.state,
        protocolType: g.protocolType ?? '',
        protocolData: g.state === 'Stable' || g.state === 'CompletingRebalance' ? (g.protocolName ?? '') : '',
        members: [...g.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata:
            g.state === 'Stable'
              ? (m.protocols.find((p) => p.name === g.protocolName)?.metadata ?? Buffer.alloc(0))
              : Buffer.alloc(0),
          memberAssignment: g.state === 'Stable' ? m.assignment : Buffer.alloc(0),
        })),
      };
    }),
  };
}

export function listGroups(ctx: RequestContext): Msg {
  const { groups } = ctx.tenant;
  return {
    throttleTimeMs: 0,
    errorCode: E.NONE,
    groups: groups.allGroupIds().map((id) => {
      const g = groups.describe(id)!;
      return {
        groupId: id,
        protocolType: g.protocolType ?? (groups.offsets.hasGroup(id) ? 'consumer' : ''),
        groupState: g.state,
      };
    }),
  };
}

export function deleteGroups(ctx: RequestContext, body: Msg): Msg {
  return {
    throttleTimeMs: 0,
    results: (body.groupsNames as string[]).map((id) => ({
      groupId: id,
      errorCode: ctx.tenant.groups.deleteGroup(id),
    })),
  };
}
