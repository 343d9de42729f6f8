// One partition's log: append-only segment files (<base>.log) plus a sparse offset index
// (<base>.index, 8-byte entries: offset delta uint32, file position uint32). Over 400 lines as one
// cohesive thing: append, roll, recovery, reads by offset and timestamp, and retention all work
// on the same segment list and index (the segment file handles live in fd-cache.ts).
import {
  existsSync,
  ftruncateSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  BatchHeader,
  batchCrcOk,
  BATCH_HEADER_SIZE,
  BATCH_OVERHEAD,
  Compression,
  decodeRecords,
  readBatchHeader,
  writeInt64At,
} from '@libs/kafka-protocol';
import { FdCache } from './fd-cache';
import { readAt, writeAt } from './file-io';
import { readPool } from './read-pool';

export interface LogSettings {
  segmentBytes: number;
  indexIntervalBytes: number;
  fsyncEveryWrite: boolean;
}

interface Segment {
  base: number;
  logPath: string;
  indexPath: string;
  size: number;
  indexEntries: number;
  bytesSinceIndex: number;
}

export interface ScannedBatch {
  header: BatchHeader;
  base: number;
  last: number;
  maxTs: number;
  read: () => Buffer;
}

export type ReadResult = { outOfRange: true } | { outOfRange: false; chunks: Buffer[]; bytes: number };

const SCAN_CHUNK = 256 * 1024;
const START_FILE = 'log-start-offset';

function segName(base: number, ext: string): string {
  return `${String(base).padStart(20, '0')}.${ext}`;
}

// First record at/after ts inside one batch, for codecs we can open cheaply (none, gzip).
function exactTimestampMatch(
  batch: Buffer,
  ts: number,
  minOffset: number,
): { offset: number; timestamp: number } | null {
  const header = readBatchHeader(batch);
  const codec = header.attributes & 0x7;
  let body: Buffer;
  if (codec === Compression.none) body = batch.subarray(BATCH_HEADER_SIZE);
  else if (codec === Compression.gzip) body = gunzipSync(batch.subarray(BATCH_HEADER_SIZE));
  else return null;
  try {
    for (const r of decodeRecords(header, body))
      if (r.timestamp >= ts && r.offset >= minOffset) return { offset: r.offset, timestamp: r.timestamp };
  } catch {
    return null;
  }
  return null;
}

function int64At(b: Buffer, at: number): number {
  return b.readInt32BE(at) * 4294967296 + b.readUInt32BE(at + 4);
}

export class PartitionLog {
  private segments: Segment[] = [];
  logStartOffset = 0;
  logEndOffset = 0;
  // Where recent fetches stopped, so sequential consumers skip the index lookup.
  private hints = new Map<number, { seg: Segment; pos: number }>();
  private waiters = new Set<() => void>();

  private constructor(
    readonly dir: string,
    private readonly fds: FdCache,
    private settings: LogSettings,
  ) {}

  static open(dir: string, fds: FdCache, settings: LogSettings): PartitionLog {
    if (!existsSync(dir)) return PartitionLog.create(dir, fds, settings);
    const log = new PartitionLog(dir, fds, settings);
    log.load();
    return log;
  }

  // A brand-new partition: only its directory is created now; segment files appear on first use,
  // so creating thousands of partitions does not stall the event loop.
  static create(dir: string, fds: FdCache, settings: LogSettings): PartitionLog {
    const log = new PartitionLog(dir, fds, settings);
    log.dirReady = false;
    log.segments.push(log.segmentAt(0));
    return log;
  }

  // Even mkdir costs ~0.1 ms on some filesystems: a new partition gets its directory on first write.
  private dirReady = true;

  private ensureDir(): void {
    if (this.dirReady) return;
    mkdirSync(this.dir, { recursive: true });
    this.dirReady = true;
  }

  updateSettings(s: LogSettings): void {
    this.settings = s;
  }

  private load(): void {
    const bases = readdirSync(this.dir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => Number(f.slice(0, -4)))
      .sort((a, b) => a - b);
    if (bases.length === 0) bases.push(0);
    for (const base of bases) {
      const seg = this.segmentAt(base);
      if (!existsSync(seg.logPath)) writeFileSync(seg.logPath, '');
      if (!existsSync(seg.indexPath)) writeFileSync(seg.indexPath, '');
      seg.size = statSync(seg.logPath).size;
      seg.indexEntries = Math.floor(statSync(seg.indexPath).size / 8);
      this.segments.push(seg);
    }
    this.recoverTail();
    const startPath = join(this.dir, START_FILE);
    const persisted = existsSync(startPath) ? Number(readFileSync(startPath, 'utf8')) : 0;
    this.logStartOffset = Math.min(
      Math.max(this.segments[0].base, Number.isFinite(persisted) ? persisted : 0),
      this.logEndOffset,
    );
  }

