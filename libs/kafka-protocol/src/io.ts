// Byte-level reader/writer for the Kafka wire format (big-endian ints, varints).

export class ProtocolError extends Error {}

export class Reader {
  offset: number;
  constructor(
    readonly buf: Buffer,
    offset = 0,
    readonly end = buf.length,
  ) {
    this.offset = offset;
  }

  remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    const at = this.offset;
    if (n < 0 || at + n > this.end)
      throw new ProtocolError(`truncated: need ${n} bytes at ${at}, have ${this.end - at}`);
    this.offset = at + n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1));
  }
  uint8(): number {
    return this.buf[this.need(1)];
  }
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  uint16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }
  // int64 as a JS number: offsets, timestamps and producer ids stay far below 2^53.
  int64(): number {
    const at = this.need(8);
    return this.buf.readInt32BE(at) * 4294967296 + this.buf.readUInt32BE(at + 4);
  }
  float64(): number {
    return this.buf.readDoubleBE(this.need(8));
  }
  bytes(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.uint8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 49) throw new ProtocolError('varint too long');
    }
  }
  // Zig-zag signed varint (record fields).
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
}

const SCRATCH = 64 * 1024;
const BIG = 4096;

// Accumulates output; large buffers are kept by reference so fetched log data is not copied.
export class Writer {
  private chunks: Buffer[] = [];
  private cur: Buffer = Buffer.allocUnsafe(SCRATCH);
  private pos = 0;
  private start = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.cur.length) return;
    this.flushCur();
    this.cur = Buffer.allocUnsafe(Math.max(SCRATCH, n));
    this.pos = 0;
    this.start = 0;
  }
  private flushCur(): void {
    if (this.pos > this.start) this.chunks.push(this.cur.subarray(this.start, this.pos));
    this.start = this.pos;
  }

  int8(v: number): void {
    this.ensure(1);
    this.cur.writeInt8(v, this.pos);
    this.pos += 1;
    this.total += 1;
  }
  uint8(v: number): void {
    this.ensure(1);
    this.cur[this.pos++] = v;
    this.total += 1;
  }
  int16(v: number): void {
    this.ensure(2);
    this.cur.writeInt16BE(v, this.pos);
    this.pos += 2;
    this.total += 2;
  }
  uint16(v: number): void {
    this.ensure(2);
    this.cur.writeUInt16BE(v, this.pos);
    this.pos += 2;
    this.total += 2;
  }
  int32(v: number): void {
    this.ensure(4);
    this.cur.writeInt32BE(v, this.pos);
    this.pos += 4;
    this.total += 4;
  }
  uint32(v: number): void {
    this.ensure(4);
    this.cur.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    this.total += 4;
  }
  int64(v: number): void {
    this.ensure(8);
    const hi = Math.floor(v / 4294967296);
    this.cur.writeInt32BE(hi, this.pos);
    this.cur.writeUInt32BE(v - hi * 4294967296, this.pos + 4);
    this.pos += 8;
    this.total += 8;
  }
  float64(v: number): void {
    this.ensure(8);
    this.cur.writeDoubleBE(v, this.pos);
    this.pos += 8;
    this.total += 8;
  }
  uvarint(v: number): void {
    this.ensure(10);
    const before = this.pos;
    while (v >= 0x80) {
      this.cur[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.cur[this.pos++] = v;
    this.total += this.pos - before;
  }
  varint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
  raw(b: Buffer): void {
    if (b.length >= BIG) {
      this.flushCur();
      this.chunks.push(b);
      this.total += b.length;
      return;
    }
    this.ensure(b.length);
    b.copy(this.cur, this.pos);
    this.pos += b.length;
    this.total += b.length;
  }

  // All chunks, in order. The writer must not be used afterwards.
  toChunks(): Buffer[] {
    this.flushCur();
    return this.chunks;
  }
  toBuffer(): Buffer {
    const c = this.toChunks();
    return c.length === 1 ? c[0] : Buffer.concat(c);
  }
}
