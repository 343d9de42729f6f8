// Splits a TCP byte stream into size-prefixed frames without re-copying on every chunk.
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private maxFrame: number) {}

  setMaxFrame(n: number): void {
    this.maxFrame = n;
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  private peekSize(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    const head = Buffer.concat(this.chunks, Math.min(4, this.buffered));
    return head.readInt32BE(0);
  }

  // Next complete frame (without its size prefix), null if incomplete; throws on a bad size.
  next(): Buffer | null {
    if (this.buffered < 4) return null;
    const size = this.peekSize();
    if (size < 0 || size > this.maxFrame) throw new Error(`invalid frame size ${size}`);
    if (this.buffered < size + 4) return null;
    let whole: Buffer;
    if (this.chunks[0].length >= size + 4) whole = this.chunks[0];
    else {
      whole = Buffer.concat(this.chunks, this.buffered);
      this.chunks = [whole];
    }
    const frame = whole.subarray(4, size + 4);
    const rest = whole.subarray(size + 4);
    this.buffered -= size + 4;
    if (rest.length > 0) this.chunks[0] = rest;
    else this.chunks.shift();
    return frame;
  }
}
