// Metadata and FindCoordinator: this single broker leads every partition and coordinates every group.
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import { isInternalTopic, TenantTopics, Topic, TopicError, validTopicName } from '../topics/tenant-topics';
import { RequestContext } from './context';

function topicMetadata(ctx: RequestContext, t: Topic): Msg {
  const node = ctx.broker.nodeId;
  return {
    errorCode: ErrorCode.NONE,
    name: t.name,
    topicId: t.id,
    isInternal: false,
    partitions: t.partitions.map((_, i) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex: i,
      leaderId: node,
      leaderEpoch: 0,
      replicaNodes: [node],
      isrNodes: [node],
      offlineReplicas: [],
    })),
  };
}

export function autoCreateTopic(ctx: RequestContext, topics: TenantTopics, name: string): Topic | TopicError {
  try {
    return topics.create(name, ctx.broker.defaultPartitions, -1, {});
  } catch (e) {
    if (e instanceof TopicError) return e;
    throw e;
  }
}

export function metadata(ctx: RequestContext, body: Msg): Msg {
  const { topics } = ctx.tenant;
  const adv = ctx.broker.advertised();
  let requested: string[] | null = body.topics === null ? null : (body.topics as Msg[]).map((t) => t.name as string);
  // v0: an empty list means all topics.
  if (ctx.version === 0 && requested !== null && requested.length === 0) requested = null;
  const allowAuto = ctx.broker.autoCreate(ctx.tenant.id) && (ctx.version < 4 || body.allowAutoTopicCreation !== false);
  const out: Msg[] = [];
  if (requested === null) {
    for (const t of topics.list()) out.push(topicMetadata(ctx, t));
  } else {
    for (const name of requested) {
      let t = topics.get(name);
      // Internal names are never auto-created in a tenant's namespace (Kafka would create its own
      // internal topic; here the name stays reserved), so such a request sees an unknown topic.
      if (!t && allowAuto && validTopicName(name) && !isInternalTopic(name)) {
        const created = autoCreateTopic(ctx, topics, name);
        if (created instanceof TopicError) {
          out.push({ errorCode: created.code, name, partitions: [] });
          continue;
        }
        t = created;
      }
      if (!t) {
        out.push({
          errorCode: validTopicName(name) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.INVALID_TOPIC_EXCEPTION,
          name,
          isInternal: isInternalTopic(name),
          partitions: [],
        });
        continue;
      }
      out.push(topicMetadata(ctx, t));
    }
  }
  return {
    throttleTimeMs: 0,
    brokers: [{ nodeId: ctx.broker.nodeId, host: adv.host, port: adv.port, rack: null }],
    clusterId: ctx.tenant.id,
    controllerId: ctx.broker.nodeId,
    topics: out,
  };
}

export function findCoordinator(ctx: RequestContext, body: Msg): Msg {
  const adv = ctx.broker.advertised();
  if (body.keyType === 1) {
    // No transaction coordinator on this broker.
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
      errorMessage: 'Transactions are not supported by this broker',
      nodeId: -1,
      host: '',
      port: -1,
    };
  }
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    nodeId: ctx.broker.nodeId,
    host: adv.host,
    port: adv.port,
  };
}
