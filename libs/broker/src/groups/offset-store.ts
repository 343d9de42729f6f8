// Committed consumer-group offsets of one tenant: an append-only JSON-lines journal, replayed on
// start and rewritten when mostly garbage. Each commit is written before it is acknowledged.
import { fsyncPath } from '../log/fd-cache';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';

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

type Line = { g: string; c?: [string, number, number, number, string | null, number][]; d?: 1; t?: string };

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class OffsetStore {
  private groups = new Map<string, Map<string, Committed>>();
  private fd: number;
  private lines = 0;
  private dirty = false;

  constructor(
    private readonly path: string,
    private readonly fsyncEveryWrite: boolean,
  ) {
    if (existsSync(path)) this.replay(readFileSync(path, 'utf8'));
    this.fd = openSync(path, 'a');
  }

  private replay(text: string): void {
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a torn final line from a crash mid-write
      }
      this.apply(line);
      this.lines++;
    }
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
    for (const [t, p, offset, leaderEpoch, metadata, ts] of line.c ?? [])
      m.set(key(t, p), { offset, leaderEpoch, metadata, commitTimestamp: ts });
  }

  private write(line: Line): void {
    writeSync(this.fd, JSON.stringify(line) + '\n');
    if (this.fsyncEveryWrite) fsyncSync(this.fd);
    else this.dirty = true;
    this.lines++;
    this.apply(line);
    this.maybeCompact();
  }

  commit(group: string, entries: CommitEntry[]): void {
    if (entries.length === 0) return;
    this.write({
      g: group,
      c: entries.map((e) => [e.topic, e.partition, e.offset, e.leaderEpoch, e.metadata, e.commitTimestamp]),
    });
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
    if (this.groups.has(group)) this.write({ g: group, d: 1 });
  }

  deleteTopic(topic: string): void {
    for (const g of this.groups.keys()) this.write({ g, d: 1, t: topic });
  }

  private maybeCompact(): void {
    let live = 0;
    for (const m of this.groups.values()) live += m.size > 0 ? 1 : 0;
    if (this.lines < 10_000 || this.lines < live * 4) return;
    const out: string[] = [];
    for (const g of this.groups.keys()) {
      const entries = this.all(g);
      if (entries.length)
        out.push(
          JSON.stringify({
            g,
            c: entries.map((e) => [e.topic, e.partition, e.offset, e.leaderEpoch, e.metadata, e.commitTimestamp]),
          }),
        );
    }
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, out.join('\n') + (out.length ? '\n' : ''));
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.lines = out.length;
  }

  flush(): void {
    fsyncSync(this.fd);
  }

  async flushAsync(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await fsyncPath(this.path);
  }

  close(): void {
    closeSync(this.fd);
  }
}
