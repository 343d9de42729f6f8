// One cluster's transaction coordinator (Kafka's TransactionCoordinator, on one broker): each
// transactional id's producer id and epoch, the partitions and groups of its ongoing transaction,
// and the two-phase end (Prepare* journalled, markers written into every partition, offsets made
// visible, Complete* journalled). Markers are written synchronously, so no request ever sees a
// Prepare* state; after a crash the journal's last word decides: Prepare* is finished, an Ongoing
// transaction is aborted (its epoch bumped, fencing the producer that was in the middle of it).
import { ErrorCode } from '@libs/kafka-protocol';
import type { CommitEntry } from '../groups/offset-store';
import { TxnJournal, TxnMeta } from './txn-journal';

const E = ErrorCode;

/** Kafka's transaction.max.timeout.ms default. */
export const MAX_TRANSACTION_TIMEOUT_MS = 900_000;
// Short.MaxValue: an epoch that cannot be bumped twice more gets a new producer id (Kafka too).
const MAX_EPOCH = 32767;

/** What the coordinator drives in the rest of the cluster. */
export interface TxnParticipants {
  partitionExists(topic: string, partition: number): boolean;
  /** Ends the producer's transaction in that partition (a marker, if it wrote anything there). */
  writeMarker(topic: string, partition: number, producerId: number, epoch: number, commit: boolean): void;
  commitOffsets(group: string, entries: CommitEntry[]): void;
}

export type InitResult = { errorCode: number; producerId: number; producerEpoch: number };

const partKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const splitKey = (k: string): [string, number] => {
  const i = k.lastIndexOf('\u0000');
  return [k.slice(0, i), Number(k.slice(i + 1))];
};

export class TransactionCoordinator {
  private txns = new Map<string, TxnMeta>();
  private byProducer = new Map<number, TxnMeta>();

  constructor(
    private readonly journal: TxnJournal,
    private readonly participants: TxnParticipants,
    private readonly allocateProducerId: () => number,
  ) {
    for (const t of journal.load()) this.index(t);
  }

  private index(t: TxnMeta): void {
    const old = this.txns.get(t.id);
    if (old && old.producerId !== t.producerId) this.byProducer.delete(old.producerId);
    this.txns.set(t.id, t);
    this.byProducer.set(t.producerId, t);
  }

  /** Finishes what a crash interrupted (call once the cluster's topics are loaded). */
  recover(): void {
    for (const t of this.txns.values()) {
      if (t.state === 'PrepareCommit' || t.state === 'PrepareAbort') this.complete(t, t.state === 'PrepareCommit');
      else if (t.state === 'Ongoing') this.abortFenced(t);
    }
  }

  /** Every transactional id's metadata (tests, tools). */
  describe(id: string): Readonly<TxnMeta> | undefined {
    return this.txns.get(id);
  }

  initProducerId(id: string, timeoutMs: number, producerId: number, producerEpoch: number): InitResult {
    const fail = (errorCode: number): InitResult => ({ errorCode, producerId: -1, producerEpoch: -1 });
    if (!id) return fail(E.INVALID_REQUEST);
    if (timeoutMs <= 0 || timeoutMs > MAX_TRANSACTION_TIMEOUT_MS) return fail(E.INVALID_TRANSACTION_TIMEOUT);
    let t = this.txns.get(id);
    if (!t) {
      t = {
        id,
        producerId: this.allocateProducerId(),
        epoch: 0,
        timeoutMs,
        state: 'Empty',
        partitions: new Set(),
        groups: new Set(),
        startedAt: -1,
        pending: new Map(),
      };
      this.index(t);
      this.journal.write(t);
      return { errorCode: E.NONE, producerId: t.producerId, producerEpoch: t.epoch };
    }
    // KIP-360: a producer that names its id and epoch must still own them.
    if (producerId >= 0 && (producerId !== t.producerId || producerEpoch !== t.epoch)) return fail(E.PRODUCER_FENCED);
    // A new instance fences the old one: its open transaction is aborted under a bumped epoch.
    if (t.state === 'Ongoing') this.abortFenced(t);
    if (t.epoch + 1 >= MAX_EPOCH) {
      this.byProducer.delete(t.producerId);
      t.producerId = this.allocateProducerId();
      t.epoch = 0;
      this.byProducer.set(t.producerId, t);
    } else t.epoch++;
    t.timeoutMs = timeoutMs;
    t.state = 'Empty';
    this.journal.write(t);
    return { errorCode: E.NONE, producerId: t.producerId, producerEpoch: t.epoch };
  }

  /** The checks every request of a transaction starts with. */
  private owned(id: string, producerId: number, epoch: number): TxnMeta | number {
    const t = this.txns.get(id);
    if (!t || t.producerId !== producerId) return E.INVALID_PRODUCER_ID_MAPPING;
    if (epoch !== t.epoch) return E.PRODUCER_FENCED;
    return t;
  }

  private begin(t: TxnMeta): void {
    if (t.state === 'Ongoing') return;
    t.state = 'Ongoing';
    t.partitions = new Set();
    t.groups = new Set();
    t.pending = new Map();
    t.startedAt = Date.now();
  }

