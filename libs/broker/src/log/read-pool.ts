// Recycles the large buffers that Fetch reads log data into. Without it every fetch allocates
// fresh external memory that V8 collects lazily, so a fast consumer inflates RSS by gigabytes.
// Buffers go back to the pool once the socket has flushed them (Connection.send).
const MIN_CLASS = 64 * 1024;
const MAX_CLASS = 16 * 1024 * 1024;

function sizeClass(n: number): number {
  let c = MIN_CLASS;
  while (c < n) c *= 2;
  return c;
}

export class ReadPool {
  private free = new Map<number, ArrayBuffer[]>();
  private lent = new WeakSet<ArrayBuffer>();
  private pooledBytes = 0;

  constructor(private readonly maxPooledBytes: number) {}

  take(len: number): Buffer {
    if (len > MAX_CLASS) return Buffer.allocUnsafe(len);
    const cls = sizeClass(len);
    const list = this.free.get(cls);
    let ab = list?.pop();
    if (ab) this.pooledBytes -= cls;
    else ab = new ArrayBuffer(cls);
    this.lent.add(ab);
    return Buffer.from(ab, 0, len);
  }

  release(b: Buffer): void {
    const ab = b.buffer as ArrayBuffer;
    if (!this.lent.has(ab)) return;
    this.lent.delete(ab);
    const cls = ab.byteLength;
    if (this.pooledBytes + cls > this.maxPooledBytes) return;
    let list = this.free.get(cls);
    if (!list) this.free.set(cls, (list = []));
    list.push(ab);
    this.pooledBytes += cls;
  }
}

export const readPool = new ReadPool(256 * 1024 * 1024);
