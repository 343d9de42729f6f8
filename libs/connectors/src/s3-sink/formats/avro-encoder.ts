// AVRO output (Confluent's AvroFormat): an Avro object container file (avsc's BlockEncoder) with the
// value schema mapped as Confluent's AvroData does, codec null, deflate or snappy (raw snappy and
// the big-endian CRC-32 of the uncompressed block, as the Avro spec says). The sync marker is
// derived from the object key, so a rewritten file has the same bytes.
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import * as avro from 'avsc';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { avscTypeOf, connectToAvroCached } from '@libs/connect-converters';
import { DataException, type Schema, type SinkRecord } from '@libs/connect-spi';
import type { FileEncoder } from './file-encoder';

type Codec = (buf: Buffer, cb: (err: Error | null, out?: Buffer) => void) => void;

const CODECS: Record<string, Codec> = {
  null: (buf, cb) => cb(null, buf),
  deflate: (buf, cb) => cb(null, deflateRawSync(buf)),
  snappy: (buf, cb) => {
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(buf) >>> 0);
    cb(null, Buffer.concat([Buffer.from(snappyCompress(buf)), crc]));
  },
};

const BLOCK_SIZE = 64 * 1024;
const types = new WeakMap<Schema, avro.Type>();

export class AvroEncoder implements FileEncoder {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly encoder: avro.streams.BlockEncoder;
  private readonly fromConnect: (v: unknown) => unknown;
  private readonly type: avro.Type;
  private readonly ended: Promise<void>;

  constructor(
    private readonly schema: Schema,
    codec: 'null' | 'deflate' | 'snappy',
    seed: string,
  ) {
    const compiled = connectToAvroCached(schema);
    let type = types.get(schema);
    if (!type) types.set(schema, (type = avscTypeOf(compiled.avro)));
    this.type = type;
    this.fromConnect = compiled.fromConnect;
    this.encoder = new avro.streams.BlockEncoder(type, {
      codec,
      codecs: CODECS,
      blockSize: BLOCK_SIZE,
      syncMarker: createHash('md5').update(seed).digest(),
    } as ConstructorParameters<typeof avro.streams.BlockEncoder>[1]);
    this.encoder.on('data', (c: Buffer) => {
      this.chunks.push(c);
      this.size += c.length;
    });
    this.ended = new Promise((resolve, reject) => {
      this.encoder.once('end', resolve);
      this.encoder.once('error', reject);
    });
    // a file dropped before finish() (a rebalance, a failed task) must not leave an unhandled rejection
    this.ended.catch(() => undefined);
  }

  add(r: SinkRecord): void {
    const v = this.fromConnect(r.value);
    if (!this.type.isValid(v)) throw new DataException('Value does not match its Avro schema');
    this.encoder.write(v);
  }

  /** Blocks written so far plus at most one pending block (avsc cuts blocks at BLOCK_SIZE). */
  bytes(): number {
    return this.size + BLOCK_SIZE;
  }

  async finish(): Promise<Buffer> {
    this.encoder.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
