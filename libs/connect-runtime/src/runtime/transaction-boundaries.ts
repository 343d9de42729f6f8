// KIP-618 transaction boundaries, as pure logic: where, within one batch from poll(), the open
// producer transaction ends (commit or abort) for `transaction.boundary` poll, interval or connector
// (the task's TransactionContext requests), and when an interval transaction is due. The
// transactional delivery (exactly-once-delivery.ts) does the I/O.
import type { SourceRecord, TransactionContext } from '@libs/connect-spi';
import type { TransactionBoundary } from './exactly-once-config';

export type TransactionEnd = 'commit' | 'abort';

/** A run of consecutive records of one batch, and how the transaction ends after them (null: stays open). */
export interface BatchSegment<R> {
  records: R[];
  end: TransactionEnd | null;
}

/**
 * The boundaries of one task run. With `transaction.boundary=connector` it is also the task's
 * TransactionContext: requests made while poll() builds a batch apply to that batch.
 */
export class TransactionBoundaries implements TransactionContext {
  private readonly afterRecord = new Map<SourceRecord, TransactionEnd>();
  private afterBatch: TransactionEnd | null = null;

  constructor(
    readonly mode: TransactionBoundary,
    /** interval mode: ms between commits. */
    readonly intervalMs: number,
  ) {}

  /** The TransactionContext the task gets: only for connector-defined boundaries (null otherwise, as in Kafka). */
  get context(): TransactionContext | null {
    return this.mode === 'connector' ? this : null;
  }

  commitTransaction(record?: SourceRecord): void {
    this.request('commit', record);
  }

  abortTransaction(record?: SourceRecord): void {
    this.request('abort', record);
  }

  private request(end: TransactionEnd, record: SourceRecord | undefined): void {
    if (record === undefined) this.afterBatch = end;
    else if (record === null) throw new Error('the record to end the transaction after may not be null');
    // a commit request for a record wins over an abort request for the same record (Kafka keeps the first commit)
    else if (this.afterRecord.get(record) !== 'commit') this.afterRecord.set(record, end);
  }

  /**
   * Splits a polled batch (poll order) into the segments that end a transaction. poll: the batch is
   * one transaction; interval: the batch joins the open transaction (see `intervalDue`); connector:
   * a transaction ends after every record the task named, and after the batch on a batch request
   * (a record request on the last record takes precedence). An empty batch yields one empty segment
   * when a batch request is pending (it ends the open transaction), else none.
   */
  split<R>(batch: readonly R[], recordOf: (r: R) => SourceRecord): BatchSegment<R>[] {
    if (this.mode !== 'connector') {
      if (batch.length === 0) return [];
      return [{ records: [...batch], end: this.mode === 'poll' ? 'commit' : null }];
    }
    const out: BatchSegment<R>[] = [];
    let current: R[] = [];
    for (const r of batch) {
      current.push(r);
      const end = this.afterRecord.get(recordOf(r));
      if (end) {
        out.push({ records: current, end });
        current = [];
      }
    }
    const batchEnd = this.afterBatch;
    if (current.length > 0 || (batchEnd && out.length === 0)) out.push({ records: current, end: batchEnd });
    this.afterRecord.clear();
    this.afterBatch = null;
    return out;
  }

  /** interval: whether the transaction opened at `openedAt` (null: none open) is due for its commit. */
  intervalDue(openedAt: number | null, now: number): boolean {
    return this.mode === 'interval' && openedAt !== null && now - openedAt >= this.intervalMs;
  }
}
