// BYTES output (Confluent's ByteArrayFormat): each raw value followed by the line separator,
// optionally gzipped. Values must be bytes (input.data.format BYTES) or strings.
import { DataException, type SinkRecord } from '@libs/connect-spi';
import { gzip, type FileEncoder } from './file-encoder';

const SEPARATOR = Buffer.from('\n');

export class BytesEncoder implements FileEncoder {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly gzipLevel: number | null) {}

  add(r: SinkRecord): void {
    const v = r.value;
    let b: Buffer;
    if (v instanceof Uint8Array) b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    else if (typeof v === 'string') b = Buffer.from(v, 'utf8');
    else throw new DataException('BYTES output needs byte array (or string) values');
    this.chunks.push(b, SEPARATOR);
    this.size += b.length + 1;
  }

  bytes(): number {
    return this.size;
  }

  async finish(): Promise<Buffer> {
    const all = Buffer.concat(this.chunks);
    return this.gzipLevel === null ? all : gzip(all, this.gzipLevel);
  }
}
