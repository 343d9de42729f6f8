// One partition of an OffsetCommit or TxnOffsetCommit request: the entry to store, or why not.
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import type { CommitEntry } from '../groups/offset-store';
import type { Topic } from '../topics/tenant-topics';

// Kafka's offset.metadata.max.bytes default
const MAX_METADATA_BYTES = 4096;

export function commitEntryOf(topic: Topic | undefined, topicName: string, p: Msg, now: number): CommitEntry | number {
  if (!topic?.partitions[p.partitionIndex]) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  if (p.committedMetadata && Buffer.byteLength(p.committedMetadata) > MAX_METADATA_BYTES)
    return ErrorCode.OFFSET_METADATA_TOO_LARGE;
  return {
    topic: topicName,
    partition: p.partitionIndex,
    offset: p.committedOffset,
    leaderEpoch: p.committedLeaderEpoch ?? -1,
    metadata: p.committedMetadata ?? null,
    commitTimestamp: now,
  };
}
