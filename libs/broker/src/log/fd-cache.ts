// Bounded LRU of open file descriptors, so thousands of partitions cannot exhaust the fd limit.
import { closeSync, fsyncSync, openSync } from 'node:fs';

export class FdCache {
  private fds = new Map<string, number>();
  private dirty = new Set<string>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.fds.size;
  }

  get(path: string): number {
    const fd = this.fds.get(path);
    if (fd !== undefined) {
      // Re-insert to mark as most recently used.
      this.fds.delete(path);
      this.fds.set(path, fd);
      return fd;
    }
    const opened = openSync(path, 'r+');
    this.fds.set(path, opened);
    while (this.fds.size > this.max) {
      const [oldest] = this.fds.keys();
      this.close(oldest);
    }
    return opened;
  }

  markDirty(path: string): void {
    this.dirty.add(path);
  }

  // fsync every file written since the last flush.
  flushAll(): void {
    for (const path of this.dirty) {
      const fd = this.fds.get(path);
      if (fd !== undefined) fsyncSync(fd);
    }
    this.dirty.clear();
  }

  flush(path: string): void {
    const fd = this.fds.get(path);
    if (fd !== undefined) fsyncSync(fd);
    this.dirty.delete(path);
  }

  close(path: string): void {
    const fd = this.fds.get(path);
    if (fd === undefined) return;
    // Closing does not lose page-cache data, but an unflushed file would escape the interval fsync.
    if (this.dirty.has(path)) {
      fsyncSync(fd);
      this.dirty.delete(path);
    }
    closeSync(fd);
    this.fds.delete(path);
  }

  closeUnder(prefix: string): void {
    for (const path of [...this.fds.keys()]) if (path.startsWith(prefix)) this.close(path);
  }

  closeAll(): void {
    for (const path of [...this.fds.keys()]) this.close(path);
  }
}
