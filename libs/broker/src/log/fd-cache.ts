// Bounded LRU of open file descriptors, so thousands of partitions cannot exhaust the fd limit.
import { closeSync, constants, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

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
    // O_CREAT: new partitions create their segment files on first use. No O_APPEND: writes are
    // positional.
    const opened = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
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

  // fsync every file written since the last flush. fsync acts on the inode, so files evicted
  // from the cache meanwhile are reopened briefly rather than synced on every eviction.
  flushAll(): void {
    for (const path of this.dirty) {
      const fd = this.fds.get(path);
      if (fd !== undefined) fsyncSync(fd);
      else {
        try {
          const tmp = openSync(path, 'r');
          fsyncSync(tmp);
          closeSync(tmp);
        } catch {
          // deleted since (retention, topic deletion): nothing to flush
        }
      }
    }
    this.dirty.clear();
  }

  // Same as flushAll but off the event loop (libuv thread pool): the periodic flush must not stall
  // request handling. Each file is synced through its own short-lived descriptor, so cache
  // evictions meanwhile cannot close a descriptor under a pending fsync.
  async flushAllAsync(): Promise<void> {
    const paths = [...this.dirty];
    this.dirty.clear();
    for (const path of paths) await fsyncPath(path);
  }

  flush(path: string): void {
    const fd = this.fds.get(path);
    if (fd !== undefined) fsyncSync(fd);
    this.dirty.delete(path);
  }

  // Closing keeps written data in the page cache; a dirty path stays queued for the next flushAll.
  close(path: string): void {
    const fd = this.fds.get(path);
    if (fd === undefined) return;
    closeSync(fd);
    this.fds.delete(path);
  }

  forget(path: string): void {
    this.close(path);
    this.dirty.delete(path);
  }

  closeUnder(prefix: string): void {
    for (const path of [...this.fds.keys()]) if (path.startsWith(prefix)) this.close(path);
  }

  closeAll(): void {
    for (const path of [...this.fds.keys()]) this.close(path);
  }
}

export async function fsyncPath(path: string): Promise<void> {
  let h;
  try {
    h = await open(path, 'r');
    await h.sync();
  } catch {
    // deleted since (retention, topic or tenant deletion): nothing to flush
  } finally {
    await h?.close();
  }
}