  /** Per partition: NONE, UNKNOWN_TOPIC_OR_PARTITION, or the transaction's error for all of them. */
  addPartitions(
    id: string,
    producerId: number,
    epoch: number,
    parts: { topic: string; partition: number }[],
  ): number[] {
    const t = this.owned(id, producerId, epoch);
    if (typeof t === 'number') return parts.map(() => t);
    const unknown = parts.map((p) => !this.participants.partitionExists(p.topic, p.partition));
    // Kafka adds none when one is unknown: the others get OPERATION_NOT_ATTEMPTED.
    if (unknown.some(Boolean))
      return unknown.map((u) => (u ? E.UNKNOWN_TOPIC_OR_PARTITION : E.OPERATION_NOT_ATTEMPTED));
    this.begin(t);
    for (const p of parts) t.partitions.add(partKey(p.topic, p.partition));
    this.journal.write(t);
    return parts.map(() => E.NONE);
  }

  /** AddPartitionsToTxn v4+ verify-only: is each partition part of the ongoing transaction? */
  verifyPartitions(
    id: string,
    producerId: number,
    epoch: number,
    parts: { topic: string; partition: number }[],
  ): number[] {
    const t = this.owned(id, producerId, epoch);
    if (typeof t === 'number') return parts.map(() => t);
    return parts.map((p) =>
      t.state === 'Ongoing' && t.partitions.has(partKey(p.topic, p.partition)) ? E.NONE : E.INVALID_TXN_STATE,
    );
  }

  addOffsets(id: string, producerId: number, epoch: number, group: string): number {
    if (!group) return E.INVALID_GROUP_ID;
    const t = this.owned(id, producerId, epoch);
    if (typeof t === 'number') return t;
    this.begin(t);
    t.groups.add(group);
    this.journal.write(t);
    return E.NONE;
  }

  /** TxnOffsetCommit: offsets held back until the transaction commits. */
  txnOffsetCommit(id: string, producerId: number, epoch: number, group: string, entries: CommitEntry[]): number {
    const t = this.owned(id, producerId, epoch);
    if (t === E.PRODUCER_FENCED) return E.INVALID_PRODUCER_EPOCH;
    if (typeof t === 'number') return t;
    if (t.state !== 'Ongoing' || !t.groups.has(group)) return E.INVALID_TXN_STATE;
    const byKey = t.pending.get(group) ?? new Map<string, CommitEntry>();
    for (const e of entries) byKey.set(partKey(e.topic, e.partition), e);
    t.pending.set(group, byKey);
    this.journal.writeOffsets(t.id, group, entries);
    return E.NONE;
  }

  endTxn(id: string, producerId: number, epoch: number, commit: boolean): number {
    const t = this.owned(id, producerId, epoch);
    if (typeof t === 'number') return t;
    switch (t.state) {
      case 'Ongoing':
        this.complete(t, commit);
        return E.NONE;
      // a retry of an EndTxn that was done already
      case 'CompleteCommit':
        return commit ? E.NONE : E.INVALID_TXN_STATE;
      case 'CompleteAbort':
        return commit ? E.INVALID_TXN_STATE : E.NONE;
      default:
        return E.INVALID_TXN_STATE;
    }
  }

  /**
   * A transactional batch may be appended only by the current epoch of a producer whose ongoing
   * transaction includes the partition (Kafka's transaction verification, KIP-890).
   */
  checkProduce(producerId: number, epoch: number, topic: string, partition: number): number {
    const t = this.byProducer.get(producerId);
    if (!t || t.producerId !== producerId) return E.INVALID_PRODUCER_ID_MAPPING;
    if (epoch < t.epoch) return E.INVALID_PRODUCER_EPOCH;
    if (epoch !== t.epoch || t.state !== 'Ongoing' || !t.partitions.has(partKey(topic, partition)))
      return E.INVALID_TXN_STATE;
    return E.NONE;
  }

  /** Aborts ongoing transactions older than their timeout (fencing their producer, as Kafka does). */
  abortExpired(now = Date.now()): number {
    let n = 0;
    for (const t of this.txns.values())
      if (t.state === 'Ongoing' && now - t.startedAt > t.timeoutMs) {
        this.abortFenced(t);
        n++;
      }
    return n;
  }

  private abortFenced(t: TxnMeta): void {
    // the bumped epoch goes into the markers, so the fenced instance's batches are refused
    t.epoch = Math.min(t.epoch + 1, MAX_EPOCH - 1);
    this.complete(t, false);
  }

  // Prepare (journalled), markers, offsets, Complete (journalled). Replaying a Prepare* after a
  // crash comes back here: markers go only where the transaction is still open.
  private complete(t: TxnMeta, commit: boolean): void {
    t.state = commit ? 'PrepareCommit' : 'PrepareAbort';
    this.journal.write(t);
    for (const k of t.partitions) {
      const [topic, partition] = splitKey(k);
      this.participants.writeMarker(topic, partition, t.producerId, t.epoch, commit);
    }
    if (commit) for (const [group, entries] of t.pending) this.participants.commitOffsets(group, [...entries.values()]);
    t.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    t.partitions = new Set();
    t.groups = new Set();
    t.pending = new Map();
    this.journal.write(t);
    this.journal.maybeCompact(this.txns.values());
  }

  flush(): void {
    this.journal.flush();
  }

  flushAsync(): Promise<void> {
    return this.journal.flushAsync();
  }

  close(): void {
    this.journal.close();
  }
}
