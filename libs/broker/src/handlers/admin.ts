// Topic administration: create/delete topics, add partitions, delete records, producer ids.
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import { TopicError } from '../topics/tenant-topics';
import { TOPIC_CONFIGS } from '../topics/topic-config';
import { RequestContext } from './context';
import { initTransactionalProducerId } from './transactions';

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
  // v6 names each topic by name or by id (KIP-516).
  const requested: { name: string | null; topicId?: Buffer }[] =
    ctx.version >= 6
      ? (body.topics as Msg[]).map((t) => ({ name: t.name ?? null, topicId: t.topicId }))
      : (body.topicNames as string[]).map((name) => ({ name }));
  return {
    throttleTimeMs: 0,
    responses: requested.map((r) => {
      const byId = r.name === null && r.topicId ? topics.getById(r.topicId) : undefined;
      if (r.name === null && !byId)
        return {
          name: null,
          topicId: r.topicId,
          errorCode: ErrorCode.UNKNOWN_TOPIC_ID,
          errorMessage: 'This server does not host this topic ID.',
        };
      const name = byId?.name ?? (r.name as string);
      const topicId = byId?.id ?? topics.get(name)?.id;
      try {
        topics.delete(name);
        groups.offsets.deleteTopic(name);
        return { name, topicId, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (e) {
        const err = errorOf(e);
        return { name, topicId, errorCode: err.code, errorMessage: err.message };
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
  if (body.transactionalId !== null && body.transactionalId !== undefined)
    return initTransactionalProducerId(ctx, body);
  // v3+ lets an idempotent producer keep its id and bump its epoch (KIP-360) after a sequence
  // error; at the last epoch a new id is handed out, as Kafka does.
  const producerId = (body.producerId as number | undefined) ?? -1;
  const producerEpoch = (body.producerEpoch as number | undefined) ?? -1;
  if (producerId >= 0 && producerEpoch >= 0 && producerEpoch < 32766)
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: producerEpoch + 1 };
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    producerId: ctx.broker.allocateProducerId(),
    producerEpoch: 0,
  };
}
