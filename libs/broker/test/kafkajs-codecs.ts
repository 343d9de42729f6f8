// Registers Snappy, LZ4 and ZSTD codecs with kafkajs (it only ships GZIP) using pure-JS packages.
import { CompressionCodecs, CompressionTypes } from 'kafkajs';

/* eslint-disable @typescript-eslint/no-require-imports */
const SnappyCodec = require('kafkajs-snappy');
const lz4 = require('lz4js');
const { ZstdCodec } = require('zstd-codec');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Encoder {
  buffer: Buffer;
}

let registered = false;

export async function registerCodecs(): Promise<void> {
  if (registered) return;
  const zstd = await new Promise<{ compress(b: Uint8Array): Uint8Array; decompress(b: Uint8Array): Uint8Array }>(
    (resolve) => ZstdCodec.run((z: { Simple: new () => never }) => resolve(new z.Simple())),
  );
  CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (e: Encoder) => Buffer.from(lz4.compress(e.buffer)),
    decompress: async (b: Buffer) => Buffer.from(lz4.decompress(b)),
  });
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: async (e: Encoder) => Buffer.from(zstd.compress(e.buffer)),
    decompress: async (b: Buffer) => Buffer.from(zstd.decompress(b)),
  });
  registered = true;
}
