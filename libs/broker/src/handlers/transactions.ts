// Transaction APIs: thin adapters between the wire messages and the cluster's TransactionCoordinator
// (transactional ids live in the cluster's namespace: another cluster's ids are unknown here).
import { ErrorCode, Msg } from '@libs/kafka-protocol';
import type { CommitEntry } from '../groups/offset-store';
import { commitEntryOf } from './commit-entry';
import { RequestContext } from './context';

const E = ErrorCode;

// Clients older than KIP-588 know PRODUCER_FENCED as INVALID_PRODUCER_EPOCH (Kafka's KafkaApis
// converts it below these versions).
function fenced(code: number, version: number, firstVersionWithFenced: number): number {
  return code === E.PRODUCER_FENCED && version < firstVersionWithFenced ? E.INVALID_PRODUCER_EPOCH : code;
}

export function initTransactionalProducerId(ctx: RequestContext, body: Msg): Msg {
  const r = ctx.tenant.transactions.initProducerId(
    body.transactionalId as string,
    body.transactionTimeoutMs as number,
    (body.producerId as number | undefined) ?? -1,
    (body.producerEpoch as number | undefined) ?? -1,
  );
  return { throttleTimeMs: 0, ...r, errorCode: fenced(r.errorCode, ctx.version, 4) };
}

type TopicPartitions = { name: string; partitions: number[] }[];

function topicResults(topics: TopicPartitions, codes: number[]): Msg[] {
  let i = 0;
  return topics.map((t) => ({
    name: t.name,
    resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p, partitionErrorCode: codes[i++] })),
  }));
}

function addToTxn(
  ctx: RequestContext,
  id: string,
  producerId: number,
  epoch: number,
  topics: TopicPartitions,
  verifyOnly: boolean,
): Msg[] {
  const parts = topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
  const tx = ctx.tenant.transactions;
  const codes = verifyOnly
    ? tx.verifyPartitions(id, producerId, epoch, parts)
    : tx.addPartitions(id, producerId, epoch, parts);
  return topicResults(
    topics,
    codes.map((c) => fenced(c, ctx.version, 2)),
  );
}

export function addPartitionsToTxn(ctx: RequestContext, body: Msg): Msg {
  // v4+ batches transactions (KIP-890); verifyOnly asks without adding.
  if (ctx.version >= 4)
    return {
      throttleTimeMs: 0,
      errorCode: E.NONE,
      resultsByTransaction: (body.transactions as Msg[]).map((t) => ({
        transactionalId: t.transactionalId,
        topicResults: addToTxn(ctx, t.transactionalId, t.producerId, t.producerEpoch, t.topics, t.verifyOnly === true),
      })),
    };
  return {
    throttleTimeMs: 0,
    resultsByTopicV3AndBelow: addToTxn(
      ctx,
      body.v3AndBelowTransactionalId,
      body.v3AndBelowProducerId,
      body.v3AndBelowProducerEpoch,
      body.v3AndBelowTopics,
      false,
    ),
  };
}

export function addOffsetsToTxn(ctx: RequestContext, body: Msg): Msg {
  const code = ctx.tenant.transactions.addOffsets(
    body.transactionalId,
    body.producerId,
    body.producerEpoch,
    body.groupId,
  );
  return { throttleTimeMs: 0, errorCode: fenced(code, ctx.version, 2) };
}

export function endTxn(ctx: RequestContext, body: Msg): Msg {
  const code = ctx.tenant.transactions.endTxn(
    body.transactionalId,
    body.producerId,
    body.producerEpoch,
    body.committed === true,
  );
  return { throttleTimeMs: 0, errorCode: fenced(code, ctx.version, 2) };
}

// Sent to the group coordinator; the offsets stay pending until EndTxn commits (then they are
// committed like OffsetCommit's, __consumer_offsets included) or vanish on abort.
export function txnOffsetCommit(ctx: RequestContext, body: Msg): Msg {
  const { groups, topics, transactions } = ctx.tenant;
  const groupId = body.groupId as string;
  // v3+ carries the member's generation (KIP-447); checked as Kafka checks it, loosely: an empty
  // member id or generation -1 skips the check.
  let groupCode: number = E.NONE;
  const memberId = (body.memberId as string | undefined) ?? '';
  const generation = (body.generationId as number | undefined) ?? -1;
  if (!groupId) groupCode = E.INVALID_GROUP_ID;
  else if (memberId !== '' || generation >= 0) {
    const g = groups.describe(groupId);
    if (memberId !== '' && !g?.members.has(memberId)) groupCode = E.UNKNOWN_MEMBER_ID;
    else if (generation >= 0 && g && generation !== g.generation) groupCode = E.ILLEGAL_GENERATION;
  }
  const now = Date.now();
  const accepted: CommitEntry[] = [];
  const codes: number[][] = (body.topics as Msg[]).map((t) => {
    const topic = topics.get(t.name);
    return (t.partitions as Msg[]).map((p) => {
      if (groupCode !== E.NONE) return groupCode;
      const entry = commitEntryOf(topic, t.name, p, now);
      if (typeof entry === 'number') return entry;
      accepted.push(entry);
      return E.NONE;
    });
  });
  const txnCode =
    accepted.length > 0
      ? transactions.txnOffsetCommit(body.transactionalId, body.producerId, body.producerEpoch, groupId, accepted)
      : E.NONE;
  return {
    throttleTimeMs: 0,
    topics: (body.topics as Msg[]).map((t, ti) => ({
      name: t.name,
      partitions: (t.partitions as Msg[]).map((p, pi) => ({
        partitionIndex: p.partitionIndex,
        errorCode: codes[ti][pi] === E.NONE ? txnCode : codes[ti][pi],
      })),
    })),
  };
}
