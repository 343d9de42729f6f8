// Committed consumer-group offsets of one tenant: an append-only JSON-lines journal, replayed on
// start and rewritten when mostly garbage. Each commit is written before it is acknowledged.
import { JsonlJournal } from '../log/jsonl-journal';

export interface Committed {
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestamp: number;
}

export interface CommitEntry extends Committed {
  topic: string;
  partition: number;
}

/** A commit as journal lines store it (offsets here, pending transactional offsets in transactions/). */
export type CommitRow = [string, number, number, number, string | null, number];

export const commitRow = (e: CommitEntry): CommitRow => [
  e.topic,
  e.partition,
  e.offset,
  e.leaderEpoch,
  e.metadata,
  e.commitTimestamp,
];

export const commitEntry = ([
  topic,
  partition,
  offset,
  leaderEpoch,
  metadata,
  commitTimestamp,
]: CommitRow): CommitEntry => ({
  topic,
  partition,
  offset,
  leaderEpoch,
  metadata,
  commitTimestamp,
});

type Line = { g: string; c?: CommitRow[]; d?: 1; t?: string };

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Told after each durable change (the tenant's __consumer_offsets view listens). */
export interface OffsetCommitObserver {
  committed(group: string, entries: readonly CommitEntry[]): void;
  removed(group: string, keys: readonly { topic: string; partition: number }[]): void;
}

export class OffsetStore {
  private groups = new Map<string, Map<string, Committed>>();
  observer: OffsetCommitObserver | undefined;
  private journal: JsonlJournal<Line>;

  constructor(path: string, fsyncEveryWrite: boolean) {
    this.journal = new JsonlJournal<Line>(path, fsyncEveryWrite, (line) => this.apply(line));
  }

  private apply(line: Line): void {
    if (line.d) {
      if (line.t !== undefined) {
        const m = this.groups.get(line.g);
        if (m) for (const k of [...m.keys()]) if (k.startsWith(line.t + '\u0000')) m.delete(k);
      } else this.groups.delete(line.g);
      return;
    }
    let m = this.groups.get(line.g);
    if (!m) this.groups.set(line.g, (m = new Map()));
    for (const row of line.c ?? []) {
      const { topic, partition, ...committed } = commitEntry(row);
      m.set(key(topic, partition), committed);
    }
  }

  private write(line: Line): void {
    this.journal.append(line);
    this.apply(line);
    this.maybeCompact();
  }

  commit(group: string, entries: CommitEntry[]): void {
    if (entries.length === 0) return;
    this.write({
      g: group,
      c: entries.map(commitRow),
    });
    this.observer?.committed(group, entries);
  }

  get(group: string, topic: string, partition: number): Committed | undefined {
    return this.groups.get(group)?.get(key(topic, partition));
  }

  all(group: string): CommitEntry[] {
    const m = this.groups.get(group);
    if (!m) return [];
    return [...m.entries()].map(([k, c]) => {
      const [topic, p] = k.split('\u0000');
      return { topic, partition: Number(p), ...c };
    });
  }

  hasGroup(group: string): boolean {
    return (this.groups.get(group)?.size ?? 0) > 0;
  }

  groupIds(): string[] {
    return [...this.groups.keys()].filter((g) => this.hasGroup(g));
  }

  deleteGroup(group: string): void {
    if (!this.groups.has(group)) return;
    const removed = this.all(group);
    this.write({ g: group, d: 1 });
    this.observer?.removed(group, removed);
  }

  deleteTopic(topic: string): void {
    for (const g of this.groups.keys()) {
      const removed = this.all(g).filter((e) => e.topic === topic);
      this.write({ g, d: 1, t: topic });
      this.observer?.removed(g, removed);
    }
  }

  private maybeCompact(): void {
    let live = 0;
    for (const m of this.groups.values()) live += m.size > 0 ? 1 : 0;
    if (this.journal.lines < 10_000 || this.journal.lines < live * 4) return;
    const out: Line[] = [];
    for (const g of this.groups.keys()) {
      const entries = this.all(g);
      if (entries.length)
        out.push({
          g,
          c: entries.map(commitRow),
        });
    }
    this.journal.rewrite(out);
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
