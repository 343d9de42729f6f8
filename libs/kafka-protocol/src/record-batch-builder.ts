// Building v2 record batches (client side: the connector runtime's producer, tests, tools; the broker
// itself never re-encodes batches). Two passes: sizes first, then every record written straight into
// one buffer, so a batch costs one allocation however many records and headers it holds.
import { crc32c } from './crc32c';
import { BATCH_HEADER_SIZE, BATCH_OVERHEAD, writeInt64At } from './record-batch';

export type HeaderValue = Buffer | string | null;
/** Headers in order, or as a map whose array values become repeated headers (kafkajs messages carry them so). */
export type RecordHeadersInput =
  | readonly { key: string; value: HeaderValue }[]
  | Readonly<Record<string, HeaderValue | readonly HeaderValue[] | undefined>>;

export interface RecordInput {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  /** Milliseconds; a string as kafkajs messages carry it. */
  timestamp?: number | string;
  headers?: RecordHeadersInput;
}

export interface BatchMeta {
  recordsCount: number;
  baseTimestamp: number;
  maxTimestamp: number;
  baseOffset?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  attributes?: number;
}

export interface BuildOptions extends Partial<Omit<BatchMeta, 'recordsCount' | 'baseTimestamp' | 'maxTimestamp'>> {
  // Pre-compressed record region (attributes must then name the codec).
  compress?: (records: Buffer) => Buffer;
}

function uvarintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}
const zigzag = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);
const byteLen = (v: Buffer | string | null | undefined): number =>
  v === null || v === undefined ? -1 : typeof v === 'string' ? Buffer.byteLength(v) : v.length;
const timestampOf = (r: RecordInput, fallback: number): number =>
  r.timestamp === undefined ? fallback : typeof r.timestamp === 'number' ? r.timestamp : Number(r.timestamp);
const bytesFieldSize = (len: number): number => uvarintSize(zigzag(len)) + (len > 0 ? len : 0);

