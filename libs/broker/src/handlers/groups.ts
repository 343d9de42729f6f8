// Consumer-group APIs: thin adapters between the wire messages and the GroupCoordinator.
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import type { CommitEntry } from '../groups/offset-store';
import { commitEntryOf } from './commit-entry';
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
  // v5+ names the protocol it joined with; a mismatch is refused as Kafka does (KIP-559).
  if (ctx.version >= 5) {
    const g = ctx.tenant.groups.describe(body.groupId);
    const mismatch =
      g &&
      ((body.protocolType != null && g.protocolType != null && body.protocolType !== g.protocolType) ||
        (body.protocolName != null && g.protocolName != null && body.protocolName !== g.protocolName));
    if (mismatch)
      return {
        throttleTimeMs: 0,
        errorCode: E.INCONSISTENT_GROUP_PROTOCOL,
        protocolType: null,
        protocolName: null,
        assignment: Buffer.alloc(0),
      };
  }
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
  const accepted: CommitEntry[] = [];
  const result = (body.topics as Msg[]).map((t) => {
    const topic = topics.get(t.name);
    return {
      name: t.name,
      partitions: (t.partitions as Msg[]).map((p) => {
        const entry = groupCode === E.NONE ? commitEntryOf(topic, t.name, p, now) : groupCode;
        if (typeof entry !== 'number') accepted.push(entry);
        return { partitionIndex: p.partitionIndex, errorCode: typeof entry === 'number' ? entry : E.NONE };
      }),
    };
  });
  // Written (and fsynced per policy) before the response goes out.
  groups.offsets.commit(body.groupId, accepted);
  return { throttleTimeMs: 0, topics: result };
}

type OffsetFetchTopics = { name: string; partitionIndexes: number[] }[] | null;

function fetchGroupOffsets(ctx: RequestContext, groupId: string, wanted: OffsetFetchTopics): Msg[] {
  const { groups } = ctx.tenant;
  let requested: { name: string; partitionIndexes: number[] }[];
  if (wanted === null) {
    const byTopic = new Map<string, number[]>();
    for (const e of groups.offsets.all(groupId)) {
      if (!byTopic.has(e.topic)) byTopic.set(e.topic, []);
      byTopic.get(e.topic)!.push(e.partition);
    }
    requested = [...byTopic.entries()].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
  } else requested = wanted;
  return requested.map((t) => ({
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
}

export function offsetFetch(ctx: RequestContext, body: Msg): Msg {
  // v8+ asks for many groups at once (KIP-709).
  if (ctx.version >= 8)
    return {
      throttleTimeMs: 0,
      groups: (body.groups as Msg[]).map((g) => ({
        groupId: g.groupId,
        topics: fetchGroupOffsets(ctx, g.groupId as string, g.topics as OffsetFetchTopics),
        errorCode: E.NONE,
      })),
    };
  return {
    throttleTimeMs: 0,
    topics: fetchGroupOffsets(ctx, body.groupId as string, body.topics as OffsetFetchTopics),
    errorCode: E.NONE,
  };
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

export function listGroups(ctx: RequestContext, body: Msg): Msg {
  const { groups } = ctx.tenant;
  // v4 filters by state, v5 by type (KIP-518, KIP-848); empty filters match every group. Every
  // group here is a classic one.
  const states = new Set(((body.statesFilter as string[] | undefined) ?? []).map((s) => s.toLowerCase()));
  const types = new Set(((body.typesFilter as string[] | undefined) ?? []).map((s) => s.toLowerCase()));
  const listed = groups.allGroupIds().map((id) => {
    const g = groups.describe(id)!;
    return {
      groupId: id,
      protocolType: g.protocolType ?? (groups.offsets.hasGroup(id) ? 'consumer' : ''),
      groupState: g.state,
      groupType: 'classic',
    };
  });
  return {
    throttleTimeMs: 0,
    errorCode: E.NONE,
    groups: listed.filter(
      (g) =>
        (states.size === 0 || states.has(g.groupState.toLowerCase())) && (types.size === 0 || types.has(g.groupType)),
    ),
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
