// ListOffsets: latest (-1), earliest (-2), max timestamp (-3), earliest local (-4), latest tiered
// (-5) or the first offset at/after a timestamp. v0 answers in old-style offset lists.
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import type { PartitionLog } from '../log/partition-log';
import { RequestContext } from './context';

const SPECIAL = { latest: -1, earliest: -2, maxTimestamp: -3, earliestLocal: -4, latestTiered: -5 } as const;

interface Found {
  offset: number;
  timestamp: number;
}

function lookup(ctx: RequestContext, log: PartitionLog, ts: number, readCommitted: boolean): Found | null {
  switch (ts) {
    case SPECIAL.latest:
      // read_committed (v2+) asks for the last stable offset
      return {
        offset: readCommitted
          ? ctx.broker.tenants.producerStatesOf(log).lastStableOffset(log.logEndOffset)
          : log.logEndOffset,
        timestamp: -1,
      };
    case SPECIAL.earliest:
    case SPECIAL.earliestLocal: // every segment is local here
      return { offset: log.logStartOffset, timestamp: -1 };
    case SPECIAL.maxTimestamp:
      return log.offsetOfMaxTimestamp();
    case SPECIAL.latestTiered: // nothing is tiered: Kafka answers -1 when remote storage is off
      return null;
    default:
      return ts >= 0 ? log.offsetForTimestamp(ts) : null;
  }
}

export function listOffsets(ctx: RequestContext, body: Msg): Msg {
  const topics = (body.topics as Msg[]).map((t) => {
    const topic = ctx.tenant.topics.readable(t.name);
    return {
      name: t.name,
      partitions: (t.partitions as Msg[]).map((p) => {
        const log = topic?.partitions[p.partitionIndex];
        if (!log)
          return {
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            timestamp: -1,
            offset: -1,
            oldStyleOffsets: [],
          };
        const found = lookup(ctx, log, p.timestamp as number, body.isolationLevel === 1);
        // v0 (Burrow, old tools) asks for up to maxNumOffsets segment offsets; one is what they use.
        const oldStyleOffsets = found && (p.maxNumOffsets ?? 1) > 0 ? [found.offset] : [];
        return {
          partitionIndex: p.partitionIndex,
          errorCode: ErrorCode.NONE,
          timestamp: found ? found.timestamp : -1,
          offset: found ? found.offset : -1,
          oldStyleOffsets,
          leaderEpoch: 0,
        };
      }),
    };
  });
  return { throttleTimeMs: 0, topics };
}
