// Produce: validate each partition's batches, then append them with broker-assigned offsets.
import { BatchSpan, Compression, ErrorCode, isControl, isTransactional, Msg, splitBatches } from '@libs/kafka-protocol';
import { PartitionLog } from '../log/partition-log';
import { Tenant, Tenants } from '../tenants';
import { effectiveConfig } from '../topics/topic-config';
import { RequestContext } from './context';

interface PartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
}

const E = ErrorCode;

function fail(index: number, errorCode: number): PartitionResult {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
}

function validate(spans: BatchSpan[], maxMessageBytes: number, version: number): number {
  for (const s of spans) {
    const h = s.header;
    if (s.size > maxMessageBytes) return E.MESSAGE_TOO_LARGE;
    const codec = h.attributes & 0x7;
    if (codec > Compression.zstd) return E.UNSUPPORTED_COMPRESSION_TYPE;
    // zstd arrived with Produce v7 (KIP-110): Kafka refuses it below that, per partition
    // (ProduceRequest.validateRecords, called from KafkaApis.handleProduceRequest).
    if (codec === Compression.zstd && version < 7) return E.UNSUPPORTED_COMPRESSION_TYPE;
    // Control batches (transaction markers) are written by the broker only; a transactional batch
    // needs a producer id.
    if (isControl(h) || (isTransactional(h) && h.producerId < 0)) return E.INVALID_RECORD;
    if (h.recordsCount <= 0 || h.lastOffsetDelta !== h.recordsCount - 1) return E.INVALID_RECORD;
  }
  return E.NONE;
}

function appendPartition(
  ctx: RequestContext,
  tenants: Tenants,
  tenant: Tenant,
  topicName: string,
  index: number,
  records: Buffer | null,
): PartitionResult {
  const topic = tenant.topics.get(topicName);
  const log: PartitionLog | undefined = topic?.partitions[index];
  if (!topic || !log) return fail(index, E.UNKNOWN_TOPIC_OR_PARTITION);
  if (!records || records.length === 0) return fail(index, E.CORRUPT_MESSAGE);
  let spans: BatchSpan[];
  try {
    spans = splitBatches(records, ctx.broker.validateCrc);
  } catch {
    return fail(index, E.CORRUPT_MESSAGE);
  }
  const code = validate(spans, Number(effectiveConfig(topic.configs, 'max.message.bytes')), ctx.version);
  if (code !== E.NONE) return fail(index, code);
  let first = -1;
  let recordCount = 0;
  let bytes = 0;
  for (const s of spans) {
    const h = s.header;
    let base: number;
    if (h.producerId >= 0) {
      const transactional = isTransactional(h);
      if (transactional) {
        const code = tenant.transactions.checkProduce(h.producerId, h.producerEpoch, topicName, index);
        if (code !== E.NONE) return first < 0 ? fail(index, code) : { ...fail(index, code), baseOffset: first };
      }
      // a restart must replay this partition from before its first idempotent/transactional batch
      tenants.producerStates.ensureSnapshot(log);
      const states = tenants.producerStatesOf(log);
      const check = states.check(h.producerId, h.producerEpoch, h.baseSequence, h.lastOffsetDelta);
      if ('error' in check)
        return first < 0 ? fail(index, check.error) : { ...fail(index, check.error), baseOffset: first };
      if ('duplicateOf' in check) {
        if (first < 0) first = check.duplicateOf;
        continue;
      }
      base = log.append(records.subarray(s.start, s.start + s.size), h.lastOffsetDelta);
      states.record(h.producerId, h.producerEpoch, h.baseSequence, h.lastOffsetDelta, base, transactional);
    } else {
      base = log.append(records.subarray(s.start, s.start + s.size), h.lastOffsetDelta);
    }
    if (first < 0) first = base;
    recordCount += h.recordsCount;
    bytes += s.size;
  }
  ctx.broker.metrics.produced(tenant.id, bytes, recordCount);
  if (recordCount > 0) ctx.broker.topicTraffic.produced(tenant.id, topicName, bytes, recordCount);
  return { index, errorCode: E.NONE, baseOffset: first, logAppendTimeMs: -1, logStartOffset: log.logStartOffset };
}

export function produce(ctx: RequestContext, body: Msg): Msg | null {
  const acks = body.acks as number;
  const responses: Msg[] = [];
  for (const td of body.topicData as Msg[]) {
    const partitionResponses: Msg[] = [];
    for (const pd of td.partitionData as Msg[]) {
      const r =
        acks !== 0 && acks !== 1 && acks !== -1
          ? fail(pd.index, E.INVALID_REQUIRED_ACKS)
          : appendPartition(ctx, ctx.broker.tenants, ctx.tenant, td.name, pd.index, pd.records);
      partitionResponses.push({ ...r, recordErrors: [], errorMessage: null });
    }
    responses.push({ name: td.name, partitionResponses });
  }
  // acks=0: the client expects no response at all.
  if (acks === 0) return null;
  return { responses, throttleTimeMs: 0 };
}
