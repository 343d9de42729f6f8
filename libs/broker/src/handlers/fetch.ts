// Fetch with long-poll: hold the request until min_bytes are available or max_wait_ms passes.
import { BATCH_OVERHEAD, ErrorCode, Msg } from '@libs/kafka-protocol';
import { PartitionLog } from '../log/partition-log';
import { RequestContext } from './context';

interface Collected {
  responses: Msg[];
  bytes: number;
  records: number;
  logs: PartitionLog[];
  hasError: boolean;
  /** Per topic with data: [name, bytes, records] (for the per-topic traffic counters). */
  perTopic: [string, number, number][];
}

function countRecords(chunks: Buffer[]): number {
  let n = 0;
  for (const c of chunks) {
    let at = 0;
    while (at + 61 <= c.length) {
      n += c.readInt32BE(at + 57);
      at += c.readInt32BE(at + 8) + BATCH_OVERHEAD;
    }
  }
  return n;
}

function collect(ctx: RequestContext, body: Msg): Collected {
  const maxBytes = ctx.version >= 3 ? (body.maxBytes as number) : Number.MAX_SAFE_INTEGER;
  const out: Collected = { responses: [], bytes: 0, records: 0, logs: [], hasError: false, perTopic: [] };
  const byId = ctx.version >= 13; // v13+ names topics by id (KIP-516)
  // read_committed (v4+): data only below the last stable offset, with the aborted transactions
  // in it so the client drops their records.
  const readCommitted = body.isolationLevel === 1;
  const states = ctx.broker.tenants.producerStates;
  for (const t of body.topics as Msg[]) {
    const topic = byId ? ctx.tenant.topics.getById(t.topicId) : ctx.tenant.topics.readable(t.topic);
    const unknownCode = byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    const partitions: Msg[] = [];
    let topicBytes = 0;
    let topicRecords = 0;
    for (const p of t.partitions as Msg[]) {
      const log = topic?.partitions[p.partition];
      if (!log) {
        out.hasError = true;
        partitions.push({
          partitionIndex: p.partition,
          errorCode: topic ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : unknownCode,
          highWatermark: -1,
          lastStableOffset: -1,
          logStartOffset: -1,
          abortedTransactions: [],
          preferredReadReplica: -1,
          records: Buffer.alloc(0),
        });
        continue;
      }
      // No zstd check below Fetch v10: Kafka refuses it only when the topic's compression.type is zstd
      // (KafkaApis.maybeConvertFetchedData), a config this broker does not accept.
      out.logs.push(log);
      // Only a partition whose state is loaded can have an open transaction (recovery loads every
      // one it ends), so read_uncommitted never touches the disk for it.
      const txns = readCommitted ? states.of(log) : states.peek(log);
      const lso = txns ? txns.lastStableOffset(log.logEndOffset) : log.logEndOffset;
      const base = {
        partitionIndex: p.partition,
        highWatermark: log.logEndOffset,
        lastStableOffset: lso,
        logStartOffset: log.logStartOffset,
        abortedTransactions:
          readCommitted && txns
            ? txns
                .abortedBetween(p.fetchOffset, lso)
                .sort((a, b) => a.firstOffset - b.firstOffset)
                .map((a) => ({ producerId: a.producerId, firstOffset: a.firstOffset }))
            : null,
        preferredReadReplica: -1,
      };
      const budget = Math.min(p.partitionMaxBytes as number, maxBytes - out.bytes);
      // Once the response is full, later partitions are listed without data (KIP-74: the first
      // non-empty partition always gets at least one whole batch).
      if (budget <= 0 && out.bytes > 0) {
        partitions.push({ ...base, errorCode: ErrorCode.NONE, records: Buffer.alloc(0) });
        continue;
      }
      const r = log.read(p.fetchOffset, Math.max(budget, 1), readCommitted ? lso : log.logEndOffset);
      if (r.outOfRange) {
        out.hasError = true;
        partitions.push({ ...base, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, records: Buffer.alloc(0) });
        continue;
      }
      if (r.bytes > 0) {
        const n = countRecords(r.chunks);
        topicBytes += r.bytes;
        topicRecords += n;
        out.bytes += r.bytes;
        out.records += n;
      }
      partitions.push({ ...base, errorCode: ErrorCode.NONE, records: r.chunks.length ? r.chunks : Buffer.alloc(0) });
    }
    if (topicBytes > 0 && topic) out.perTopic.push([topic.name, topicBytes, topicRecords]);
    out.responses.push({ topic: topic?.name ?? t.topic ?? '', topicId: t.topicId, partitions });
  }
  return out;
}

export async function fetch(ctx: RequestContext, body: Msg): Promise<Msg> {
  const deadline = Date.now() + Math.max(0, body.maxWaitMs as number);
  const minBytes = Math.max(1, body.minBytes as number);
  let c = collect(ctx, body);
  while (c.bytes < minBytes && !c.hasError && !ctx.isClosed()) {
    const remaining = deadline - Date.now();
    if (remaining <= 0 || c.logs.length === 0) break;
    await new Promise<void>((resolve) => {
      const offs: (() => void)[] = [];
      const done = () => {
        clearTimeout(timer);
        for (const off of offs) off();
        resolve();
      };
      const timer = setTimeout(done, remaining);
      for (const log of c.logs) offs.push(log.onAppend(done));
      offs.push(ctx.onClose(done));
    });
    c = collect(ctx, body);
  }
  ctx.broker.metrics.fetched(ctx.tenant.id, c.bytes, c.records);
  // only the response actually sent counts (a long-poll collects again after each wake-up)
  for (const [topic, bytes, records] of c.perTopic)
    ctx.broker.topicTraffic.fetched(ctx.tenant.id, topic, bytes, records);
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses: c.responses };
}
