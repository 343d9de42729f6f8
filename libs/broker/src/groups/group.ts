// In-memory state of one classic-protocol consumer group.
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface Protocol {
  name: string;
  metadata: Buffer;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface Member {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  assignment: Buffer;
  lastSeen: number;
  joinWaiter?: (r: JoinResult) => void;
  syncWaiter?: (r: SyncResult) => void;
}

/** Told when a group's membership settles or ends (the tenant's __consumer_offsets view listens). */
export interface GroupStateObserver {
  /** Stable after a rebalance, or Empty after its last member left. */
  groupSettled(group: Group): void;
  groupDeleted(groupId: string): void;
}

export class Group {
  state: GroupState = 'Empty';
  generation = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  members = new Map<string, Member>();
  // Member ids handed out with MEMBER_ID_REQUIRED, with their expiry time.
  pending = new Map<string, number>();
  // Static membership (KIP-345): group.instance.id -> current member id.
  staticMembers = new Map<string, string>();
  joinNotBefore = 0;
  rebalanceTimer?: NodeJS.Timeout;
  syncTimer?: NodeJS.Timeout;

  constructor(readonly id: string) {}

  clearTimers(): void {
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.rebalanceTimer = undefined;
    this.syncTimer = undefined;
  }
}

export function sameProtocols(a: Protocol[], b: Protocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i].name && p.metadata.equals(b[i].metadata));
}
