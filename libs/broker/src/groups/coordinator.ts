// Classic consumer-group coordinator (JoinGroup/SyncGroup/Heartbeat/LeaveGroup state machine)
// for one tenant. States and transitions as Kafka's classic group coordinator (apache/kafka
// group-coordinator `classic/ClassicGroupState.java`, `ClassicGroup.java`; https://kafka.apache.org/protocol).
// Over 400 lines as one cohesive thing: every transition of the one group state machine, which
// must be read together (member data lives in group.ts, committed offsets in offset-store.ts).
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@libs/kafka-protocol';
import { Group, GroupStateObserver, JoinResult, Member, Protocol, sameProtocols, SyncResult } from './group';
import { OffsetStore } from './offset-store';

export interface CoordinatorSettings {
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  initialRebalanceDelayMs: number;
}

export interface JoinRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: Protocol[];
  version: number;
  clientId: string;
  clientHost: string;
}

const E = ErrorCode;

// Timer callbacks must never take the broker down; a failure there is logged as a process warning.
function guarded(fn: () => void): () => void {
  return () => {
    try {
      fn();
    } catch (e) {
      process.emitWarning(`group coordinator timer failed: ${(e as Error).stack ?? String(e)}`);
    }
  };
}

function joinError(code: number, memberId = ''): JoinResult {
  return {
    errorCode: code,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    memberId,
    members: [],
  };
}

function syncError(code: number): SyncResult {
  return { errorCode: code, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) };
}

export class GroupCoordinator {
  private groups = new Map<string, Group>();
  private sweeper: NodeJS.Timeout;

  observer: GroupStateObserver | undefined;

  constructor(
    readonly offsets: OffsetStore,
    private readonly settings: CoordinatorSettings,
  ) {
    this.sweeper = setInterval(
      guarded(() => this.expireMembers(Date.now())),
      250,
    );
    this.sweeper.unref();
  }

  get(groupId: string): Group | undefined {
    return this.groups.get(groupId);
  }

  list(): Group[] {
    return [...this.groups.values()];
  }

  async join(req: JoinRequest): Promise<JoinResult> {
    if (!req.groupId) return joinError(E.INVALID_GROUP_ID, req.memberId);
    if (
      req.sessionTimeoutMs < this.settings.minSessionTimeoutMs ||
      req.sessionTimeoutMs > this.settings.maxSessionTimeoutMs
    ) {
      return joinError(E.INVALID_SESSION_TIMEOUT, req.memberId);
    }
    let group = this.groups.get(req.groupId);
    if (!group) this.groups.set(req.groupId, (group = new Group(req.groupId)));
    if (!this.protocolsCompatible(group, req)) return joinError(E.INCONSISTENT_GROUP_PROTOCOL, req.memberId);
    const now = Date.now();

    if (req.groupInstanceId) {
      const known = group.staticMembers.get(req.groupInstanceId);
      if (req.memberId === '') {
        const memberId = `${req.groupInstanceId}-${randomUUID()}`;
        const old = known !== undefined ? group.members.get(known) : undefined;
        if (old) return this.replaceStaticMember(group, old, memberId, req, now);
        group.staticMembers.set(req.groupInstanceId, memberId);
        return this.addMemberAndRebalance(group, memberId, req, now);
      }
      if (known !== undefined && known !== req.memberId) return joinError(E.FENCED_INSTANCE_ID, req.memberId);
    }

    if (req.memberId === '') {
      const memberId = `${req.clientId}-${randomUUID()}`;
      if (req.version >= 4 && !req.groupInstanceId) {
        group.pending.set(memberId, now + req.sessionTimeoutMs);
        return joinError(E.MEMBER_ID_REQUIRED, memberId);
      }
      return this.addMemberAndRebalance(group, memberId, req, now);
    }
    if (group.pending.has(req.memberId)) {
      group.pending.delete(req.memberId);
      return this.addMemberAndRebalance(group, req.memberId, req, now);
    }
    const member = group.members.get(req.memberId);
    if (!member) return joinError(E.UNKNOWN_MEMBER_ID, req.memberId);
    member.lastSeen = now;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    const changed = !sameProtocols(member.protocols, req.protocols);
    member.protocols = req.protocols;
    switch (group.state) {
      case 'PreparingRebalance':
        return this.parkJoin(group, member);
      case 'CompletingRebalance':
        if (!changed) return this.joinResultFor(group, member);
        this.prepareRebalance(group);
        return this.parkJoin(group, member);
      case 'Stable':
        if (!changed && group.leaderId !== member.memberId) return this.joinResultFor(group, member);
        this.prepareRebalance(group);
        return this.parkJoin(group, member);
      default:
        return joinError(E.UNKNOWN_MEMBER_ID, req.memberId);
    }
  }

