// Reading back what the S3 sink wrote, with the readers a consumer of the bucket would use:
// JSON lines (gunzipped for .gz), Avro container files with avsc (null, deflate and snappy codecs),
// Parquet with hyparquet.
import { Readable } from 'node:stream';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import * as avro from 'avsc';
import { parquetReadObjects, snappyUncompress } from 'hyparquet';

export function jsonLines(body: Buffer, key: string): unknown[] {
  const text = (key.endsWith('.gz') ? gunzipSync(body) : body).toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
}

function snappyDecode(buf: Buffer, cb: (err: Error | null, out?: Buffer) => void): void {
  const data = buf.subarray(0, buf.length - 4); // the CRC-32 trails the block
  let len = 0;
  for (let i = 0, shift = 0; ; i++, shift += 7) {
    len |= (data[i] & 0x7f) << shift;
    if (!(data[i] & 0x80)) break;
  }
  const out = new Uint8Array(len);
  snappyUncompress(data, out);
  cb(null, Buffer.from(out));
}

/** The records and the writer schema of an Avro object container file. */
export async function avroRecords(body: Buffer): Promise<{ schema: unknown; codec: string; records: unknown[] }> {
  const decoder = new avro.streams.BlockDecoder({
    codecs: {
      null: (b: Buffer, cb: (e: Error | null, o?: Buffer) => void) => cb(null, b),
      deflate: (b: Buffer, cb: (e: Error | null, o?: Buffer) => void) => cb(null, inflateRawSync(b)),
      snappy: snappyDecode,
    },
  } as ConstructorParameters<typeof avro.streams.BlockDecoder>[0]);
  let schema: unknown = null;
  let codec = '';
  decoder.on('metadata', (type: avro.Type, c: string) => {
    schema = type.schema();
    codec = c;
  });
  const records: unknown[] = [];
  await new Promise<void>((resolve, reject) => {
    decoder.on('data', (r: unknown) => records.push(r));
    decoder.on('end', resolve);
    decoder.on('error', reject);
    Readable.from([body]).pipe(decoder);
  });
  return { schema, codec, records };
}

export async function parquetRows(body: Buffer): Promise<Record<string, unknown>[]> {
  const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file })) as Record<string, unknown>[];
}
