// Per-partition producer bookkeeping: for idempotence each producer's last epoch/sequence and its
// last 5 batches (a retried batch is acknowledged with its original offset instead of being
// appended again); for transactions each producer's open transaction (its first offset, which
// bounds the last stable offset) and the aborted transactions read_committed fetches report.
import { ErrorCode } from '@libs/kafka-protocol';

interface BatchRecord {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

export interface ProducerEntry {
  epoch: number;
  lastSeq: number;
  recent: BatchRecord[];
}

/** A transaction that ended with an abort marker: [firstOffset, lastOffset = the marker's offset]. */
export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
}

export interface ProducerStatesSnapshot {
  producers: [number, number, number, [number, number, number][]][];
  open: [number, number][];
}

export type SequenceCheck = { ok: true } | { duplicateOf: number } | { error: number };

const MAX_SEQ = 2147483647;

export class ProducerStates {
  private producers = new Map<number, ProducerEntry>();
  // producer id -> first offset of its transaction still open in this partition
  private open = new Map<number, number>();
  // ordered by lastOffset
  readonly aborted: AbortedTxn[] = [];
  /** Changed since the last snapshot. */
  dirty = false;

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

  record(
    producerId: number,
    epoch: number,
    baseSeq: number,
    lastOffsetDelta: number,
    baseOffset: number,
    transactional = false,
  ): void {
    let p = this.producers.get(producerId);
    if (!p || epoch !== p.epoch) this.producers.set(producerId, (p = { epoch, lastSeq: -1, recent: [] }));
    const lastSeq = (baseSeq + lastOffsetDelta) % (MAX_SEQ + 1);
    p.lastSeq = lastSeq;
    p.recent.push({ firstSeq: baseSeq, lastSeq, baseOffset });
    if (p.recent.length > 5) p.recent.shift();
    if (transactional && !this.open.has(producerId)) this.open.set(producerId, baseOffset);
    this.dirty = true;
  }

  hasOpenTxn(producerId: number): boolean {
    return this.open.has(producerId);
  }

  /**
   * A marker at `markerOffset` ends the producer's transaction here. A newer epoch (a fenced or
   * timed-out producer) becomes the producer's epoch, so its older instance is refused. Returns the
   * aborted transaction to index, if any.
   */
  endTxn(producerId: number, epoch: number, markerOffset: number, commit: boolean): AbortedTxn | null {
    const p = this.producers.get(producerId);
    if (!p || epoch > p.epoch) this.producers.set(producerId, { epoch, lastSeq: -1, recent: [] });
    const first = this.open.get(producerId);
    this.open.delete(producerId);
    this.dirty = true;
    if (commit || first === undefined) return null;
    const entry = { producerId, firstOffset: first, lastOffset: markerOffset };
    this.addAborted(entry);
    return entry;
  }

  /** Keeps the index ordered; an entry already present (replayed after a crash) is ignored. */
  addAborted(entry: AbortedTxn): boolean {
    const last = this.aborted[this.aborted.length - 1];
    if (last && last.lastOffset >= entry.lastOffset) return false;
    this.aborted.push(entry);
    return true;
  }

  /** Offsets below this are decided (committed, aborted or not transactional). */
  lastStableOffset(logEndOffset: number): number {
    let lso = logEndOffset;
    for (const first of this.open.values()) if (first < lso) lso = first;
    return lso;
  }

  /** Aborted transactions overlapping [from, to): what a read_committed fetch of that range must skip. */
  abortedBetween(from: number, to: number): AbortedTxn[] {
    const out: AbortedTxn[] = [];
    // binary search for the first entry ending at or after `from`
    let lo = 0;
    let hi = this.aborted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.aborted[mid].lastOffset < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.aborted.length; i++) if (this.aborted[i].firstOffset < to) out.push(this.aborted[i]);
    return out;
  }

  /** Drops aborted entries wholly below the log start (deleted by retention or DeleteRecords). */
  pruneBelow(logStartOffset: number): void {
    let n = 0;
    while (n < this.aborted.length && this.aborted[n].lastOffset < logStartOffset) n++;
    if (n > 0) this.aborted.splice(0, n);
  }

  snapshot(): ProducerStatesSnapshot {
    return {
      producers: [...this.producers.entries()].map(([id, p]) => [
        id,
        p.epoch,
        p.lastSeq,
        p.recent.map((b) => [b.firstSeq, b.lastSeq, b.baseOffset] as [number, number, number]),
      ]),
      open: [...this.open.entries()],
    };
  }

  static restore(s: ProducerStatesSnapshot): ProducerStates {
    const out = new ProducerStates();
    for (const [id, epoch, lastSeq, recent] of s.producers)
      out.producers.set(id, {
        epoch,
        lastSeq,
        recent: recent.map(([firstSeq, last, baseOffset]) => ({ firstSeq, lastSeq: last, baseOffset })),
      });
    for (const [id, first] of s.open) out.open.set(id, first);
    return out;
  }
}
