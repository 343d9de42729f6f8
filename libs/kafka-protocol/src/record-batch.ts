// Record batch v2 (magic 2): header parsing, CRC checks and record iteration (building: record-batch-builder.ts).
import { crc32c } from './crc32c';
import { ProtocolError, Reader } from './io';

export const BATCH_HEADER_SIZE = 61;
export const BATCH_OVERHEAD = 12; // baseOffset + batchLength precede the counted bytes

export const Compression = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

function int64At(b: Buffer, at: number): number {
  return b.readInt32BE(at) * 4294967296 + b.readUInt32BE(at + 4);
}

export function writeInt64At(b: Buffer, at: number, v: number): void {
  const hi = Math.floor(v / 4294967296);
  b.writeInt32BE(hi, at);
  b.writeUInt32BE(v - hi * 4294967296, at + 4);
}

// Header of the batch starting at `at`; the caller guarantees 61 bytes are there.
export function readBatchHeader(b: Buffer, at = 0): BatchHeader {
  return {
    baseOffset: int64At(b, at),
    batchLength: b.readInt32BE(at + 8),
    partitionLeaderEpoch: b.readInt32BE(at + 12),
    magic: b.readInt8(at + 16),
    crc: b.readUInt32BE(at + 17),
    attributes: b.readInt16BE(at + 21),
    lastOffsetDelta: b.readInt32BE(at + 23),
    baseTimestamp: int64At(b, at + 27),
    maxTimestamp: int64At(b, at + 35),
    producerId: int64At(b, at + 43),
    producerEpoch: b.readInt16BE(at + 51),
    baseSequence: b.readInt32BE(at + 53),
    recordsCount: b.readInt32BE(at + 57),
  };
}

export function batchCrcOk(b: Buffer, at = 0): boolean {
  const len = b.readInt32BE(at + 8);
  return crc32c(b.subarray(at + 21, at + BATCH_OVERHEAD + len)) === b.readUInt32BE(at + 17);
}

export interface BatchSpan {
  start: number;
  size: number;
  header: BatchHeader;
}

// Splits a produce payload into batches, validating framing (and optionally CRC).
// Throws ProtocolError describing the first problem.
export function splitBatches(b: Buffer, checkCrc: boolean): BatchSpan[] {
  const out: BatchSpan[] = [];
  let at = 0;
  while (at < b.length) {
    if (b.length - at < BATCH_HEADER_SIZE) throw new ProtocolError('truncated record batch header');
    const len = b.readInt32BE(at + 8);
    const size = len + BATCH_OVERHEAD;
    if (len < BATCH_HEADER_SIZE - BATCH_OVERHEAD || at + size > b.length)
      throw new ProtocolError('record batch length mismatch');
    const magic = b.readInt8(at + 16);
    if (magic !== 2) throw new ProtocolError(`unsupported record batch magic ${magic}`);
    if (checkCrc && !batchCrcOk(b, at)) throw new ProtocolError('record batch CRC mismatch');
    out.push({ start: at, size, header: readBatchHeader(b, at) });
    at += size;
  }
  return out;
}

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface KafkaRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

// Decodes the records of one uncompressed batch (or of already-decompressed record bytes).
export function decodeRecords(header: BatchHeader, recordBytes: Buffer): KafkaRecord[] {
  const r = new Reader(recordBytes);
  const out: KafkaRecord[] = [];
  for (let i = 0; i < header.recordsCount; i++) {
    const len = r.varint();
    const end = r.offset + len;
    const rr = new Reader(recordBytes, r.offset, end);
    rr.int8();
    const tsDelta = rr.varint();
    const offDelta = rr.varint();
    const kl = rr.varint();
    const key = kl < 0 ? null : rr.bytes(kl);
    const vl = rr.varint();
    const value = vl < 0 ? null : rr.bytes(vl);
    const hc = rr.varint();
    const headers: RecordHeader[] = [];
    for (let h = 0; h < hc; h++) {
      const hk = rr.bytes(rr.varint()).toString('utf8');
      const hvl = rr.varint();
      headers.push({ key: hk, value: hvl < 0 ? null : rr.bytes(hvl) });
    }
    r.offset = end;
    out.push({
      offset: header.baseOffset + offDelta,
      timestamp: header.baseTimestamp + tsDelta,
      key,
      value,
      headers,
    });
  }
  return out;
}
