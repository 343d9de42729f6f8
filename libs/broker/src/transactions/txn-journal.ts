// The transaction coordinator's state on disk (Kafka's __transaction_state): a JSON-lines journal
// with a full line per state change of a transactional id and a line per TxnOffsetCommit (offsets
// pending in the ongoing transaction). Replayed on start; rewritten when mostly garbage.
import { CommitEntry, commitEntry, commitRow, CommitRow } from '../groups/offset-store';
import { JsonlJournal } from '../log/jsonl-journal';

export type TxnState = 'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort';

export interface TxnMeta {
  id: string;
  producerId: number;
  epoch: number;
  timeoutMs: number;
  state: TxnState;
  /** `topic\0partition` of the ongoing transaction. */
  partitions: Set<string>;
  groups: Set<string>;
  startedAt: number;
  /** group -> `topic\0partition` -> offset committed by the transaction. */
  pending: Map<string, Map<string, CommitEntry>>;
}

type Line =
  | { i: string; p: number; e: number; t: number; s: TxnState; tp: string[]; g: string[]; at: number }
  | { i: string; o: string; c: CommitRow[] };

export class TxnJournal {
  private journal: JsonlJournal<Line>;
  private loaded = new Map<string, TxnMeta>();

  constructor(path: string, fsyncEveryWrite: boolean) {
    this.journal = new JsonlJournal<Line>(path, fsyncEveryWrite, (line) => this.apply(line));
  }

  private apply(line: Line): void {
    if ('o' in line) {
      const t = this.loaded.get(line.i);
      if (!t) return;
      const byKey = t.pending.get(line.o) ?? new Map<string, CommitEntry>();
      for (const row of line.c) {
        const e = commitEntry(row);
        byKey.set(`${e.topic}\u0000${e.partition}`, e);
      }
      t.pending.set(line.o, byKey);
      return;
    }
    const prev = this.loaded.get(line.i);
    // pending offsets belong to the transaction until it completes
    const keepPending = prev && (line.s === 'Ongoing' || line.s.startsWith('Prepare'));
    this.loaded.set(line.i, {
      id: line.i,
      producerId: line.p,
      epoch: line.e,
      timeoutMs: line.t,
      state: line.s,
      partitions: new Set(line.tp),
      groups: new Set(line.g),
      startedAt: line.at,
      pending: keepPending ? prev.pending : new Map(),
    });
  }

  /** The state replayed from disk (once, at start). */
  load(): TxnMeta[] {
    const out = [...this.loaded.values()];
    this.loaded.clear();
    return out;
  }

  private stateLine(t: TxnMeta): Line {
    return {
      i: t.id,
      p: t.producerId,
      e: t.epoch,
      t: t.timeoutMs,
      s: t.state,
      tp: [...t.partitions],
      g: [...t.groups],
      at: t.startedAt,
    };
  }

  private static offsetRows(entries: Iterable<CommitEntry>): CommitRow[] {
    return [...entries].map(commitRow);
  }

  write(t: TxnMeta): void {
    this.journal.append(this.stateLine(t));
  }

  writeOffsets(id: string, group: string, entries: CommitEntry[]): void {
    this.journal.append({ i: id, o: group, c: TxnJournal.offsetRows(entries) });
  }

  maybeCompact(all: Iterable<TxnMeta>): void {
    const txns = [...all];
    if (this.journal.lines < 10_000 || this.journal.lines < txns.length * 4) return;
    const lines: Line[] = [];
    for (const t of txns) {
      lines.push(this.stateLine(t));
      for (const [group, entries] of t.pending)
        lines.push({ i: t.id, o: group, c: TxnJournal.offsetRows(entries.values()) });
    }
    this.journal.rewrite(lines);
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
