// Object names as Confluent's S3 sink writes them:
//   [<topics.dir>/]<topic>/<encoded partition>/<topic>+<kafka partition>+<start offset><ext>
// with the start offset zero-padded to 10 digits (filename.offset.zero.pad.width) and the
// extension of the format and codec (.json[.gz], .bin[.gz], .avro, .snappy.parquet, .gz.parquet, .parquet).
import type { Codec, OutputFormat } from './s3-sink-config';

export const OFFSET_PAD_WIDTH = 10;

export function fileExtension(format: OutputFormat, codec: Codec): string {
  switch (format) {
    case 'JSON':
      return codec === 'gzip' ? '.json.gz' : '.json';
    case 'BYTES':
      return codec === 'gzip' ? '.bin.gz' : '.bin';
    case 'AVRO':
      return '.avro';
    case 'PARQUET':
      return codec === 'snappy' ? '.snappy.parquet' : codec === 'gzip' ? '.gz.parquet' : '.parquet';
  }
}

export interface FileName {
  topicsDir: string;
  topic: string;
  encodedPartition: string;
  kafkaPartition: number;
  startOffset: number;
  extension: string;
}

export function objectKey(f: FileName): string {
  const name = `${f.topic}+${f.kafkaPartition}+${String(f.startOffset).padStart(OFFSET_PAD_WIDTH, '0')}${f.extension}`;
  return [f.topicsDir, f.topic, f.encodedPartition, name].filter((s) => s !== '').join('/');
}

/** The start offset in a key this sink wrote (null when the name is not one of ours). */
export function startOffsetOf(key: string): number | null {
  const m = /\+(\d+)\+(\d+)\.[^/]*$/.exec(key);
  return m ? Number(m[2]) : null;
}