  // A static member restarting under a new member id takes over the old member's place; if nothing
  // changed and the group is Stable it gets the current generation back without a rebalance.
  private replaceStaticMember(
    group: Group,
    old: Member,
    memberId: string,
    req: JoinRequest,
    now: number,
  ): Promise<JoinResult> {
    old.joinWaiter?.(joinError(E.FENCED_INSTANCE_ID, old.memberId));
    old.syncWaiter?.(syncError(E.FENCED_INSTANCE_ID));
    group.members.delete(old.memberId);
    const changed = !sameProtocols(old.protocols, req.protocols);
    const member: Member = {
      ...old,
      memberId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      lastSeen: now,
      joinWaiter: undefined,
      syncWaiter: undefined,
    };
    group.members.set(memberId, member);
    group.staticMembers.set(req.groupInstanceId!, memberId);
    if (group.leaderId === old.memberId) group.leaderId = memberId;
    if (group.state === 'Stable' && !changed) return Promise.resolve(this.joinResultFor(group, member));
    if (group.state !== 'PreparingRebalance') this.prepareRebalance(group);
    return this.parkJoin(group, member);
  }

  // FENCED_INSTANCE_ID when a static instance id now belongs to another member id.
  private fenced(group: Group, groupInstanceId: string | null | undefined, memberId: string): boolean {
    if (!groupInstanceId) return false;
    const current = group.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }

  private protocolsCompatible(group: Group, req: JoinRequest): boolean {
    if (!req.protocolType || req.protocols.length === 0) return false;
    if (group.members.size === 0) return true;
    if (group.protocolType !== null && group.protocolType !== req.protocolType) return false;
    // Some protocol name must be supported by every (other) member and by the newcomer.
    const names = new Set(req.protocols.map((p) => p.name));
    for (const m of group.members.values()) {
      if (m.memberId === req.memberId) continue;
      for (const n of [...names]) if (!m.protocols.some((p) => p.name === n)) names.delete(n);
    }
    return names.size > 0;
  }

  private addMemberAndRebalance(group: Group, memberId: string, req: JoinRequest, now: number): Promise<JoinResult> {
    const member: Member = {
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols,
      assignment: Buffer.alloc(0),
      lastSeen: now,
    };
    if (group.members.size === 0) group.protocolType = req.protocolType;
    group.members.set(memberId, member);
    const p = this.parkJoin(group, member);
    if (group.state === 'PreparingRebalance') this.tryCompleteJoin(group);
    else this.prepareRebalance(group);
    return p;
  }

  private parkJoin(group: Group, member: Member): Promise<JoinResult> {
    // A re-sent JoinGroup replaces the earlier parked one; the client only waits for the latest.
    member.joinWaiter?.(joinError(E.REBALANCE_IN_PROGRESS, member.memberId));
    const p = new Promise<JoinResult>((resolve) => (member.joinWaiter = resolve));
    queueMicrotask(guarded(() => this.tryCompleteJoin(group)));
    return p;
  }

