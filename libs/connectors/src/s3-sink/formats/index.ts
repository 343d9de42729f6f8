// The encoder of a new file, by output format and codec.
import type { JsonConverter } from '@libs/connect-converters';
import { DataException, type Schema } from '@libs/connect-spi';
import type { Codec, OutputFormat } from '../s3-sink-config';
import { AvroEncoder } from './avro-encoder';
import { BytesEncoder } from './bytes-encoder';
import type { FileEncoder } from './file-encoder';
import { JsonEncoder } from './json-encoder';
import { ParquetEncoder } from './parquet-encoder';

export type { FileEncoder } from './file-encoder';
export { jsonConverter } from './json-encoder';

export interface EncoderSettings {
  format: OutputFormat;
  codec: Codec;
  gzipLevel: number;
  json: JsonConverter;
}

/** A new file's encoder for records of `schema`; `seed` (the object key) makes its bytes deterministic. */
export function newEncoder(s: EncoderSettings, schema: Schema | null, seed: string): FileEncoder {
  switch (s.format) {
    case 'JSON':
      return new JsonEncoder(s.json, s.codec === 'gzip' ? s.gzipLevel : null);
    case 'BYTES':
      return new BytesEncoder(s.codec === 'gzip' ? s.gzipLevel : null);
    case 'AVRO':
      if (!schema) throw new DataException('AVRO output needs records with a value schema');
      return new AvroEncoder(schema, s.codec === 'none' ? 'null' : (s.codec as 'deflate' | 'snappy'), seed);
    case 'PARQUET':
      if (!schema) throw new DataException('PARQUET output needs records with a value schema');
      return new ParquetEncoder(schema, s.codec as 'none' | 'gzip' | 'snappy', s.json);
  }
}
