// ListOffsets: earliest (-2), latest (-1) or the first offset at/after a timestamp.
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import { RequestContext } from './context';

export function listOffsets(ctx: RequestContext, body: Msg): Msg {
  const topics = (body.topics as Msg[]).map((t) => {
    const topic = ctx.tenant.topics.get(t.name);
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
        const ts = p.timestamp as number;
        if (ts === -1)
          return {
            partitionIndex: p.partitionIndex,
            errorCode: 0,
            timestamp: -1,
            offset: log.logEndOffset,
            oldStyleOffsets: [log.logEndOffset],
            leaderEpoch: 0,
          };
        if (ts === -2)
          return {
            partitionIndex: p.partitionIndex,
            errorCode: 0,
            timestamp: -1,
            offset: log.logStartOffset,
            oldStyleOffsets: [log.logStartOffset],
            leaderEpoch: 0,
          };
        const found = ts >= 0 ? log.offsetForTimestamp(ts) : null;
        return {
          partitionIndex: p.partitionIndex,
          errorCode: 0,
          timestamp: found ? found.timestamp : -1,
          offset: found ? found.offset : -1,
          oldStyleOffsets: found ? [found.offset] : [],
          leaderEpoch: 0,
        };
      }),
    };
  });
  return { throttleTimeMs: 0, topics };
}
