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
    isInternal: isInternalTopic(t.name),
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
  const ZERO_ID = Buffer.alloc(16);
  // v10+ entries carry a topic id; v12 lets the name be null and the id name the topic.
  const byId: Msg[] = [];
  let requested: string[] | null = null;
  if (body.topics !== null) {
    requested = [];
    for (const t of body.topics as Msg[]) {
      if (t.name === null && t.topicId && !(t.topicId as Buffer).equals(ZERO_ID)) byId.push(t);
      else requested.push(t.name as string);
    }
  }
  // v0: an empty list means all topics.
  if (ctx.version === 0 && requested !== null && requested.length === 0) requested = null;
  const allowAuto = ctx.broker.autoCreate(ctx.tenant.id) && (ctx.version < 4 || body.allowAutoTopicCreation !== false);
  const out: Msg[] = [];
  for (const t of byId) {
    const topic = topics.getById(t.topicId as Buffer);
    out.push(
      topic
        ? topicMetadata(ctx, topic)
        : { errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: null, topicId: t.topicId, partitions: [] },
    );
  }
  if (requested === null) {
    for (const t of topics.list()) out.push(topicMetadata(ctx, t));
  } else {
    for (const name of requested) {
      // internal topics (__consumer_offsets) are served when asked for by name, never listed
      let t = topics.readable(name);
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

const COORDINATOR_KEY_TYPES = { group: 0, transaction: 1 } as const;

// This broker coordinates both groups and transactions of every cluster it hosts.
function coordinatorFor(ctx: RequestContext, keyType: number): Msg {
  if (keyType !== COORDINATOR_KEY_TYPES.group && keyType !== COORDINATOR_KEY_TYPES.transaction)
    return {
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `Unknown key type ${keyType}`,
      nodeId: -1,
      host: '',
      port: -1,
    };
  const adv = ctx.broker.advertised();
  return { errorCode: ErrorCode.NONE, errorMessage: null, nodeId: ctx.broker.nodeId, host: adv.host, port: adv.port };
}

export function findCoordinator(ctx: RequestContext, body: Msg): Msg {
  const keyType = (body.keyType as number | undefined) ?? COORDINATOR_KEY_TYPES.group;
  // v4+ batches keys (KIP-699): one answer per key.
  if (ctx.version >= 4)
    return {
      throttleTimeMs: 0,
      coordinators: (body.coordinatorKeys as string[]).map((key) => ({ key, ...coordinatorFor(ctx, keyType) })),
    };
  return { throttleTimeMs: 0, ...coordinatorFor(ctx, keyType) };
}