function writeUvarint(b: Buffer, at: number, v: number): number {
  while (v >= 0x80) {
    b[at++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  b[at++] = v;
  return at;
}

function writeBytesField(b: Buffer, at: number, v: Buffer | string | null | undefined): number {
  if (v === null || v === undefined) return writeUvarint(b, at, 1); // zig-zag(-1)
  if (typeof v === 'string') {
    at = writeUvarint(b, at, zigzag(Buffer.byteLength(v)));
    return at + b.write(v, at, 'utf8');
  }
  at = writeUvarint(b, at, zigzag(v.length));
  v.copy(b, at);
  return at + v.length;
}

function isHeaderList(h: RecordHeadersInput): h is readonly { key: string; value: HeaderValue }[] {
  return Array.isArray(h);
}

/** Number of headers and their encoded size (without the count varint). */
function headersSize(h: RecordHeadersInput | undefined): { count: number; size: number } {
  let count = 0;
  let size = 0;
  if (!h) return { count, size };
  if (isHeaderList(h)) {
    for (const one of h) {
      count++;
      size += bytesFieldSize(Buffer.byteLength(one.key)) + bytesFieldSize(byteLen(one.value));
    }
    return { count, size };
  }
  for (const k in h) {
    const v = h[k];
    if (v === undefined) continue;
    const kSize = bytesFieldSize(Buffer.byteLength(k));
    if (Array.isArray(v)) {
      for (const one of v as readonly HeaderValue[]) {
        count++;
        size += kSize + bytesFieldSize(byteLen(one));
      }
    } else {
      count++;
      size += kSize + bytesFieldSize(byteLen(v as HeaderValue));
    }
  }
  return { count, size };
}

function writeHeaders(b: Buffer, at: number, h: RecordHeadersInput | undefined, count: number): number {
  at = writeUvarint(b, at, zigzag(count));
  if (!h || count === 0) return at;
  if (isHeaderList(h)) {
    for (const one of h) at = writeBytesField(b, writeBytesField(b, at, one.key), one.value);
    return at;
  }
  for (const k in h) {
    const v = h[k];
    if (v === undefined) continue;
    if (Array.isArray(v))
      for (const one of v as readonly HeaderValue[]) at = writeBytesField(b, writeBytesField(b, at, k), one);
    else at = writeBytesField(b, writeBytesField(b, at, k), v as HeaderValue);
  }
  return at;
}

/**
 * The records region of a batch (what a codec compresses), after `headroom` unused bytes so an
 * uncompressed batch can be sealed in place. Timestamps are deltas from `baseTimestamp`.
 */
export function encodeRecords(records: readonly RecordInput[], baseTimestamp: number, headroom = 0): Buffer {
  const n = records.length;
  const bodySizes = new Array<number>(n);
  const headerCounts = new Array<number>(n);
  let total = headroom;
  for (let i = 0; i < n; i++) {
    const r = records[i];
    const hs = headersSize(r.headers);
    const body =
      1 + // attributes
      uvarintSize(zigzag(timestampOf(r, baseTimestamp) - baseTimestamp)) +
      uvarintSize(zigzag(i)) +
      bytesFieldSize(byteLen(r.key)) +
      bytesFieldSize(byteLen(r.value)) +
      uvarintSize(zigzag(hs.count)) +
      hs.size;
    bodySizes[i] = body;
    headerCounts[i] = hs.count;
    total += uvarintSize(zigzag(body)) + body;
  }
  const b = Buffer.allocUnsafe(total);
  let at = headroom;
  for (let i = 0; i < n; i++) {
    const r = records[i];
    at = writeUvarint(b, at, zigzag(bodySizes[i]));
    b[at++] = 0;
    at = writeUvarint(b, at, zigzag(timestampOf(r, baseTimestamp) - baseTimestamp));
    at = writeUvarint(b, at, zigzag(i));
    at = writeBytesField(b, at, r.key);
    at = writeBytesField(b, at, r.value);
    at = writeHeaders(b, at, r.headers, headerCounts[i]);
  }
  return b;
}

/** Fills the 61-byte header of `b` (header room + records region) and its CRC. */
export function sealBatch(b: Buffer, meta: BatchMeta): Buffer {
  writeInt64At(b, 0, meta.baseOffset ?? 0);
  b.writeInt32BE(b.length - BATCH_OVERHEAD, 8);
  b.writeInt32BE(-1, 12); // partition leader epoch
  b.writeInt8(2, 16); // magic
  b.writeInt16BE(meta.attributes ?? 0, 21);
  b.writeInt32BE(meta.recordsCount - 1, 23);
  writeInt64At(b, 27, meta.baseTimestamp);
  writeInt64At(b, 35, meta.maxTimestamp);
  writeInt64At(b, 43, meta.producerId ?? -1);
  b.writeInt16BE(meta.producerEpoch ?? -1, 51);
  b.writeInt32BE(meta.baseSequence ?? -1, 53);
  b.writeInt32BE(meta.recordsCount, 57);
  b.writeUInt32BE(crc32c(b.subarray(21)), 17);
  return b;
}

/** First and largest timestamp of the records (`now` for those without one). */
export function batchTimestamps(records: readonly RecordInput[], now = Date.now()): { base: number; max: number } {
  const base = records.length > 0 ? timestampOf(records[0], now) : now;
  let max = base;
  for (const r of records) {
    const ts = timestampOf(r, now);
    if (ts > max) max = ts;
  }
  return { base, max };
}

/** A batch around an already compressed records region (`meta.attributes` names the codec). */
export function sealCompressed(region: Buffer, meta: BatchMeta): Buffer {
  const b = Buffer.allocUnsafe(BATCH_HEADER_SIZE + region.length);
  region.copy(b, BATCH_HEADER_SIZE);
  return sealBatch(b, meta);
}

export function buildBatch(records: RecordInput[], opts: BuildOptions = {}): Buffer {
  const { base, max } = batchTimestamps(records);
  const meta: BatchMeta = { ...opts, recordsCount: records.length, baseTimestamp: base, maxTimestamp: max };
  if (!opts.compress) return sealBatch(encodeRecords(records, base, BATCH_HEADER_SIZE), meta);
  return sealCompressed(opts.compress(encodeRecords(records, base)), meta);
}
