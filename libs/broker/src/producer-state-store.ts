// Where each partition's ProducerStates live and how they survive a restart. Two files per
// partition directory:
// - `producer-state.snapshot`: the state as of an offset (JSON, replaced atomically), written when
//   the partition's first idempotent or transactional batch arrives, at most every SNAPSHOT_EVERY_MS
//   while it changes, and at close. On load the log is replayed from that offset (headers only;
//   markers are opened), so a SIGKILL loses nothing the log kept, and a transaction open before
//   the crash is still open.
// - `aborted.txnindex`: every aborted transaction (producer id, first offset, marker offset; 24
//   bytes each), appended when its abort marker is written (Kafka's .txnindex).
// A partition without a snapshot (written before this existed) is seeded from its last 1 MiB.
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { isControl, isTransactional, markerType, ControlType, BatchHeader } from '@libs/kafka-protocol';
import { PartitionLog } from './log/partition-log';
import { AbortedTxn, ProducerStates, ProducerStatesSnapshot } from './producer-state';

const SNAPSHOT_FILE = 'producer-state.snapshot';
const ABORTED_FILE = 'aborted.txnindex';
const TAIL_BYTES = 1024 * 1024;
const ENTRY_BYTES = 24;
// bounds the replay after a crash to a few seconds of writes without rewriting busy partitions'
// snapshots on every tick
const SNAPSHOT_EVERY_MS = 5000;

interface SnapshotFile extends ProducerStatesSnapshot {
  offset: number;
}

function encodeAborted(e: AbortedTxn): Buffer {
  const b = Buffer.alloc(ENTRY_BYTES);
  b.writeBigInt64BE(BigInt(e.producerId), 0);
  b.writeBigInt64BE(BigInt(e.firstOffset), 8);
  b.writeBigInt64BE(BigInt(e.lastOffset), 16);
  return b;
}

function readAborted(path: string): AbortedTxn[] {
  if (!existsSync(path)) return [];
  const b = readFileSync(path);
  const out: AbortedTxn[] = [];
  for (let at = 0; at + ENTRY_BYTES <= b.length; at += ENTRY_BYTES)
    out.push({
      producerId: Number(b.readBigInt64BE(at)),
      firstOffset: Number(b.readBigInt64BE(at + 8)),
      lastOffset: Number(b.readBigInt64BE(at + 16)),
    });
  return out;
}

function readSnapshot(path: string): SnapshotFile | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SnapshotFile;
  } catch {
    return null; // unreadable: fall back to the log's tail
  }
}

export class ProducerStateStore {
  private states = new Map<PartitionLog, ProducerStates>();
  // when each partition's snapshot was last written (present: it has one)
  private snapshotAt = new WeakMap<PartitionLog, number>();

  constructor(private readonly fsyncEveryWrite: boolean) {}

  of(log: PartitionLog): ProducerStates {
    let s = this.states.get(log);
    if (!s) {
      s = this.load(log);
      this.states.set(log, s);
    }
    return s;
  }

  /** Loaded already (no disk access): read_uncommitted paths use this to skip partitions never touched. */
  peek(log: PartitionLog): ProducerStates | undefined {
    return this.states.get(log);
  }

  private load(log: PartitionLog): ProducerStates {
    const snap = readSnapshot(join(log.dir, SNAPSHOT_FILE));
    // A snapshot past the log's end (the log lost its unsynced tail in a power loss) is useless.
    const usable = snap && snap.offset <= log.logEndOffset ? snap : null;
    const s = usable ? ProducerStates.restore(usable) : new ProducerStates();
    if (usable) this.snapshotAt.set(log, Date.now());
    for (const e of readAborted(join(log.dir, ABORTED_FILE))) s.addAborted(e);
    const replay = (header: BatchHeader, read: () => Buffer) => {
      if (header.producerId < 0) return;
      if (isControl(header)) {
        const type = markerType(header, read());
        if (type === null) return;
        const aborted = s.endTxn(
          header.producerId,
          header.producerEpoch,
          header.baseOffset,
          type === ControlType.commit,
        );
        if (aborted) this.appendAborted(log, aborted);
        return;
      }
      s.record(
        header.producerId,
        header.producerEpoch,
        header.baseSequence,
        header.lastOffsetDelta,
        header.baseOffset,
        isTransactional(header),
      );
    };
    if (usable) {
      log.scanBatches(
        (b) => {
          if (b.base >= usable.offset) replay(b.header, b.read);
        },
        Math.max(usable.offset, log.logStartOffset),
      );
    } else {
      for (const h of log.tailBatchHeaders(TAIL_BYTES)) replay(h, () => Buffer.alloc(0));
    }
    s.pruneBelow(log.logStartOffset);
    s.dirty = false;
    return s;
  }

  /** Called before a partition's first batch with a producer id, so a restart replays from before it. */
  ensureSnapshot(log: PartitionLog): void {
    if (!this.snapshotAt.has(log)) this.snapshot(log, this.of(log));
  }

  appendAborted(log: PartitionLog, entry: AbortedTxn): void {
    mkdirSync(log.dir, { recursive: true });
    appendFileSync(join(log.dir, ABORTED_FILE), encodeAborted(entry));
  }

  private snapshot(log: PartitionLog, s: ProducerStates): void {
    mkdirSync(log.dir, { recursive: true });
    const path = join(log.dir, SNAPSHOT_FILE);
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify({ offset: log.logEndOffset, ...s.snapshot() } satisfies SnapshotFile));
      if (this.fsyncEveryWrite) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    s.dirty = false;
    this.snapshotAt.set(log, Date.now());
  }

  /** Snapshots changed states (periodically, each at most every few seconds; at close all of them). */
  snapshotDirty(all = false): void {
    const due = Date.now() - SNAPSHOT_EVERY_MS;
    for (const [log, s] of [...this.states]) {
      const at = this.snapshotAt.get(log);
      if (!s.dirty || at === undefined || (!all && at > due)) continue;
      // its topic or cluster was deleted (the directory moved to the trash): never recreate it
      if (!existsSync(log.dir)) {
        this.states.delete(log);
        continue;
      }
      try {
        this.snapshot(log, s);
      } catch {
        // the partition was deleted meanwhile
        this.states.delete(log);
      }
    }
  }

  /** Forgets the states of partitions whose topic was deleted (their directory is gone). */
  forgetDeleted(): void {
    for (const log of [...this.states.keys()]) if (!existsSync(log.dir)) this.states.delete(log);
  }

  /** Forgets the states of a deleted cluster's partitions. */
  forgetUnder(dir: string): void {
    for (const log of [...this.states.keys()]) if (log.dir.startsWith(dir)) this.states.delete(log);
  }
}