  private joinResultFor(group: Group, member: Member): JoinResult {
    const isLeader = group.leaderId === member.memberId;
    return {
      errorCode: E.NONE,
      generationId: group.generation,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      memberId: member.memberId,
      members: isLeader
        ? [...group.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.protocols.find((p) => p.name === group.protocolName)?.metadata ?? Buffer.alloc(0),
          }))
        : [],
    };
  }

  private prepareRebalance(group: Group): void {
    const wasEmpty = group.state === 'Empty';
    if (group.state === 'CompletingRebalance') {
      for (const m of group.members.values()) {
        m.syncWaiter?.(syncError(E.REBALANCE_IN_PROGRESS));
        m.syncWaiter = undefined;
      }
    }
    group.clearTimers();
    group.state = 'PreparingRebalance';
    let timeout = 0;
    for (const m of group.members.values())
      timeout = Math.max(timeout, m.rebalanceTimeoutMs > 0 ? m.rebalanceTimeoutMs : m.sessionTimeoutMs);
    const delay = wasEmpty ? this.settings.initialRebalanceDelayMs : 0;
    group.joinNotBefore = Date.now() + delay;
    if (delay > 0)
      setTimeout(
        guarded(() => this.tryCompleteJoin(group)),
        delay,
      ).unref();
    group.rebalanceTimer = setTimeout(
      guarded(() => this.completeJoin(group)),
      Math.max(timeout, delay),
    );
    group.rebalanceTimer.unref();
  }

  private tryCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    if (Date.now() < group.joinNotBefore) return;
    if (group.pending.size > 0) return;
    for (const m of group.members.values()) if (!m.joinWaiter) return;
    this.completeJoin(group);
  }

  private completeJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    group.clearTimers();
    for (const m of [...group.members.values()]) if (!m.joinWaiter) group.members.delete(m.memberId);
    group.pending.clear();
    group.generation++;
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.protocolName = null;
      group.leaderId = null;
      group.protocolType = null;
      this.observer?.groupSettled(group);
      return;
    }
    if (!group.leaderId || !group.members.has(group.leaderId)) group.leaderId = group.members.keys().next().value!;
    group.protocolName = this.selectProtocol(group);
    group.state = 'CompletingRebalance';
    const now = Date.now();
    let syncTimeout = 0;
    for (const m of group.members.values()) {
      m.assignment = Buffer.alloc(0);
      m.lastSeen = now;
      syncTimeout = Math.max(syncTimeout, m.rebalanceTimeoutMs > 0 ? m.rebalanceTimeoutMs : m.sessionTimeoutMs);
      const w = m.joinWaiter!;
      m.joinWaiter = undefined;
      w(this.joinResultFor(group, m));
    }
    // Members that never send SyncGroup are removed so the group cannot stall.
    const gen = group.generation;
    group.syncTimer = setTimeout(
      guarded(() => {
        if (group.state !== 'CompletingRebalance' || group.generation !== gen) return;
        for (const m of [...group.members.values()]) if (!m.syncWaiter) group.members.delete(m.memberId);
        this.prepareRebalance(group);
        if (group.members.size === 0) this.completeJoin(group);
      }),
      syncTimeout,
    );
    group.syncTimer.unref();
  }

  // Each member votes for its most preferred protocol that every member supports.
  private selectProtocol(group: Group): string {
    const members = [...group.members.values()];
    const candidates = members[0].protocols
      .map((p) => p.name)
      .filter((n) => members.every((m) => m.protocols.some((p) => p.name === n)));
    const votes = new Map<string, number>();
    for (const m of members) {
      const pick = m.protocols.find((p) => candidates.includes(p.name));
      if (pick) votes.set(pick.name, (votes.get(pick.name) ?? 0) + 1);
    }
    const leader = group.members.get(group.leaderId!)!;
    let best = candidates[0];
    for (const p of leader.protocols)
      if (candidates.includes(p.name) && (votes.get(p.name) ?? 0) > (votes.get(best) ?? 0)) best = p.name;
    return best;
  }

  async sync(
    groupId: string,
    memberId: string,
    generation: number,
    assignments: { memberId: string; assignment: Buffer }[],
    groupInstanceId: string | null = null,
  ): Promise<SyncResult> {
    const group = this.groups.get(groupId);
    if (group && this.fenced(group, groupInstanceId, memberId)) return syncError(E.FENCED_INSTANCE_ID);
    const member = group?.members.get(memberId);
    if (!group || !member) return syncError(E.UNKNOWN_MEMBER_ID);
    if (generation !== group.generation) return syncError(E.ILLEGAL_GENERATION);
    member.lastSeen = Date.now();
    switch (group.state) {
      case 'PreparingRebalance':
        return syncError(E.REBALANCE_IN_PROGRESS);
      case 'Stable':
        return {
          errorCode: E.NONE,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          assignment: member.assignment,
        };
      case 'CompletingRebalance': {
        const p = new Promise<SyncResult>((resolve) => (member.syncWaiter = resolve));
        if (memberId === group.leaderId) {
          const given = new Map(assignments.map((a) => [a.memberId, a.assignment]));
          for (const m of group.members.values()) m.assignment = given.get(m.memberId) ?? Buffer.alloc(0);
          group.state = 'Stable';
          group.clearTimers();
          this.observer?.groupSettled(group);
          for (const m of group.members.values()) {
            const w = m.syncWaiter;
            m.syncWaiter = undefined;
            w?.({
              errorCode: E.NONE,
              protocolType: group.protocolType,
              protocolName: group.protocolName,
              assignment: m.assignment,
            });
          }
        }
        return p;
      }
      default:
        return syncError(E.UNKNOWN_MEMBER_ID);
    }
  }

  heartbeat(groupId: string, memberId: string, generation: number, groupInstanceId: string | null = null): number {
    const group = this.groups.get(groupId);
    if (group && this.fenced(group, groupInstanceId, memberId)) return E.FENCED_INSTANCE_ID;
    const member = group?.members.get(memberId);
    if (!group || !member) return E.UNKNOWN_MEMBER_ID;
    member.lastSeen = Date.now();
    if (generation !== group.generation) return E.ILLEGAL_GENERATION;
    if (group.state === 'PreparingRebalance') return E.REBALANCE_IN_PROGRESS;
    return E.NONE;
  }

  leave(groupId: string, leaving: { memberId: string; groupInstanceId?: string | null }[]): number[] {
    const group = this.groups.get(groupId);
    const codes = leaving.map(({ memberId, groupInstanceId }) => {
      if (!group) return E.UNKNOWN_MEMBER_ID;
      // v3+: a static member may leave by instance id alone.
      const id = memberId === '' && groupInstanceId ? (group.staticMembers.get(groupInstanceId) ?? '') : memberId;
      if (this.fenced(group, groupInstanceId, id)) return E.FENCED_INSTANCE_ID;
      if (group.pending.delete(id)) return E.NONE;
      const m = group.members.get(id);
      if (!m) return E.UNKNOWN_MEMBER_ID;
      this.removeMember(group, m);
      return E.NONE;
    });
    if (group) this.afterRemoval(group);
    return codes;
  }

  private removeMember(group: Group, m: Member): void {
    group.members.delete(m.memberId);
    if (m.groupInstanceId && group.staticMembers.get(m.groupInstanceId) === m.memberId) {
      group.staticMembers.delete(m.groupInstanceId);
    }
    m.joinWaiter?.(joinError(E.UNKNOWN_MEMBER_ID, m.memberId));
    m.syncWaiter?.(syncError(E.UNKNOWN_MEMBER_ID));
    m.joinWaiter = undefined;
    m.syncWaiter = undefined;
  }

  private afterRemoval(group: Group): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') {
      if (group.members.size === 0) {
        group.clearTimers();
        group.state = 'Empty';
        group.generation++;
        group.leaderId = null;
        group.protocolName = null;
        group.protocolType = null;
        this.observer?.groupSettled(group);
      } else this.prepareRebalance(group);
    } else if (group.state === 'PreparingRebalance') {
      if (group.members.size === 0 && group.pending.size === 0) this.completeJoin(group);
      else this.tryCompleteJoin(group);
    }
  }

  private expireMembers(now: number): void {
    for (const group of this.groups.values()) {
      let removed = false;
      for (const [id, exp] of group.pending) {
        if (exp < now) {
          group.pending.delete(id);
          removed = true;
        }
      }
      for (const m of [...group.members.values()]) {
        if (m.joinWaiter || m.syncWaiter) continue; // parked requests do not expire
        if (now - m.lastSeen > m.sessionTimeoutMs) {
          this.removeMember(group, m);
          removed = true;
        }
      }
      if (removed) this.afterRemoval(group);
    }
  }

  // OffsetCommit membership check; returns an error code or NONE.
  checkCommit(groupId: string, memberId: string, generation: number, groupInstanceId: string | null = null): number {
    const group = this.groups.get(groupId);
    if (group && this.fenced(group, groupInstanceId, memberId)) return E.FENCED_INSTANCE_ID;
    if (generation < 0 && memberId === '') {
      // "Simple" commits (assign() consumers, admin tools) only for groups without members.
      return !group || group.members.size === 0 ? E.NONE : E.ILLEGAL_GENERATION;
    }
    const member = group?.members.get(memberId);
    if (!group || !member) return E.UNKNOWN_MEMBER_ID;
    if (generation !== group.generation) return E.ILLEGAL_GENERATION;
    if (group.state === 'CompletingRebalance') return E.REBALANCE_IN_PROGRESS;
    member.lastSeen = Date.now();
    return E.NONE;
  }

  // DescribeGroups/ListGroups view; groups that only hold offsets appear as Empty.
  describe(groupId: string): Group | undefined {
    const g = this.groups.get(groupId);
    if (g) return g;
    if (this.offsets.hasGroup(groupId)) return new Group(groupId);
    return undefined;
  }

  allGroupIds(): string[] {
    const ids = new Set<string>(this.groups.keys());
    for (const g of this.offsets.groupIds()) ids.add(g);
    return [...ids];
  }

  deleteGroup(groupId: string): number {
    const g = this.groups.get(groupId);
    if (g && g.members.size > 0) return E.NON_EMPTY_GROUP;
    if (!g && !this.offsets.hasGroup(groupId)) return E.GROUP_ID_NOT_FOUND;
    if (g) {
      g.clearTimers();
      g.state = 'Dead';
      this.groups.delete(groupId);
    }
    this.offsets.deleteGroup(groupId);
    this.observer?.groupDeleted(groupId);
    return E.NONE;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const g of this.groups.values()) {
      g.clearTimers();
      for (const m of g.members.values()) {
        m.joinWaiter?.(joinError(E.COORDINATOR_NOT_AVAILABLE, m.memberId));
        m.syncWaiter?.(syncError(E.COORDINATOR_NOT_AVAILABLE));
      }
    }
    this.offsets.close();
  }
}
