// One output file being built: records are added as they arrive (encoded at once where the format
// allows, so a file costs about its encoded size) and finish() gives the object's bytes. The bytes
// depend only on the records added, never on time or randomness, so a rewrite after a restart
// produces the same object.
import { gzipSync } from 'node:zlib';
import type { SinkRecord } from '@libs/connect-spi';

export interface FileEncoder {
  /** Adds a record's value (throws DataException when the format cannot take it). */
  add(record: SinkRecord): void;
  /** The bytes held for this file so far (an estimate for Avro and Parquet). */
  bytes(): number;
  finish(): Promise<Buffer>;
}

/** gzip at the configured level (-1: zlib's default). */
export function gzip(data: Uint8Array, level: number): Buffer {
  return gzipSync(data, level >= 0 ? { level } : {});
}
