// The tenant's `__consumer_offsets` topic: every committed offset is also appended there in Kafka's
// own record format, so lag tools that learn commits by reading that topic (Burrow, some exporters)
// see them. The OffsetStore stays the source of truth; this log is a read-only published view
// (produce, delete and config changes never reach it: it is not among the tenant's user topics).
import { buildBatch, Writer } from '@libs/kafka-protocol';
import type { Topic } from '../topics/tenant-topics';
import type { Group, GroupStateObserver } from './group';
import type { CommitEntry, OffsetCommitObserver } from './offset-store';

export const CONSUMER_OFFSETS_TOPIC = '__consumer_offsets';

/** Kafka keeps committed offsets 7 days (offsets.retention.minutes); so does this view. */
export const CONSUMER_OFFSETS_CONFIGS = { 'retention.ms': String(7 * 24 * 3600 * 1000) };

function str(w: Writer, s: string | null): void {
  if (s === null) return w.int16(-1);
  const b = Buffer.from(s, 'utf8');
  w.int16(b.length);
  w.raw(b);
}

function bytes(w: Writer, b: Buffer): void {
  w.int32(b.length);
  w.raw(b);
}

/** OffsetCommit key, version 1: group, topic, partition (GroupCoordinatorRecordSerde). */
export function offsetKey(group: string, topic: string, partition: number): Buffer {
  const w = new Writer();
  w.int16(1);
  str(w, group);
  str(w, topic);
  w.int32(partition);
  return w.toBuffer();
}

/** OffsetCommit value, version 3 (Kafka ≥ 2.1): offset, leader epoch, metadata, commit time. */
export function offsetValue(e: CommitEntry): Buffer {
  const w = new Writer();
  w.int16(3);
  w.int64(e.offset);
  w.int32(e.leaderEpoch);
  str(w, e.metadata ?? '');
  w.int64(e.commitTimestamp);
  return w.toBuffer();
}

/** GroupMetadata key, version 2: the group id. */
export function groupKey(group: string): Buffer {
  const w = new Writer();
  w.int16(2);
  str(w, group);
  return w.toBuffer();
}

/**
 * GroupMetadata value, version 1 (Kafka 0.10.1–2.0; Kafka reads every version, and Burrow 1.2
 * decodes only v0/v1): protocol type, generation, protocol, leader, then each member with its
 * timeouts, subscription and assignment.
 */
export function groupValue(g: Group): Buffer {
  const w = new Writer();
  w.int16(1);
  str(w, g.protocolType ?? '');
  w.int32(g.generation);
  str(w, g.protocolName);
  str(w, g.leaderId);
  const members = [...g.members.values()];
  w.int32(members.length);
  for (const m of members) {
    str(w, m.memberId);
    str(w, m.clientId);
    str(w, m.clientHost);
    w.int32(m.rebalanceTimeoutMs);
    w.int32(m.sessionTimeoutMs);
    bytes(w, m.protocols.find((p) => p.name === g.protocolName)?.metadata ?? Buffer.alloc(0));
    bytes(w, m.assignment);
  }
  return w.toBuffer();
}

export class OffsetsTopic implements OffsetCommitObserver, GroupStateObserver {
  constructor(private readonly topic: Topic) {}

  committed(group: string, entries: readonly CommitEntry[]): void {
    if (entries.length === 0) return;
    this.append(
      entries.map((e) => ({
        key: offsetKey(group, e.topic, e.partition),
        value: offsetValue(e),
        timestamp: e.commitTimestamp,
      })),
    );
  }

  /** Tombstones, as Kafka writes when a group or a topic's offsets are deleted. */
  removed(group: string, keys: readonly { topic: string; partition: number }[]): void {
    if (keys.length === 0) return;
    const now = Date.now();
    this.append(keys.map((k) => ({ key: offsetKey(group, k.topic, k.partition), value: null, timestamp: now })));
  }

  groupSettled(group: Group): void {
    this.append([{ key: groupKey(group.id), value: groupValue(group), timestamp: Date.now() }]);
  }

  groupDeleted(groupId: string): void {
    this.append([{ key: groupKey(groupId), value: null, timestamp: Date.now() }]);
  }

  private append(records: { key: Buffer; value: Buffer | null; timestamp: number }[]): void {
    // One partition: readers merge by key, and a tenant's commit rate is far below one log's.
    const [log] = this.topic.partitions;
    log.append(buildBatch(records), records.length - 1);
  }
}