  private segmentAt(base: number): Segment {
    return {
      base,
      logPath: join(this.dir, segName(base, 'log')),
      indexPath: join(this.dir, segName(base, 'index')),
      size: 0,
      indexEntries: 0,
      bytesSinceIndex: 0,
    };
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1];
  }

  private indexEntry(seg: Segment, i: number): { rel: number; pos: number } {
    const b = readAt(this.fds.get(seg.indexPath), i * 8, 8);
    return { rel: b.readUInt32BE(0), pos: b.readUInt32BE(4) };
  }

  // CRC-checks every batch after the last index entry of the last segment and truncates a torn tail.
  private recoverTail(): void {
    const seg = this.active;
    const fd = this.fds.get(seg.logPath);
    let start = 0;
    let expectBase = seg.base;
    // Drop index entries that point past the end of the log.
    while (seg.indexEntries > 0 && this.indexEntry(seg, seg.indexEntries - 1).pos >= seg.size) seg.indexEntries--;
    if (seg.indexEntries > 0) {
      const e = this.indexEntry(seg, seg.indexEntries - 1);
      const head = readAt(fd, e.pos, 8);
      if (head.length === 8 && int64At(head, 0) === seg.base + e.rel) {
        start = e.pos;
        expectBase = seg.base + e.rel;
      } else {
        seg.indexEntries = 0;
      }
    }
    ftruncateSync(this.fds.get(seg.indexPath), seg.indexEntries * 8);
    let pos = start;
    let next = expectBase;
    let sinceIndex = 0;
    while (pos + BATCH_HEADER_SIZE <= seg.size) {
      const head = readAt(fd, pos, BATCH_HEADER_SIZE);
      const len = head.readInt32BE(8);
      const size = len + BATCH_OVERHEAD;
      const base = int64At(head, 0);
      if (len < BATCH_HEADER_SIZE - BATCH_OVERHEAD || pos + size > seg.size || head.readInt8(16) !== 2 || base < next)
        break;
      const batch = readAt(fd, pos, size);
      if (!batchCrcOk(batch)) break;
      next = base + head.readInt32BE(23) + 1;
      pos += size;
      sinceIndex += size;
    }
    if (pos < seg.size) {
      ftruncateSync(fd, pos);
      seg.size = pos;
    }
    seg.bytesSinceIndex = sinceIndex;
    this.logEndOffset = Math.max(next, seg.base);
  }

  append(batch: Buffer, lastOffsetDelta: number): number {
    this.ensureDir();
    const base = this.logEndOffset;
    writeInt64At(batch, 0, base);
    batch.writeInt32BE(0, 12); // partitionLeaderEpoch: one broker, epoch 0
    let seg = this.active;
    if (seg.size > 0 && seg.size + batch.length > this.settings.segmentBytes) seg = this.roll();
    const fd = this.fds.get(seg.logPath);
    if (seg.bytesSinceIndex >= this.settings.indexIntervalBytes) {
      const e = Buffer.allocUnsafe(8);
      e.writeUInt32BE(base - seg.base, 0);
      e.writeUInt32BE(seg.size, 4);
      writeAt(this.fds.get(seg.indexPath), e, seg.indexEntries * 8);
      seg.indexEntries++;
      seg.bytesSinceIndex = 0;
      this.fds.markDirty(seg.indexPath);
    }
    writeAt(fd, batch, seg.size);
    seg.size += batch.length;
    seg.bytesSinceIndex += batch.length;
    this.logEndOffset = base + lastOffsetDelta + 1;
    if (this.settings.fsyncEveryWrite) this.fds.flush(seg.logPath);
    else this.fds.markDirty(seg.logPath);
    this.notify();
    return base;
  }

  private roll(): Segment {
    const seg = this.segmentAt(this.logEndOffset);
    writeFileSync(seg.logPath, '');
    writeFileSync(seg.indexPath, '');
    this.segments.push(seg);
    return seg;
  }

  // Resolves when data is appended (or on timeout, via the caller's race).
  onAppend(cb: () => void): () => void {
    this.waiters.add(cb);
    return () => this.waiters.delete(cb);
  }

  private notify(): void {
    if (this.waiters.size === 0) return;
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  private segmentFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid].base <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  // Position of the batch containing `offset` in segment `seg`, or -1 if the segment ends first.
  private locate(seg: Segment, offset: number): number {
    const fd = this.fds.get(seg.logPath);
    let pos = 0;
    // Binary search the sparse index for the last entry at or below offset.
    let lo = 0;
    let hi = seg.indexEntries - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = this.indexEntry(seg, mid);
      if (seg.base + e.rel <= offset) {
        pos = e.pos;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    while (pos < seg.size) {
      const chunk = readAt(fd, pos, Math.min(SCAN_CHUNK, seg.size - pos));
      let at = 0;
      while (at + BATCH_HEADER_SIZE <= chunk.length) {
        const last = int64At(chunk, at) + chunk.readInt32BE(at + 23);
        if (last >= offset) return pos + at;
        at += chunk.readInt32BE(at + 8) + BATCH_OVERHEAD;
      }
      if (at === 0) return -1; // cannot happen on a recovered log; avoid looping forever
      pos += at;
    }
    return -1;
  }

  // Whole batches starting with the one containing `offset`, from one segment, up to maxBytes
  // (at least one batch even if larger, as Kafka does since KIP-74).
  // `maxOffset` (read_committed: the last stable offset) excludes batches starting at or above it.
  read(offset: number, maxBytes: number, maxOffset = this.logEndOffset): ReadResult {
    if (offset < this.logStartOffset || offset > this.logEndOffset) return { outOfRange: true };
    if (offset >= maxOffset) return { outOfRange: false, chunks: [], bytes: 0 };
    let si = this.segmentFor(offset);
    let seg = this.segments[si];
    let pos: number;
    const hint = this.hints.get(offset);
    if (hint && hint.seg === seg && hint.pos < seg.size) pos = hint.pos;
    else pos = this.locate(seg, offset);
    while (pos < 0 || pos >= seg.size) {
      if (si + 1 >= this.segments.length) return { outOfRange: false, chunks: [], bytes: 0 };
      seg = this.segments[++si];
      pos = 0;
    }
    const fd = this.fds.get(seg.logPath);
    const take = (n: number) => readPool.take(n);
    let buf = readAt(fd, pos, Math.min(seg.size - pos, Math.max(maxBytes, BATCH_HEADER_SIZE)), take);
    let at = 0;
    let nextOffset = offset;
    while (at + BATCH_HEADER_SIZE <= buf.length) {
      const size = buf.readInt32BE(at + 8) + BATCH_OVERHEAD;
      if (at + size > buf.length) break;
      const batchBase = int64At(buf, at);
      if (batchBase >= maxOffset) break;
      nextOffset = batchBase + buf.readInt32BE(at + 23) + 1;
      at += size;
    }
    if (at === 0 && buf.length >= BATCH_HEADER_SIZE && int64At(buf, 0) >= maxOffset) {
      readPool.release(buf);
      return { outOfRange: false, chunks: [], bytes: 0 };
    }
    if (at === 0) {
      const size = buf.readInt32BE(8) + BATCH_OVERHEAD;
      readPool.release(buf);
      buf = readAt(fd, pos, size, take);
      at = size;
      nextOffset = int64At(buf, 0) + buf.readInt32BE(23) + 1;
    } else if (at < buf.length) {
      buf = buf.subarray(0, at);
    }
    if (this.hints.size > 16) this.hints.clear();
    this.hints.set(nextOffset, { seg, pos: pos + at });
    return { outOfRange: false, chunks: [buf], bytes: buf.length };
  }

  // Every stored batch from the one containing `from` on (all of them by default), oldest first,
  // with its header and a way to read the whole batch. Stops when visit returns true.
  scanBatches(visit: (b: ScannedBatch) => boolean | void, from = 0): void {
    const first = this.segmentFor(from);
    for (let si = first; si < this.segments.length; si++) {
      const seg = this.segments[si];
      if (seg.size === 0) continue; // may not even have a file yet
      const fd = this.fds.get(seg.logPath);
      let pos = si === first && from > seg.base ? this.locate(seg, from) : 0;
      if (pos < 0) continue;
      while (pos < seg.size) {
        const chunk = readAt(fd, pos, Math.min(SCAN_CHUNK, seg.size - pos));
        let at = 0;
        while (at + BATCH_HEADER_SIZE <= chunk.length) {
          const header = readBatchHeader(chunk, at);
          const size = header.batchLength + BATCH_OVERHEAD;
          const batchPos = pos + at;
          const stop = visit({
            header,
            base: header.baseOffset,
            last: header.baseOffset + header.lastOffsetDelta,
            maxTs: header.maxTimestamp,
            read: () => readAt(fd, batchPos, size),
          });
          if (stop) return;
          at += size;
        }
        if (at === 0) break;
        pos += at;
      }
    }
  }

  // First offset with a timestamp >= ts: the batch is found by its maxTimestamp; inside it the exact
  // record for uncompressed/gzip batches, otherwise the batch's base offset.
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    const result: { found: { offset: number; timestamp: number } | null } = { found: null };
    this.scanBatches((b) => {
      if (b.maxTs < ts || b.last < this.logStartOffset) return false;
      result.found = exactTimestampMatch(b.read(), ts, this.logStartOffset) ?? {
        offset: Math.max(b.base, this.logStartOffset),
        timestamp: b.maxTs,
      };
      return true;
    });
    return result.found;
  }

  // ListOffsets MAX_TIMESTAMP (-3, KIP-734): the record with the largest timestamp (the first one
  // when several share it). A full scan: an operator's query, not a hot path.
  offsetOfMaxTimestamp(): { offset: number; timestamp: number } | null {
    type Candidate = { maxTs: number; read: () => Buffer; last: number };
    const best: { batch: Candidate | null } = { batch: null };
    this.scanBatches((b) => {
      if (b.last >= this.logStartOffset && (!best.batch || b.maxTs > best.batch.maxTs)) best.batch = b;
    });
    if (!best.batch) return null;
    const { maxTs, read, last } = best.batch;
    return exactTimestampMatch(read(), maxTs, this.logStartOffset) ?? { offset: last, timestamp: maxTs };
  }

  // Headers of the batches in (roughly) the last maxBytes of the active segment, oldest first.
  // Used to rebuild idempotent-producer state after a restart.
  tailBatchHeaders(maxBytes: number): BatchHeader[] {
    const seg = this.active;
    if (seg.size === 0) return [];
    let pos = 0;
    let lo = 0;
    let hi = seg.indexEntries - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = this.indexEntry(seg, mid);
      if (e.pos <= seg.size - maxBytes) {
        pos = e.pos;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const out: BatchHeader[] = [];
    const fd = this.fds.get(seg.logPath);
    while (pos < seg.size) {
      const chunk = readAt(fd, pos, Math.min(SCAN_CHUNK, seg.size - pos));
      let at = 0;
      while (at + BATCH_HEADER_SIZE <= chunk.length) {
        out.push(readBatchHeader(chunk, at));
        at += chunk.readInt32BE(at + 8) + BATCH_OVERHEAD;
      }
      if (at === 0) break;
      pos += at;
    }
    return out;
  }

  sizeBytes(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  // DeleteRecords: move the log start forward and drop whole segments below it.
  deleteBefore(offset: number): void {
    const target = Math.min(Math.max(offset, this.logStartOffset), this.logEndOffset);
    this.logStartOffset = target;
    this.ensureDir();
    writeFileSync(join(this.dir, START_FILE), String(target));
    while (this.segments.length > 1 && this.segments[1].base <= target) this.dropOldest();
  }

  // Deletes closed segments older than retentionMs or beyond retentionBytes (-1 = unlimited).
  applyRetention(now: number, retentionMs: number, retentionBytes: number): number {
    let removed = 0;
    while (this.segments.length > 1) {
      const oldest = this.segments[0];
      const tooOld = retentionMs >= 0 && statSync(oldest.logPath).mtimeMs < now - retentionMs;
      const tooBig = retentionBytes >= 0 && this.sizeBytes() - oldest.size >= retentionBytes;
      if (!tooOld && !tooBig) break;
      this.dropOldest();
      removed++;
    }
    if (this.segments[0].base > this.logStartOffset) this.logStartOffset = this.segments[0].base;
    return removed;
  }

  private dropOldest(): void {
    const seg = this.segments.shift()!;
    this.fds.forget(seg.logPath);
    this.fds.forget(seg.indexPath);
    rmSync(seg.logPath, { force: true });
    rmSync(seg.indexPath, { force: true });
    this.hints.clear();
  }

  flush(): void {
    this.fds.flush(this.active.logPath);
  }

  close(): void {
    for (const s of this.segments) {
      this.fds.close(s.logPath);
      this.fds.close(s.indexPath);
    }
    this.notify();
  }
}
