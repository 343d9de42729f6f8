// Registers the snappy, lz4 and zstd codecs with kafkajs (gzip is built in), so producers can
// compress with any of the four and consumers read batches in every codec.
import { CompressionCodecs, CompressionTypes } from 'kafkajs';

export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export const COMPRESSION: Record<CompressionName, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

export function parseCompression(value: unknown): CompressionTypes {
  const name = String(value ?? 'none')
    .trim()
    .toLowerCase() as CompressionName;
  if (!(name in COMPRESSION))
    throw new Error(`unknown compression type "${String(value)}" (none, gzip, snappy, lz4, zstd)`);
  return COMPRESSION[name];
}

let registered = false;

export function registerCompressionCodecs(): void {
  if (registered) return;
  registered = true;
  /* eslint-disable @typescript-eslint/no-require-imports -- untyped CommonJS codecs */
  const snappy = require('kafkajs-snappy') as () => {
    compress(e: { buffer: Buffer }): Promise<Buffer>;
    decompress(b: Buffer): Promise<Buffer>;
  };
  const lz4 = require('lz4js') as {
    compress(b: Uint8Array): number[] | Uint8Array;
    decompress(b: Uint8Array): number[] | Uint8Array;
  };
  const zstd = require('@bokuweb/zstd-wasm') as {
    init(): Promise<void>;
    compress(b: Uint8Array, level?: number): Uint8Array;
    decompress(b: Uint8Array): Uint8Array;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  let zstdReady: Promise<void> | null = null;
  const zstdInit = () => (zstdReady ??= zstd.init());
  const codecs = CompressionCodecs as unknown as Record<number, () => unknown>;
  codecs[CompressionTypes.Snappy] = snappy;
  codecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: { buffer: Buffer }) => Buffer.from(lz4.compress(encoder.buffer)),
    decompress: async (buffer: Buffer) => Buffer.from(lz4.decompress(buffer)),
  });
  codecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: { buffer: Buffer }) => {
      await zstdInit();
      return Buffer.from(zstd.compress(encoder.buffer, 3));
    },
    decompress: async (buffer: Buffer) => {
      await zstdInit();
      return Buffer.from(zstd.decompress(buffer));
    },
  });
}
