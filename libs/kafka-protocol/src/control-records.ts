// Transaction markers (control batches): attributes bit 4 (transactional) and bit 5 (control), one
// record whose key is [version int16 = 0, type int16] (0 = abort, 1 = commit) and whose value is
// [version int16 = 0, coordinator epoch int32], as Kafka's EndTransactionMarker writes them.
import { buildBatch } from './record-batch-builder';
import { BATCH_HEADER_SIZE, BatchHeader, decodeRecords } from './record-batch';

export const TRANSACTIONAL_FLAG = 0x10;
export const CONTROL_FLAG = 0x20;
export const ControlType = { abort: 0, commit: 1 } as const;

export function isTransactional(h: Pick<BatchHeader, 'attributes'>): boolean {
  return (h.attributes & TRANSACTIONAL_FLAG) !== 0;
}

export function isControl(h: Pick<BatchHeader, 'attributes'>): boolean {
  return (h.attributes & CONTROL_FLAG) !== 0;
}

export function buildMarkerBatch(
  commit: boolean,
  producerId: number,
  producerEpoch: number,
  coordinatorEpoch = 0,
  timestamp = Date.now(),
): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(commit ? ControlType.commit : ControlType.abort, 2);
  const value = Buffer.alloc(6);
  value.writeInt32BE(coordinatorEpoch, 2);
  return buildBatch([{ key, value, timestamp }], {
    producerId,
    producerEpoch,
    baseSequence: -1,
    attributes: TRANSACTIONAL_FLAG | CONTROL_FLAG,
  });
}

/** The marker type of a whole (uncompressed) control batch, or null if it carries none. */
export function markerType(header: BatchHeader, batch: Buffer): number | null {
  const [first] = decodeRecords(header, batch.subarray(BATCH_HEADER_SIZE));
  if (!first?.key || first.key.length < 4) return null;
  return first.key.readInt16BE(2);
}
