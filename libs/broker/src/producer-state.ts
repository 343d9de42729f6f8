// Idempotent-producer bookkeeping per partition: last epoch/sequence and the last 5 batches,
// so a retried batch is acknowledged with its original offset instead of being appended again.
import { ErrorCode } from '@libs/kafka-protocol';

interface BatchRecord {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  lastSeq: number;
  recent: BatchRecord[];
}

export type SequenceCheck = { ok: true } | { duplicateOf: number } | { error: number };

const MAX_SEQ = 2147483647;

export class ProducerStates {
  private producers = new Map<number, ProducerEntry>();

  check(producerId: number, epoch: number, baseSeq: number, lastOffsetDelta: number): SequenceCheck {
    const p = this.producers.get(producerId);
    // Unknown producer (new, or state lost in a restart): accept, as Kafka does after log truncation.
    if (!p) return { ok: true };
    if (epoch < p.epoch) return { error: ErrorCode.INVALID_PRODUCER_EPOCH };
    if (epoch > p.epoch) return baseSeq === 0 ? { ok: true } : { error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    const lastSeq = (baseSeq + lastOffsetDelta) % (MAX_SEQ + 1);
    const dup = p.recent.find((b) => b.firstSeq === baseSeq && b.lastSeq === lastSeq);
    if (dup) return { duplicateOf: dup.baseOffset };
    const expected = p.lastSeq === MAX_SEQ ? 0 : p.lastSeq + 1;
    if (baseSeq !== expected) return { error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    return { ok: true };
  }

  record(producerId: number, epoch: number, baseSeq: number, lastOffsetDelta: number, baseOffset: number): void {
    let p = this.producers.get(producerId);
    if (!p || epoch !== p.epoch) this.producers.set(producerId, (p = { epoch, lastSeq: -1, recent: [] }));
    const lastSeq = (baseSeq + lastOffsetDelta) % (MAX_SEQ + 1);
    p.lastSeq = lastSeq;
    p.recent.push({ firstSeq: baseSeq, lastSeq, baseOffset });
    if (p.recent.length > 5) p.recent.shift();
  }
}
