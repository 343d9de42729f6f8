// PartitionLog: offsets, segments, sparse index lookups, torn-tail recovery, retention, fd bounds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch, readBatchHeader, splitBatches } from '@libs/kafka-protocol';
import { FdCache } from '../src/log/fd-cache';
import { PartitionLog } from '../src/log/partition-log';

const settings = { segmentBytes: 4096, indexIntervalBytes: 256, fsyncEveryWrite: false };

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'plog-'));
}

function appendN(log: PartitionLog, n: number, perBatch = 1, size = 50): number[] {
  const bases: number[] = [];
  for (let i = 0; i < n; i++) {
    const recs = Array.from({ length: perBatch }, (_, j) => ({
      value: Buffer.alloc(size, (i + j) % 256),
      timestamp: 1000 + i,
    }));
    bases.push(log.append(buildBatch(recs), perBatch - 1));
  }
  return bases;
}

function offsetsIn(chunks: Buffer[]): number[] {
  return splitBatches(Buffer.concat(chunks), true).map((s) => s.header.baseOffset);
}

describe('PartitionLog', () => {
  it('assigns offsets, rolls segments and finds any offset through the index', () => {
    const dir = tmp();
    const fds = new FdCache(8);
    const log = PartitionLog.open(dir, fds, settings);
    const bases = appendN(log, 200, 3);
    assert.deepEqual(bases.slice(0, 3), [0, 3, 6]);
    assert.equal(log.logEndOffset, 600);
    assert.ok(readdirSync(dir).filter((f) => f.endsWith('.log')).length > 5, 'rolled segments');
    for (const off of [0, 1, 2, 3, 299, 300, 301, 598, 599]) {
      const r = log.read(off, 1);
      assert.equal(r.outOfRange, false);
      if (r.outOfRange) continue;
      const [first] = offsetsIn(r.chunks);
      assert.equal(first, off - (off % 3), `batch containing ${off}`);
    }
    const end = log.read(600, 1000);
    assert.ok(!end.outOfRange && end.bytes === 0);
    assert.equal(log.read(601, 10).outOfRange, true);
    // Sequential reads follow on without gaps.
    let next = 0;
    let count = 0;
    while (next < 600) {
      const r = log.read(next, 1000);
      assert.ok(!r.outOfRange);
      if (r.outOfRange) break;
      const offs = offsetsIn(r.chunks);
      assert.equal(offs[0], next);
      next = offs[offs.length - 1] + 3;
      count += offs.length;
    }
    assert.equal(count, 200);
    assert.ok(fds.size <= 8);
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns at least one whole batch even when larger than maxBytes', () => {
    const dir = tmp();
    const log = PartitionLog.open(dir, new FdCache(4), settings);
    log.append(buildBatch([{ value: Buffer.alloc(3000) }]), 0);
    const r = log.read(0, 10);
    assert.ok(!r.outOfRange && r.bytes > 3000);
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recovers after restart and truncates a torn or corrupt tail', () => {
    const dir = tmp();
    let fds = new FdCache(4);
    let log = PartitionLog.open(dir, fds, settings);
    appendN(log, 30);
    const goodEnd = log.logEndOffset;
    log.close();
    fds.closeAll();
    const segs = readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .sort();
    const last = join(dir, segs[segs.length - 1]);
    const sizeBefore = statSync(last).size;
    // A half-written batch at the end.
    appendFileSync(last, buildBatch([{ value: 'torn' }]).subarray(0, 40));
    fds = new FdCache(4);
    log = PartitionLog.open(dir, fds, settings);
    assert.equal(log.logEndOffset, goodEnd);
    assert.equal(statSync(last).size, sizeBefore);
    assert.equal(log.append(buildBatch([{ value: 'after' }]), 0), goodEnd);
    log.close();
    fds.closeAll();

    // A complete batch with a bad CRC at the end is dropped too.
    const corrupt = buildBatch([{ value: 'bad' }]);
    corrupt.writeInt32BE(0, 0);
    corrupt.writeInt32BE(goodEnd + 1, 4);
    corrupt[corrupt.length - 1] ^= 0x55;
    appendFileSync(last, corrupt);
    fds = new FdCache(4);
    log = PartitionLog.open(dir, fds, settings);
    assert.equal(log.logEndOffset, goodEnd + 1);
    log.close();
    fds.closeAll();

    // Truncation inside the log (e.g. lost page-cache data) with a stale index.
    truncateSync(last, 10);
    fds = new FdCache(4);
    log = PartitionLog.open(dir, fds, settings);
    assert.equal(statSync(last).size, 0);
    const segBase = Number(segs[segs.length - 1].slice(0, -4));
    assert.equal(log.logEndOffset, segBase);
    log.close();
    fds.closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('looks up offsets by timestamp', () => {
    const dir = tmp();
    const log = PartitionLog.open(dir, new FdCache(4), settings);
    appendN(log, 100);
    assert.deepEqual(log.offsetForTimestamp(1050), { offset: 50, timestamp: 1050 });
    assert.equal(log.offsetForTimestamp(5000), null);
    // Inside a multi-record batch the exact record is found.
    log.append(
      buildBatch([
        { value: 'a', timestamp: 9000 },
        { value: 'b', timestamp: 9010 },
        { value: 'c', timestamp: 9020 },
      ]),
      2,
    );
    assert.deepEqual(log.offsetForTimestamp(9005), { offset: 101, timestamp: 9010 });
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies retention by size and time, and DeleteRecords moves the log start', () => {
    const dir = tmp();
    const fds = new FdCache(4);
    const log = PartitionLog.open(dir, fds, settings);
    appendN(log, 300);
    const before = log.sizeBytes();
    log.applyRetention(Date.now(), -1, 8192);
    assert.ok(log.sizeBytes() < before && log.sizeBytes() >= 8192 - 4096);
    assert.ok(log.logStartOffset > 0);
    assert.equal(log.read(0, 100).outOfRange, true);
    const start = log.logStartOffset;
    const r = log.read(start, 100);
    assert.ok(!r.outOfRange && readBatchHeader(r.chunks[0]).baseOffset === start);

    for (const f of readdirSync(dir)) utimesSync(join(dir, f), new Date(0), new Date(0));
    log.applyRetention(Date.now(), 1000, -1);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.log')).length, 1, 'only the active segment remains');

    log.deleteBefore(295);
    assert.equal(log.logStartOffset, 295);
    log.close();
    fds.closeAll();
    const reopened = PartitionLog.open(dir, new FdCache(4), settings);
    assert.equal(reopened.logStartOffset, 295);
    assert.equal(reopened.logEndOffset, 300);
    reopened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates new partitions lazily: nothing on disk until the first write', () => {
    const dir = tmp();
    const fds = new FdCache(4);
    const p = join(dir, 'lazy');
    const log = PartitionLog.create(p, fds, settings);
    assert.equal(existsSync(p), false);
    assert.equal(log.offsetForTimestamp(0), null);
    const r = log.read(0, 100);
    assert.ok(!r.outOfRange && r.bytes === 0);
    assert.deepEqual(log.tailBatchHeaders(1000), []);
    log.append(buildBatch([{ value: 'first' }]), 0);
    assert.ok(existsSync(join(p, '00000000000000000000.log')));
    log.close();
    const reopened = PartitionLog.open(p, new FdCache(4), settings);
    assert.equal(reopened.logEndOffset, 1);
    reopened.close();
    // A partition whose directory was never created reopens as empty.
    assert.equal(PartitionLog.open(join(dir, 'never'), fds, settings).logEndOffset, 0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the number of open files bounded across many partitions', () => {
    const dir = tmp();
    const fds = new FdCache(16);
    const logs = Array.from({ length: 200 }, (_, i) => PartitionLog.open(join(dir, String(i)), fds, settings));
    for (const l of logs) appendN(l, 3);
    for (const l of logs) {
      const r = l.read(1, 1000);
      assert.ok(!r.outOfRange && r.bytes > 0);
    }
    assert.ok(fds.size <= 16);
    for (const l of logs) l.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
