// Positional read/write helpers over raw fds (sync: appends are page-cache copies, and keeping
// them synchronous makes offset assignment and ordering trivially atomic per partition).
import { readSync, writeSync } from 'node:fs';

export function readAt(
  fd: number,
  pos: number,
  len: number,
  alloc: (n: number) => Buffer = Buffer.allocUnsafe,
): Buffer {
  const buf = alloc(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return got === len ? buf : buf.subarray(0, got);
}

export function writeAt(fd: number, buf: Buffer, pos: number): void {
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done, pos + done);
}
