// Marker base for source connectors, with Kafka 3.3+'s exactly-once and offsets hooks.
import { Connector, type MaybePromise, type Props } from '../connector/connector';
import type { SourceMap } from './source-record';
import type { ConnectorTransactionBoundaries } from './transaction-context';

export type ExactlyOnceSupport = 'SUPPORTED' | 'UNSUPPORTED';

export abstract class SourceConnector extends Connector {
  /**
   * KIP-618: whether this configuration can run with exactly-once delivery (`exactly.once.support=
   * required` is refused at validation unless SUPPORTED). null: the connector does not say.
   */
  exactlyOnceSupport(_props: Props): ExactlyOnceSupport | null {
    return null;
  }

  /** KIP-618: whether this configuration's tasks define their own transaction boundaries (TransactionContext). */
  canDefineTransactionBoundaries(_props: Props): ConnectorTransactionBoundaries {
    return 'UNSUPPORTED';
  }

  /**
   * Called before the runtime alters/resets this connector's offsets (KIP-875). Returning true
   * means the connector has also updated any offsets it keeps outside the framework.
   */
  alterOffsets(_config: Props, _offsets: Map<SourceMap, SourceMap | null>): MaybePromise<boolean> {
    return false;
  }
}
