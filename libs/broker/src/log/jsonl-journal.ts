// An append-only JSON-lines journal: replayed on open (a torn last line from a crash is skipped),
// each line written (and fsynced per policy) before the caller acknowledges, rewritten atomically
// when its owner compacts it. Used for committed offsets and transaction state.
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
import { fsyncPath } from './fd-cache';

export class JsonlJournal<L> {
  private fd: number;
  private dirty = false;
  /** Lines in the file (the owner compacts when most are garbage). */
  lines = 0;

  constructor(
    private readonly path: string,
    private readonly fsyncEveryWrite: boolean,
    replay: (line: L) => void,
  ) {
    if (existsSync(path))
      for (const raw of readFileSync(path, 'utf8').split('\n')) {
        if (!raw) continue;
        let line: L;
        try {
          line = JSON.parse(raw) as L;
        } catch {
          continue; // a torn final line from a crash mid-write
        }
        replay(line);
        this.lines++;
      }
    this.fd = openSync(path, 'a');
  }

  append(line: L): void {
    writeSync(this.fd, JSON.stringify(line) + '\n');
    if (this.fsyncEveryWrite) fsyncSync(this.fd);
    else this.dirty = true;
    this.lines++;
  }

  /** Replaces the whole file with these lines (write, fsync, rename). */
  rewrite(lines: L[]): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, lines.map((l) => JSON.stringify(l) + '\n').join(''));
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.lines = lines.length;
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
