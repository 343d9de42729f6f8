// Topic administration: create/delete topics, add partitions, delete records, producer ids.
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import { TopicError } from '../topics/tenant-topics';
import { TOPIC_CONFIGS } from '../topics/topic-config';
import { RequestContext } from './context';

function errorOf(e: unknown): { code: number; message: string } {
  if (e instanceof TopicError) return { code: e.code, message: e.message };
  throw e;
}

export function createTopics(ctx: RequestContext, body: Msg): Msg {
  const { topics } = ctx.tenant;
  const validateOnly = body.validateOnly === true;
  return {
    throttleTimeMs: 0,
    topics: (body.topics as Msg[]).map((t) => {
      const configs: Record<string, string> = {};
      for (const c of t.configs as Msg[]) if (c.value !== null) configs[c.name] = c.value;
      // -1 means "broker default" for both counts, at every version (kafkajs sends it at v0).
      const partitions = t.numPartitions === -1 ? ctx.broker.defaultPartitions : t.numPartitions;
      const assigned = (t.assignments as Msg[]).length;
      try {
        if (assigned > 0 && t.numPartitions !== -1)
          throw new TopicError(ErrorCode.INVALID_REQUEST, 'Both numPartitions and replica assignments were set.');
        const count = assigned > 0 ? assigned : partitions;
        if (validateOnly) topics.validateCreate(t.name, count, t.replicationFactor, configs);
        else topics.create(t.name, count, t.replicationFactor, configs);
        const topic = topics.get(t.name);
        return {
          name: t.name,
          topicId: topic?.id,
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          numPartitions: count,
          replicationFactor: 1,
          configs: Object.keys(TOPIC_CONFIGS).map((name) => ({
            name,
            value: configs[name] ?? TOPIC_CONFIGS[name].def,
            readOnly: false,
            configSource: configs[name] !== undefined ? 1 : 5,
            isSensitive: false,
          })),
        };
      } catch (e) {
        const err = errorOf(e);
        return {
          name: t.name,
          errorCode: err.code,
          errorMessage: err.message,
          numPartitions: -1,
          replicationFactor: -1,
          configs: null,
        };
      }
    }),
  };
}

export function deleteTopics(ctx: RequestContext, body: Msg): Msg {
  const { topics, groups } = ctx.tenant;
  return {
    throttleTimeMs: 0,
    responses: (body.topicNames as string[]).map((name) => {
      try {
        topics.delete(name);
        groups.offsets.deleteTopic(name);
        return { name, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (e) {
        const err = errorOf(e);
        return { name, errorCode: err.code, errorMessage: err.message };
      }
    }),
  };
}

export function createPartitions(ctx: RequestContext, body: Msg): Msg {
  return {
    throttleTimeMs: 0,
    results: (body.topics as Msg[]).map((t) => {
      try {
        ctx.tenant.topics.addPartitions(t.name, t.count, body.validateOnly === true);
        return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (e) {
        const err = errorOf(e);
        return { name: t.name, errorCode: err.code, errorMessage: err.message };
      }
    }),
  };
}

export function deleteRecords(ctx: RequestContext, body: Msg): Msg {
  return {
    throttleTimeMs: 0,
    topics: (body.topics as Msg[]).map((t) => {
      const topic = ctx.tenant.topics.get(t.name);
      return {
        name: t.name,
        partitions: (t.partitions as Msg[]).map((p) => {
          const log = topic?.partitions[p.partitionIndex];
          if (!log)
            return {
              partitionIndex: p.partitionIndex,
              lowWatermark: -1,
              errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            };
          // -1 means "up to the high watermark".
          const target = p.offset === -1 ? log.logEndOffset : (p.offset as number);
          if (target < 0 || target > log.logEndOffset)
            return { partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
          log.deleteBefore(target);
          return { partitionIndex: p.partitionIndex, lowWatermark: log.logStartOffset, errorCode: ErrorCode.NONE };
        }),
      };
    }),
  };
}

export function initProducerId(ctx: RequestContext, body: Msg): Msg {
  if (body.transactionalId !== null && body.transactionalId !== undefined) {
    // Transactions are not implemented; answer the way a broker without a transaction coordinator would.
    return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, producerId: -1, producerEpoch: -1 };
  }
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    producerId: ctx.broker.allocateProducerId(),
    producerEpoch: 0,
  };
}
