// KIP-618: how a source task defines its own producer transaction boundaries
// (`transaction.boundary=connector`), and whether a connector can.
import type { SourceRecord } from './source-record';

/** Kafka's ConnectorTransactionBoundaries: whether the connector's tasks can define transaction boundaries. */
export type ConnectorTransactionBoundaries = 'SUPPORTED' | 'UNSUPPORTED';

/**
 * Handed to a source task (SourceTaskContext.transactionContext) only when exactly-once delivery
 * is enabled and `transaction.boundary=connector`; null otherwise, as in Kafka Connect.
 */
export interface TransactionContext {
  /**
   * Commit after the next batch from poll() is processed; with a record: after that record (the
   * last one of the committed transaction; the rest of its batch starts the next transaction).
   */
  commitTransaction(record?: SourceRecord): void;
  /**
   * Abort after the next batch from poll() (or after that record): the transaction's records are
   * discarded, their source offsets are still committed (the records are not produced again).
   * A record-based request takes precedence over a batch-based one for the batch's last record.
   */
  abortTransaction(record?: SourceRecord): void;
}
